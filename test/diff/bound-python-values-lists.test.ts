/**
 * Dates, datetimes and `decimal.Decimal`s in `in_()`/`not_in()` lists, as `between()` bounds and
 * as arguments of a generic SQL function (held-out helper GS, after sweep GM followed them compared
 * with a column): SQLAlchemy binds each list item and each bound with the type the column's
 * coerce_compared_value gives it, and a function argument with the type it infers from the value
 * (Date, DateTime, Numeric); each prints by that type's literal processor. Lens refused each
 * ("in_() without a literal list", "between() with a bound the engine does not render",
 * "unsupported SQL function argument"). A timezone-aware datetime prints its UTC offset (helper GT,
 * test/diff/aware-datetimes-and-times.test.ts). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['import datetime', 'from datetime import date', 'from decimal import Decimal', '', 'import sqlalchemy as sa', 'from alembic import op'],
    helpers: [
      'ledger = sa.table(',
      '    "ledger",',
      '    sa.column("amount", sa.Numeric(10, 2)),',
      '    sa.column("units", sa.Integer),',
      '    sa.column("day", sa.Date),',
      '    sa.column("at", sa.DateTime),',
      '    sa.column("label", sa.String),',
      '    sa.column("loose"),',
      ')',
    ],
    upgrade: body,
  });
}

test('dates, datetimes and Decimals in in_() and not_in() lists print as Alembic prints them', async () => {
  const dir = offlineProject('bound-in-lists-', {
    'migrations/versions/a1_bound.py': migration([
      'op.execute(ledger.delete().where(ledger.c.day.in_([datetime.date(2020, 1, 2), datetime.date(2021, 3, 4)])))',
      'op.execute(ledger.delete().where(ledger.c.day.not_in([date(2020, 1, 2)])))',
      'op.execute(ledger.delete().where(ledger.c.amount.in_([Decimal("1.50"), Decimal("1E+3"), 7])))',
      'op.execute(ledger.delete().where(ledger.c.at.notin_([datetime.datetime(2020, 1, 2, 3, 4, 5, 6), datetime.datetime(2021, 1, 1)])))',
      'op.execute(ledger.delete().where(ledger.c.units.in_([date(2020, 1, 2)])))',
      'op.execute(ledger.delete().where(ledger.c.label.in_([Decimal("1.5"), 2])))',
      'op.execute(ledger.delete().where(ledger.c.day.in_([None, date(2020, 1, 2), datetime.datetime(2021, 1, 1, 5)])))',
      'op.execute(ledger.delete().where(ledger.c.at.in_((datetime.datetime(2020, 1, 2), datetime.date(2020, 1, 3)))))',
      'op.execute(ledger.delete().where(ledger.c.loose.in_([Decimal("0.1"), 2])))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE ledger\.day IN \('2020-01-02', '2021-03-04'\);/);
});

test('dates, datetimes and Decimals as between() bounds print as Alembic prints them', async () => {
  const dir = offlineProject('bound-between-', {
    'migrations/versions/a1_bound.py': migration([
      'op.execute(ledger.delete().where(ledger.c.day.between(date(2020, 1, 2), date(2021, 3, 4))))',
      'op.execute(ledger.delete().where(ledger.c.at.between(datetime.datetime(2020, 1, 2), datetime.datetime(2021, 3, 4, 5, 6, 7), symmetric=True)))',
      'op.execute(ledger.delete().where(ledger.c.amount.between(Decimal("0.5"), Decimal("1E+2"))))',
      'op.execute(ledger.delete().where(sa.between(ledger.c.units, Decimal("0.5"), date(2020, 1, 2))))',
      'op.execute(ledger.delete().where(ledger.c.loose.between(Decimal("0.5"), date(2020, 1, 2))))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE ledger\.day BETWEEN '2020-01-02' AND '2021-03-04';/);
});

test('dates, datetimes and Decimals as arguments of a SQL function print by the type inferred from the value', async () => {
  const dir = offlineProject('bound-function-args-', {
    'migrations/versions/a1_bound.py': migration([
      'op.execute(ledger.update().values(day=sa.func.greatest(ledger.c.day, date(2020, 1, 2))))',
      'op.execute(ledger.update().values(amount=sa.func.coalesce(ledger.c.amount, Decimal("0.00"))))',
      'op.execute(ledger.update().values(at=sa.func.coalesce(ledger.c.at, datetime.datetime(2020, 1, 2, 3, 4, 5))))',
      'op.execute(ledger.delete().where(sa.func.least(ledger.c.units, Decimal("1E+3")) > 5))',
      'op.execute(ledger.update().values(label=sa.func.to_char(date(2020, 1, 2), "YYYY")))',
      'op.execute(ledger.delete().where(sa.func.coalesce(date(2020, 1, 2), ledger.c.day) > "x"))',
      'op.execute(ledger.delete().where(sa.func.greatest(ledger.c.label, date(2020, 1, 2)) == date(2020, 1, 3)))',
      'op.execute(ledger.delete().where(sa.func.coalesce(ledger.c.loose, Decimal("1.5")).in_([Decimal("2"), 3])))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SET day=greatest\(ledger\.day, '2020-01-02'\);/);
});

test('a list whose first item types the others SQLAlchemy cannot print fails in both', async () => {
  for (const line of [
    'op.execute(ledger.delete().where(ledger.c.units.in_([Decimal("2.5"), date(2020, 1, 2)])))',
    'op.execute(ledger.delete().where(ledger.c.label.in_([date(2020, 1, 2), "x"])))',
    'op.execute(ledger.delete().where(ledger.c.loose.in_([Decimal("0.1"), date(2020, 1, 2)])))',
  ]) {
    const dir = offlineProject('bound-in-lists-refused-', { 'migrations/versions/a1_bound.py': migration([line]) });
    assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, line);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /DELETE FROM ledger/, line);
  }
});

test('a timezone-aware datetime in an in_() list prints its UTC offset', async () => {
  const line = 'op.execute(ledger.delete().where(ledger.c.at.in_([datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc)])))';
  const dir = offlineProject('bound-in-aware-', { 'migrations/versions/a1_bound.py': migration([line]) });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE ledger\.at IN \('2020-01-02 00:00:00\+00:00'\);/);
});
