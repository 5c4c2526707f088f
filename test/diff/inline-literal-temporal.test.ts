/**
 * `op.inline_literal()` of a `datetime.datetime`, `datetime.date` or `datetime.timedelta`, as data
 * migrations write it in an `UPDATE ... WHERE` (a cut-off date, a default duration). SQLAlchemy
 * gives the bind the type it infers from the value (DateTime, Date, Interval) unless `type_` is
 * given, and that type's literal processor prints it: the ISO text, or `make_interval(...)` on
 * PostgreSQL. Found by held-out sweep GK (the engine refused every such value as "a non-literal
 * value"). A timezone-aware datetime prints its UTC offset (helper GT). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[]): string {
  return baseRevision({
    imports: ['import datetime', 'from datetime import date, timedelta, timezone', '', 'from alembic import op', 'import sqlalchemy as sa'],
    upgrade: ['t = sa.table("account", sa.column("note"), sa.column("seen", sa.DateTime), sa.column("grace", sa.Interval))', ...body],
  });
}

test('inline_literal of a datetime, a date and a timedelta prints as Alembic prints it', async () => {
  const dir = offlineProject('inline-literal-temporal-', {
    'migrations/versions/a1_temporal.py': migration([
      'op.execute(t.update().where(t.c.seen < op.inline_literal(datetime.datetime(2020, 1, 1))).values(note=op.inline_literal("old")))',
      'op.execute(t.update().values(note=op.inline_literal(datetime.datetime(2021, 5, 6, 7, 8, 9, 120))))',
      'op.execute(t.update().values(note=op.inline_literal(timedelta(days=1, seconds=30))))',
      'op.execute(t.update().values(grace=op.inline_literal(timedelta(hours=-2))))',
      'op.execute(t.update().values(note=op.inline_literal(date(2020, 2, 29), sa.DateTime)))',
      'op.execute(t.update().values(note=op.inline_literal(datetime.datetime(2020, 2, 29, 12), type_=sa.Date())))',
      'op.execute(t.update().values(seen=op.inline_literal(date(2020, 3, 1))))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE account\.seen < '2020-01-01 00:00:00';/);
  assert.match(printed, /SET note='2021-05-06 07:08:09\.000120';/);
  assert.match(printed, /SET note=make_interval\(secs=>86430\.0\);/);
  assert.match(printed, /SET note='2020-02-29';\n\nUPDATE account SET note='2020-02-29';/);
});

test('inline_literal of a timezone-aware datetime prints its UTC offset, as Alembic prints it', async () => {
  const dir = offlineProject('inline-literal-temporal-tz-', {
    'migrations/versions/a1_temporal.py': migration([
      'op.execute(t.update().values(seen=op.inline_literal(datetime.datetime(2020, 1, 1, tzinfo=timezone.utc))))',
      'op.execute(t.update().values(note=op.inline_literal(datetime.datetime(2020, 1, 1, 5, tzinfo=timezone(-timedelta(hours=3))), sa.Date)))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /UPDATE account SET seen='2020-01-01 00:00:00\+00:00';/);
});
