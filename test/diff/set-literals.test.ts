/**
 * Sets in migrations. A set literal of numbers or tuples was kept as a list: duplicates counted
 * (`len({1, 2, 2})` printed 3; Python 2), it iterated in the written order (Python's hash order
 * differs: `{3, 1}` iterates 1, 3) and printed as `[1]`. And an operation on a set returned the
 * set itself: `sorted({"a", "b"} - {"b"})` printed `['a', 'b']` (Python `['a']`). Now a set's
 * members are known without duplicates, and what depends on its order, on printing it or on an
 * operation the engine does not follow is refused. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun, printedValueLines } from './printedValues';

requireAlembic();
isolateCache();

const EXPRESSIONS = ['len({1, 2, 2})', 'len({1, 1.0, True})', 'sorted({30, 10, 20})', '20 in {30, 10, 20}', '4 not in {30, 10, 20}', '(1, "a") in {(1, "a"), (2, "b")}', 'len({(1, "a"), (1, "a")})', 'bool({5, 6, 9})', 'sorted({"x", "y"})', '"x" in {"x", "y"}'];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op'], upgrade: body });
}

test('what a set literal of numbers or tuples gives regardless of its order is what Python gives', async () => {
  const dir = offlineProject('set-literals-', {
    'migrations/versions/a1_sets.py': migration(printedValueLines(EXPRESSIONS)),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT 2 AS v0;/);
  assert.match(printed, /SELECT 1 AS v1;/);
  assert.match(printed, /SELECT \[10, 20, 30\] AS v2;/);
});

test("a set's order, its printed form and operations on sets are refused, never printed differently", async () => {
  for (const expression of ['list({3, 1})', '{1}', '[x for x in {2, 0}]', 'sorted({"a", "b"} - {"b"})', 'sorted({1, 2, 3} - {2})']) {
    const lens = await failingValueRun('set-literals-refused-', expression, migration, false);
    assert.doesNotMatch(lens.stdout, /AS v;/, expression);
  }
});
