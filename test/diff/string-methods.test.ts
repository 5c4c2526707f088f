/**
 * More str methods, as CPython computes them: `startswith`/`endswith` with a tuple and with
 * start/end (`"abc".startswith("b", 1)` printed False: the start was ignored; Python True),
 * `find`/`rfind`/`index`/`rindex`/`count` with start/end, `zfill`, `ljust`, `rjust`, `center`
 * (CPython puts the odd character left when the width is odd), `partition`, `removeprefix`, and
 * the case methods on ASCII text (`title`, `capitalize`, `swapcase`, `casefold`, the `is...`
 * tests). All but the first were refused. Positions count code points. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun, printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = [
  "\"abc\".startswith(\"b\", 1)",
  "\"abc\".startswith((\"x\", \"a\"))",
  "\"abc\".startswith(\"\", 3)",
  "\"abc\".startswith(\"\", 4)",
  "\"abc\".endswith(\"b\", 0, 2)",
  "\"abc\".endswith((\"c\", \"z\"), -1)",
  "\"abcabc\".find(\"c\")",
  "\"abcabc\".rfind(\"c\")",
  "\"abcabc\".find(\"c\", 3)",
  "\"abcabc\".find(\"c\", -2)",
  "\"abcabc\".find(\"\", 6)",
  "\"abcabc\".find(\"\", 7)",
  "\"abc\".find(\"zz\")",
  "\"abcabc\".index(\"b\", 2)",
  "\"abcabc\".rindex(\"a\")",
  "\"aaaa\".count(\"aa\")",
  "\"abc\".count(\"\")",
  "\"abc\".count(\"\", 1)",
  "\"abcabc\".count(\"c\", 0, 3)",
  "\"7\".zfill(3)",
  "\"-7\".zfill(4)",
  "\"+7\".zfill(1)",
  "\"abc\".ljust(5) + \"|\"",
  "\"abc\".rjust(6, \"*\")",
  "\"abc\".center(8, \"*\")",
  "\"abc\".center(9, \"*\")",
  "\"ab\".center(7)",
  "\"ab\".center(6, \"-\")",
  "\"a=b=c\".partition(\"=\")",
  "\"a=b=c\".rpartition(\"=\")",
  "\"abc\".partition(\"x\")",
  "\"abc\".rpartition(\"x\")",
  "\"test_table\".removeprefix(\"test_\")",
  "\"file.py\".removesuffix(\".py\")",
  "\"hello world\".title()",
  "\"they're 1st\".title()",
  "\"HELLO\".capitalize()",
  "\"hELLo wOrld\".swapcase()",
  "\"MiXed\".casefold()",
  "\"ABC\".isupper()",
  "\"AbC\".isupper()",
  "\"123\".isupper()",
  "\"abc1\".islower()",
  "\"123\".isdigit()",
  "\"12a\".isdigit()",
  "\"\".isdigit()",
  "\"abc\".isalpha()",
  "\"ab1\".isalnum()",
  "\"  \\t\".isspace()",
  "\"\".isspace()",
  "\"x\ud83d\ude00y\".find(\"y\")",
  "\"\ud83d\ude00\ud83d\ude00\".center(4, \"*\")",
  "\"\ud83d\ude00\".ljust(3, \"\u00e9\")",
];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op'], upgrade: body });
}

test('str methods give what Python gives', async () => {
  const dir = offlineProject('string-methods-', {
    'migrations/versions/a1_strings.py': migration(printedValueLines(EXPRESSIONS)),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT True AS v0;/, '"abc".startswith("b", 1)');
  assert.match(printed, /SELECT '\*\*abc\*\*\*' AS v24;/, '"abc".center(8, "*"): the odd character goes right when the width is even');
});

test('str methods where Python raises fail', async () => {
  for (const expression of ['"abc".index("z")', '"abc".center(5, "ab")', '"a".partition("")']) {
    await failingValueRun('string-methods-raise-', expression, migration);
  }
});
