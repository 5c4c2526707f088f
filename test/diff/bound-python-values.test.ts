/**
 * Dates, datetimes, timedeltas and `decimal.Decimal`s bound outside `op.bulk_insert` (held-out
 * sweep GM, a migration of its own): a `sa.text(...).bindparams(...)` parameter takes the type
 * SQLAlchemy infers from the value (Date, DateTime, Interval, Numeric), and a value written by
 * `insert()/update().values(...)` the column's type; both print by that type's literal processor.
 * Lens refused each ("bindparams() value of d is not a literal", "value of score is not a literal
 * or SQL expression") where Alembic prints the statement. Where SQLAlchemy cannot print the pair
 * (a Decimal in a String column, a datetime in an untyped one) both still fail. Compared with a
 * column in a WHERE, the value is typed as SQLAlchemy's coerce_compared_value types it (its own
 * type, for every column type the engine renders). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['import datetime', 'from datetime import date, timedelta', 'from decimal import Decimal', '', 'import sqlalchemy as sa', 'from alembic import op'],
    helpers: [
      'ledger = sa.table(',
      '    "ledger",',
      '    sa.column("amount", sa.Numeric(10, 2)),',
      '    sa.column("rate", sa.Float),',
      '    sa.column("units", sa.Integer),',
      '    sa.column("day", sa.Date),',
      '    sa.column("at", sa.DateTime(timezone=True)),',
      '    sa.column("stamp", sa.TIMESTAMP),',
      '    sa.column("label", sa.String),',
      '    sa.column("loose"),',
      ')',
    ],
    upgrade: body,
  });
}

test('dates, datetimes, timedeltas and Decimals in text().bindparams() print as Alembic prints them', async () => {
  const dir = offlineProject('bound-text-values-', {
    'migrations/versions/a1_bound.py': migration([
      'op.execute(sa.text("UPDATE ledger SET amount = :a, rate = :r WHERE day < :d AND at >= :t").bindparams(a=Decimal("1.50"), r=Decimal("1E+3"), d=date(2021, 3, 4), t=datetime.datetime(2020, 1, 2, 3, 4, 5, 6)))',
      'op.execute(sa.text("DELETE FROM ledger WHERE at < now() - :age AND day = :d").bindparams(age=timedelta(days=1, seconds=30), d=datetime.datetime(2019, 12, 31, 23, 59)))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SET amount = 1\.50, rate = 1E\+3 WHERE day < '2021-03-04' AND at >= '2020-01-02 03:04:05\.000006';/);
});

test('dates, datetimes and Decimals in insert() and update() values print by the column type', async () => {
  const dir = offlineProject('bound-dml-values-', {
    'migrations/versions/a1_bound.py': migration([
      'op.execute(ledger.insert().values(amount=Decimal("2.50"), rate=Decimal("0.1"), units=Decimal("-7.9"), day=date(2022, 5, 6), at=datetime.datetime(2022, 5, 6, 7, 8, 9), stamp=date(2022, 5, 7)))',
      'op.execute(ledger.insert().values(units=Decimal("1E+3"), day=datetime.datetime(2023, 1, 2, 3, 4, 5)))',
      'op.execute(ledger.update().where(ledger.c.label == "x").values(amount=Decimal("-0.05"), units=Decimal("0.9"), stamp=datetime.datetime(2024, 2, 29, 12, 0)))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /VALUES \(2\.50, 0\.1, -7, '2022-05-06', '2022-05-06 07:08:09', '2022-05-07'\);/);
  assert.match(printed, /VALUES \(1000, '2023-01-02'\);/);
});

test('dates, datetimes and Decimals compared with a column print by the type SQLAlchemy gives them', async () => {
  const comparisons = ['amount', 'rate', 'units', 'day', 'at', 'stamp', 'label', 'loose'].map(
    (name) => `op.execute(ledger.delete().where(ledger.c.${name} < Decimal("2.75")).where(ledger.c.${name} >= datetime.datetime(2022, 1, 2, 3, 4, 5)).where(ledger.c.${name} != date(2022, 1, 2)))`,
  );
  const dir = offlineProject('bound-compared-values-', {
    'migrations/versions/a1_bound.py': migration([
      ...comparisons,
      'op.execute(ledger.update().where(datetime.datetime(2021, 6, 7) > ledger.c.day).where(Decimal("1E+3") == ledger.c.units).values(label="old"))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE ledger\.units < 2\.75 AND ledger\.units >= '2022-01-02 03:04:05' AND ledger\.units != '2022-01-02';/);
  assert.match(printed, /WHERE ledger\.day < '2021-06-07 00:00:00' AND ledger\.units = 1E\+3;/);
});

test('a Decimal or datetime value SQLAlchemy cannot print for its column fails in both', async () => {
  for (const line of [
    'op.execute(ledger.insert().values(label=Decimal("1.5")))',
    'op.execute(ledger.update().values(loose=datetime.datetime(2020, 1, 2)))',
  ]) {
    const dir = offlineProject('bound-values-refused-', { 'migrations/versions/a1_bound.py': migration([line]) });
    assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, line);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /INSERT INTO ledger|UPDATE ledger/, line);
  }
});
