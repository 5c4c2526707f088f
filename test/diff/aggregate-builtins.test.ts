/**
 * Python's min, max, sum, any, all, abs, round and bool over values a migration knows (batch
 * sizes, seed values, flags): each was refused ("calls min()", "uses Python's built-in round"),
 * so a migration using one had no offline SQL and no online run. Followed where the result is
 * exact (round() to an int with ties to even; sum() of ints; min/max of numbers or of strings,
 * the first of equals kept), and failing where Python raises. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun, printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = [
  'round(2.5)', 'round(3.5)', 'round(-2.5)', 'round(-0.4)', 'round(0.5)', 'round(2.675)', 'round(7)', 'round(7, 2)', 'round(4.500000001)',
  'abs(-3)', 'abs(-3.5)', 'abs(-0.0)', 'abs(True)',
  'min(3, 1, 2)', 'max([1, 5, 3])', 'min("b", "a")', 'max(2, 2.0)', 'max(2.0, 2)', 'min([1.5, 1, True])', 'max("abc")', 'min(["b", "ab", "B"])', 'max(range(5))',
  'sum([1, 2, 3])', 'sum([1, 2], 10)', 'sum([True, True])', 'sum([])',
  'bool("")', 'bool("0")', 'bool([])', 'bool()', 'bool(0.0)', 'bool(None)',
  'any([0, 1])', 'all([1, 0])', 'any([])', 'all([])', 'any(["", None])', 'all(["a", 1])',
];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op'], upgrade: body });
}

test('min, max, sum, any, all, abs, round and bool of known values give what Python gives', async () => {
  const dir = offlineProject('aggregate-builtins-', {
    'migrations/versions/a1_builtins.py': migration(printedValueLines(EXPRESSIONS)),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT 2 AS v0;/, 'round(2.5) is 2: ties go to the even neighbour');
  assert.match(printed, /SELECT 2 AS v16;/, 'max(2, 2.0) keeps the first of equals');
  assert.match(printed, /SELECT 2\.0 AS v17;/);
});

test('min, max and round where Python raises fail', async () => {
  for (const expression of ['min([])', 'max("a", 1)', 'round(float("nan"))', 'round(float("inf"))']) {
    const lens = await failingValueRun('aggregate-builtins-raise-', expression, migration);
    assert.doesNotMatch(lens.stdout, /AS v;/, expression);
  }
});
