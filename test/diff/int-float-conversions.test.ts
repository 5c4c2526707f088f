/**
 * Python's `int()` and `float()` in migrations (`int(os.environ.get(...))` aside, migrations
 * convert literals: seed values, batch sizes, ids read from strings). `int()` read strings with
 * JavaScript's Number(): `int("10", 2)` printed 10 (Python: 2, the base was ignored), and
 * `int("2.5")`, `int("")`, `int("1e3")`, `int("0x10")` printed numbers where Python raises
 * ValueError and the migration fails. `float()` was not followed at all (every use refused).
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { failingValueRun } from './printedValues';

requireAlembic();
isolateCache();

const CONVERSIONS = [
  'int()', 'int("10", 2)', 'int(" -7 ")', 'int("+1_000")', 'int(2.9)', 'int(-2.9)', 'int(True)', 'int("0x1f", 16)', 'int("1f", 16)', 'int("0o17", 0)',
  'int("0b101", 0)', 'int("0", 0)', 'int("z", 36)', 'int("0b1", 16)', 'int("\\t42\\n")', 'int("9" * 20)', 'int(7)', 'int(1e15)',
  'float()', 'float(3)', 'float("1_000.5")', 'float(" 2 ")', 'float("1e3")', 'float("-.5E-3")', 'float("5.")', 'float(True)', 'float(2.5)', 'float("-inf")', 'float("Infinity")',
];

function migration(body: string[]): string {
  return baseRevision({ imports: ['from alembic import op', 'import sqlalchemy as sa'], upgrade: body });
}

test('int() and float() of literals give what Python gives', async () => {
  const dir = offlineProject('int-float-conversions-', {
    'migrations/versions/a1_conversions.py': migration([
      // Bound first: an f-string holding double quotes inside needs Python 3.12.
      ...CONVERSIONS.flatMap((call, at) => [`v${at} = ${call}`, `op.execute(f"SELECT {v${at}!r} AS v")`]),
      'rates = sa.table("rates", sa.column("ratio", sa.Float), sa.column("whole", sa.Integer))',
      'op.bulk_insert(rates, [{"ratio": float(n), "whole": int(str(n))} for n in range(3)])',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT 2 AS v;/);
  assert.match(printed, /SELECT 1000\.5 AS v;/);
  assert.match(printed, /SELECT 99999999999999999999 AS v;/);
  assert.match(printed, /INSERT INTO rates \(ratio, whole\) VALUES \(2\.0, 2\);/);
});

test('int() and float() of strings Python rejects fail, as the migration does in Alembic', async () => {
  for (const call of ['int("2.5")', 'int("")', 'int("1e3")', 'int("0x10")', 'int("010", 0)', 'int("1__0")', 'int("12", 1)', 'int(float("nan"))', 'int(float("inf"))', 'float("abc")', 'float("1_")', 'float("0x10")']) {
    const lens = await failingValueRun('int-float-conversions-raise-', call, migration);
    assert.doesNotMatch(lens.stdout, /SELECT .* AS v/, call);
  }
});
