/**
 * Python `datetime.timedelta` values beside columns and functions in data migrations, compared
 * with the real Alembic 1.20 / SQLAlchemy 2.1 under `--sql`: the common
 * `t.c.created_at < sa.func.now() - datetime.timedelta(days=30)`, arithmetic in SET values (in
 * parentheses there), comparisons with an Interval column, Date, DateTime, TIMESTAMP(timezone=True)
 * and Time columns, negative and sub-second values, chains and the division operators. SQLAlchemy
 * binds the timedelta as an Interval whatever the other side, so it prints
 * `make_interval(secs=>86400.0)` and `+` stays `+` beside a String; likewise in IN lists and as
 * CASE results. Lens refused them all.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const TIMEDELTAS = `    import datetime
    op.execute(t.update().values(created_at=t.c.created_at - datetime.timedelta(days=1)))
    op.execute(t.update().values(created_at=sa.func.now() + datetime.timedelta(hours=2)))
    op.execute(t.delete().where(t.c.created_at < sa.func.now() - datetime.timedelta(days=30)))
    op.execute(t.delete().where(t.c.created_at - datetime.timedelta(microseconds=1) > t.c.created_at).where(t.c.created_at + datetime.timedelta(days=-1) < sa.func.now()))
    op.execute(t.delete().where(t.c.created_at + datetime.timedelta(seconds=-5) < sa.func.now()).where(datetime.timedelta(days=1) + t.c.created_at < sa.func.now()))
    op.execute(t.update().values(created_at=(t.c.created_at - datetime.timedelta(days=1)) * 2, id=t.c.id - datetime.timedelta(days=1), name=t.c.name + datetime.timedelta(days=1)))
    op.execute(t.update().values(created_at=t.c.created_at - datetime.timedelta(weeks=1, days=2, hours=3, minutes=4, seconds=5, milliseconds=6, microseconds=7)))
    op.execute(t.update().values(created_at=t.c.created_at - datetime.timedelta(0), loose=t.c.loose - datetime.timedelta(days=100000)))
    op.execute(t.update().values(created_at=t.c.created_at - datetime.timedelta(days=1) - datetime.timedelta(hours=1), big=-(t.c.created_at - datetime.timedelta(days=1))))
    op.execute(t.update().values(created_at=t.c.created_at - (datetime.timedelta(days=1) - datetime.timedelta(hours=1))))
    op.execute(t.update().values(created_at=sa.func.coalesce(t.c.created_at, sa.func.now()) - datetime.timedelta(days=-1, microseconds=1)))
    op.execute(t.delete().where(t.c.created_at.between(sa.func.now() - datetime.timedelta(days=1), sa.func.now())))
    op.execute(t.delete().where(sa.func.current_date() - datetime.timedelta(days=1) > t.c.created_at))
    op.execute(t.update().values(ratio=t.c.created_at / datetime.timedelta(days=1)))
    op.execute(t.update().values(ratio=t.c.created_at // datetime.timedelta(days=1)))
    op.execute(t.update().values(ratio=t.c.created_at % datetime.timedelta(days=1)))
    d = sa.table("days", sa.column("day", sa.Date), sa.column("tz", sa.TIMESTAMP(timezone=True)), sa.column("dur", sa.Interval), sa.column("emu", sa.Interval(native=False)), sa.column("tm", sa.Time))
    op.execute(d.update().values(day=d.c.day - datetime.timedelta(days=1), tz=d.c.tz - datetime.timedelta(days=1), tm=d.c.tm + datetime.timedelta(hours=1)))
    op.execute(d.delete().where(d.c.dur == datetime.timedelta(days=1)).where(d.c.dur > datetime.timedelta(seconds=5, microseconds=7)).where(d.c.emu < datetime.timedelta(days=2)))
    op.execute(d.update().values(dur=d.c.dur + datetime.timedelta(days=1), emu=d.c.emu - datetime.timedelta(days=1)))`;

test('timedelta arithmetic and comparisons with columns and functions', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-', TIMEDELTAS), ['upgrade', 'head', '--sql']);
});

test('timedelta arithmetic under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-named-', TIMEDELTAS, true), ['upgrade', 'head', '--sql']);
});

for (const { body, reason } of [
  // A float of seconds is not a timedelta the interpreter reads.
  { body: '    import datetime\n    op.execute(t.delete().where(t.c.created_at + datetime.timedelta(seconds=-0.5) < sa.func.now()))', reason: /timedelta\(\) of values known only at run time/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-timedelta-opaque-', body, reason);
  });
}

// Timedeltas in IN lists are bound as Intervals whatever the column's type; in CASE, as THEN,
// else_ and the WHEN of the value= form, with their own type. Lens refused them all.
const IN_AND_CASE = `    import datetime
    op.execute(t.delete().where(t.c.created_at.in_([datetime.timedelta(days=1)])))
    op.execute(t.delete().where(t.c.id.in_([datetime.timedelta(days=1), datetime.timedelta(hours=2)])).where(t.c.loose.in_((datetime.timedelta(0),))))
    op.execute(t.delete().where(t.c.created_at.not_in([datetime.timedelta(days=1)])).where(t.c.name.in_([datetime.timedelta(seconds=-5)])))
    op.execute(t.delete().where(t.c.created_at.notin_([datetime.timedelta(days=1), None])))
    op.execute(t.delete().where(t.c.created_at.in_([datetime.timedelta(days=1), None])))
    d = sa.table("days", sa.column("day", sa.Date), sa.column("dur", sa.Interval), sa.column("emu", sa.Interval(native=False)))
    op.execute(d.delete().where(d.c.emu.in_([datetime.timedelta(days=1)])).where(d.c.dur.in_([datetime.timedelta(microseconds=7), datetime.timedelta(weeks=1)])))
    op.execute(d.update().values(dur=sa.case((d.c.day == None, datetime.timedelta(days=1)), else_=d.c.dur)))
    op.execute(d.update().values(dur=sa.case((d.c.day == None, d.c.dur), else_=datetime.timedelta(days=1))))
    op.execute(d.update().values(day=sa.case({datetime.timedelta(days=1): d.c.day}, value=d.c.dur)))
    op.execute(d.update().values(day=sa.case((datetime.timedelta(hours=1), d.c.day), value=d.c.emu, else_=datetime.timedelta(0))))`;

test('timedeltas in IN lists and CASE', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-in-case-', IN_AND_CASE), ['upgrade', 'head', '--sql']);
});

test('timedeltas in IN lists and CASE under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-in-case-named-', IN_AND_CASE, true), ['upgrade', 'head', '--sql']);
});

// An IN list is bound with the type its first item gives: a number after a timedelta (rendered
// as an Interval) and a timedelta after a None (rendered as a String) raise in SQLAlchemy.
for (const body of [
  '    import datetime\n    op.execute(t.delete().where(t.c.id.in_([datetime.timedelta(days=1), 5])))',
  '    import datetime\n    op.execute(t.delete().where(t.c.name.in_([None, datetime.timedelta(days=1)])))',
]) {
  test(`refused in both: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-timedelta-in-raises-', body, /AttributeError/, /in_\(\) of a list of timedeltas that does not start with one/);
  });
}

// A list starting with None is bound with the column's own type: PostgreSQL's INTERVAL renders the
// timedeltas after it as make_interval (Lens refused it); SQLAlchemy's Interval (coerced to its
// DateTime) raises, and a Uuid prints str(timedelta), which Lens does not follow.
const NONE_FIRST_INTERVAL = `    import datetime
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.dialects.postgresql import INTERVAL
    d = sa.table("days", sa.column("dur", postgresql.INTERVAL), sa.column("day_only", INTERVAL(fields="DAY")), sa.column("precise", postgresql.INTERVAL(precision=3)))
    op.execute(d.delete().where(d.c.dur.in_([None, datetime.timedelta(days=1)])))
    op.execute(d.delete().where(d.c.day_only.not_in([None, None, datetime.timedelta(hours=1), None])).where(d.c.precise.in_((None, datetime.timedelta(0)))))
    op.execute(d.delete().where(d.c.dur.notin_([None, datetime.timedelta(seconds=-5), datetime.timedelta(weeks=1)])))`;

test('an IN list of timedeltas starting with None beside a PostgreSQL INTERVAL', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-none-first-', NONE_FIRST_INTERVAL), ['upgrade', 'head', '--sql']);
});

test('an IN list of timedeltas starting with None beside a PostgreSQL INTERVAL, named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-none-first-named-', NONE_FIRST_INTERVAL, true), ['upgrade', 'head', '--sql']);
});

for (const body of [
  '    import datetime\n    d = sa.table("days", sa.column("dur", sa.Interval))\n    op.execute(d.delete().where(d.c.dur.in_([None, datetime.timedelta(days=1)])))',
  '    import datetime\n    d = sa.table("days", sa.column("dur", sa.Interval))\n    op.execute(d.delete().where(d.c.dur.not_in([None, datetime.timedelta(days=1)])))',
]) {
  test(`refused in both: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-timedelta-none-first-raises-', body, /CompileError/, /in_\(\) of a list of timedeltas that does not start with one/);
  });
}

test('a None-first timedelta list beside a Uuid (printed as str(timedelta) by SQLAlchemy) stays refused', async () => {
  await assertLensRefuses('sql-timedelta-none-first-uuid-', '    import datetime\n    d = sa.table("days", sa.column("u", sa.Uuid))\n    op.execute(d.delete().where(d.c.u.in_([None, datetime.timedelta(days=1)])))', /in_\(\) of a list of timedeltas that does not start with one/);
});

// A timedelta as a values() value is bound with the column's type: make_interval for a native Interval.
const INTERVAL_VALUES = `    import datetime
    from sqlalchemy.dialects import postgresql
    d = sa.table("days", sa.column("day", sa.Date), sa.column("dur", sa.Interval), sa.column("pg", postgresql.INTERVAL(fields="DAY")), sa.column("sec", sa.Interval(second_precision=3)))
    op.execute(d.update().values(dur=datetime.timedelta(days=1, microseconds=7), pg=datetime.timedelta(days=-2)))
    op.execute(d.insert().values(dur=datetime.timedelta(hours=1), sec=datetime.timedelta(0)))
    op.execute(d.insert().values([{"dur": datetime.timedelta(minutes=1)}, {"dur": datetime.timedelta(weeks=2)}]))
    op.execute(d.update().values({"dur": datetime.timedelta(seconds=5)}).where(d.c.day == None))`;

test('timedelta values of native Interval columns in UPDATE and INSERT', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-timedelta-values-', INTERVAL_VALUES), ['upgrade', 'head', '--sql']);
});

for (const body of [
  // A Date and an emulated Interval (bound as a DateTime) have no literal rendering of a timedelta: CompileError.
  '    import datetime\n    d = sa.table("days", sa.column("day", sa.Date))\n    op.execute(d.update().values(day=datetime.timedelta(days=1)))',
  '    import datetime\n    d = sa.table("days", sa.column("emu", sa.Interval(native=False)))\n    op.execute(d.insert().values(emu=datetime.timedelta(days=1)))',
]) {
  test(`refused in both: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-timedelta-values-raises-', body, /CompileError/, /a timedelta as the value of (day|emu)/);
  });
}
