/**
 * Python floats with an integral value (`2.0`, `1e16`, `-0.0`) in `op.bulk_insert` rows (seed
 * rates, weights, prices). The interpreter tells them from ints, but a row's values were plain
 * literals, which cannot: every such row was refused ("a float with an integral value"), so the
 * migration had no offline SQL and no online run. Each column type prints them as its literal
 * processor does: Float and Numeric `2.0` (repr), the integer types `2` (int()), Boolean `true` for
 * 1.0; a String, an untyped column or Boolean 2.0 fail in Alembic and are refused. Found by the
 * operation fuzzer's refusals (test/fuzz/operations.mjs). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['from alembic import op', 'import sqlalchemy as sa', 'from sqlalchemy.dialects import postgresql'],
    upgrade: [
      'rates = sa.table("rates", sa.column("whole", sa.Integer), sa.column("big", sa.BigInteger), sa.column("ratio", sa.Float), sa.column("price", sa.Numeric(10, 2)), sa.column("plain", sa.Numeric(asdecimal=False)), sa.column("wide", postgresql.DOUBLE_PRECISION), sa.column("small", sa.REAL), sa.column("active", sa.Boolean), sa.column("label", sa.String), sa.column("loose"))',
      ...body,
    ],
  });
}

test('integral floats in bulk_insert rows print as each column type prints them', async () => {
  const dir = offlineProject('bulk-insert-integral-floats-', {
    'migrations/versions/a1_floats.py': migration([
      'op.bulk_insert(rates, [{"whole": 2.0, "big": 3.0, "ratio": 2.0, "price": 10.0, "plain": 5.0, "wide": 1e20, "small": -0.0}, {"ratio": 1e16, "price": 0.5, "whole": 7.9}])',
      'op.bulk_insert(rates, [{"active": 1.0}, {"active": 0.0}, {"ratio": float(3)}, {"ratio": 4 / 2}, {"ratio": 2 * 1.0}])',
      // A repeated key keeps its last value, float or int, as a Python dict does.
      'op.bulk_insert(rates, [{"ratio": 2, "ratio": 2.0}, {"ratio": 2.0, "ratio": 3}])',
      'op.bulk_insert(rates, [{"ratio": 6.0, "price": 8.0}], multiinsert=False)',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /INSERT INTO rates \(whole, big, ratio, price, plain, wide, small\) VALUES \(2, 3, 2\.0, 10\.0, 5\.0, 1e\+20, -0\.0\);/);
  assert.match(printed, /INSERT INTO rates \(active\) VALUES \(true\);/);
  assert.match(printed, /INSERT INTO rates \(ratio\) VALUES \(2\.0\);\n\nINSERT INTO rates \(ratio\) VALUES \(3\);/);
  assert.match(printed, /INSERT INTO rates \(ratio, price\) VALUES \(6\.0, 8\.0\);/);
});

test('an integral float where SQLAlchemy has no rendering for it is refused, as Alembic fails', async () => {
  for (const [label, line] of [
    ['String column', 'op.bulk_insert(rates, [{"label": 2.0}])'],
    ['untyped column', 'op.bulk_insert(rates, [{"loose": 2.0}])'],
    ['Boolean column, 2.0', 'op.bulk_insert(rates, [{"active": 2.0}])'],
  ] as const) {
    const dir = offlineProject('bulk-insert-integral-floats-refused-', { 'migrations/versions/a1_floats.py': migration([line]) });
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, label);
    assert.doesNotMatch(lens.stdout, /INSERT INTO rates/, label);
    assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, label);
  }
});
