/**
 * String operations migrations build SQL with, against Python's rules. Three printed other SQL
 * than Alembic with exit 0: `str.replace()` ignored its count (`"aaa".replace("a", "b", 2)` gave
 * `bbb`, Python `bba`), a str was indexed by UTF-16 units (`"x😀y"[1]` gave half a surrogate pair),
 * and `str.format()` left fields nested in a format specification unread (`"{:>{w}}".format("x",
 * w=4)` gave `{:>4}`). A lone `{` or `}` in a format string raises in Python and fails here too.
 * Found by a sweep of Python expressions each printed through op.execute(), compared with the
 * real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun, printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = [
  '"aaa".replace("a", "b", 2)', '"aaa".replace("a", "b", 0)', '"aaa".replace("a", "b", -1)', '"aaa".replace("a", "bb", 5)', '"abc".replace("", "-")', '"abc".replace("", "-", 2)',
  '"x😀y"[1]', '"x😀y"[-1]', '"x😀y"[2]',
  '"a\\x1cb".split()', '"a b ".split(None, 1)', '" a b".rsplit(None, 1)', '"  a  b  c ".split(None, 1)', '"  a  b  c ".rsplit(None, 0)', '"\\ufeffa b".split()', '"a\\x85b\\u3000c".split()', '"   ".split(None, 1)',
  '"{:>{w}}".format("x", w=4)', '"{:{}}".format("x", 5)', '"{:{w}.{p}f}".format(3.14159, w=8, p=2)', '"{0:>{1}}".format("ab", 4)', '"{}{{}}".format(1)', '"{{{}}}".format(7)',
];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op'], upgrade: body });
}

test('str.replace() with a count, str indexing and nested format fields give what Python gives', async () => {
  const dir = offlineProject('string-methods-python-rules-', {
    'migrations/versions/a1_strings.py': migration(printedValueLines(EXPRESSIONS)),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT 'bba' AS v0;/);
  assert.match(printed, /SELECT '😀' AS v6;/);
  assert.match(printed, /SELECT \['a', 'b '\] AS v10;/);
  assert.match(printed, /SELECT '   x' AS v17;/);
  assert.match(printed, /SELECT '    3\.14' AS v19;/);
});

test('a lone brace in a format string fails, as Python raises ValueError', async () => {
  for (const expression of ['"a}b".format()', '"a{b".format(b=1)', '"{0}}".format(1)']) {
    const lens = await failingValueRun('string-methods-python-rules-raise-', expression, migration);
    assert.doesNotMatch(lens.stdout, /AS v;/, expression);
  }
});
