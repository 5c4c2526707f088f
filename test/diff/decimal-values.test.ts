/**
 * `decimal.Decimal(...)` values in `op.bulk_insert` rows (seed prices, rates) and given to
 * `op.inline_literal()`: SQLAlchemy's Numeric and Float literal processors print Python's str() of
 * the Decimal, which keeps trailing zeros and switches to exponent notation by the decimal rules
 * (`Decimal("1e-7")` is `1E-7`, `Decimal("0.000001")` stays as written, `Decimal("100E-2")` is
 * `1.00`). Found by held-out sweep GK (every such row was refused as "a value known only at run
 * time"). A Decimal in a String or untyped column fails in Alembic and is refused; one compared in
 * a WHERE clause prints since sweep GM (bound-python-values.test.ts). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['import decimal', 'from decimal import Decimal', '', 'from alembic import op', 'import sqlalchemy as sa'],
    helpers: ['TEXTS = ["1_000.5", "  2.50 ", ".5", "-0", "0.00", "100E-2", "0E+2", "1e-7", "0.000001", "+7", "5.", "1E6", "-12.5e-3", "12345678901234567890123.45"]'],
    upgrade: ['prices = sa.table("prices", sa.column("amount", sa.Numeric(12, 4)), sa.column("rate", sa.Float), sa.column("label", sa.String), sa.column("loose"))', ...body],
  });
}

test('Decimal values in bulk_insert rows and inline_literal print as Alembic prints them', async () => {
  const dir = offlineProject('decimal-values-', {
    'migrations/versions/a1_decimals.py': migration([
      'op.bulk_insert(prices, [{"amount": Decimal(text), "rate": decimal.Decimal(text)} for text in TEXTS])',
      'op.bulk_insert(prices, [{"amount": Decimal(12), "rate": Decimal(-3)}, {"amount": Decimal(), "rate": Decimal(value="3.30")}], multiinsert=False)',
      'op.execute(prices.update().values(label=op.inline_literal(Decimal("42.0"))))',
      'op.execute(prices.update().values(label=op.inline_literal(Decimal(str(Decimal("0.10"))), sa.Float)))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /VALUES \(1000\.5, 1000\.5\);/);
  assert.match(printed, /VALUES \(2\.50, 2\.50\);/);
  assert.match(printed, /VALUES \(1E-7, 1E-7\);/);
  assert.match(printed, /VALUES \(0\.000001, 0\.000001\);/);
  assert.match(printed, /VALUES \(1\.00, 1\.00\);/);
  assert.match(printed, /VALUES \(0E\+2, 0E\+2\);/);
  assert.match(printed, /UPDATE prices SET label=42\.0;/);
});

test('a Decimal where SQLAlchemy has no rendering for it is refused', async () => {
  for (const [label, line, alembicFails] of [
    ['String column', 'op.bulk_insert(prices, [{"label": Decimal("1.5")}])', true],
    ['untyped column', 'op.bulk_insert(prices, [{"loose": Decimal("1.5")}])', true],
  ] as const) {
    const dir = offlineProject('decimal-values-refused-', { 'migrations/versions/a1_decimals.py': migration([line]) });
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, label);
    assert.doesNotMatch(lens.stdout, /INSERT INTO prices|UPDATE prices/, label);
    if (alembicFails) assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, label);
  }
});
