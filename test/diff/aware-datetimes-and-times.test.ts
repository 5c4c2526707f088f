/**
 * Timezone-aware datetimes and `datetime.time` values (naive and aware) bound in data migrations
 * (helper GT, after sweep GM and helper GS followed naive dates and datetimes there): SQLAlchemy
 * prints each by the literal processor of the type it binds with, which writes the value's
 * isoformat(), the UTC offset included (`'2020-01-02 03:04:05+05:30'`, a Time column the part
 * after the `T`, a Date column the part before it). Lens refused each aware datetime ("datetime()
 * with a time zone ...") and each `time(...)` ("value computed at run time by datetime.time()").
 * Zones whose offset is known statically are followed: `timezone.utc`, `datetime.UTC`,
 * `timezone.min`/`max`, `timezone(timedelta(...)[, name])`, `zoneinfo.ZoneInfo("UTC")`; a zone
 * of the tz database and a clock reading stay refused, and what Python or SQLAlchemy raises on
 * fails in both. Compared with the real Alembic 1.20 + SQLAlchemy 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(body: string[], imports: string[] = []): string {
  return baseRevision({
    imports: [
      'import datetime',
      'import datetime as dt',
      'from datetime import date, time, timedelta, timezone',
      'from zoneinfo import ZoneInfo',
      ...imports,
      '',
      'import sqlalchemy as sa',
      'from sqlalchemy.dialects import postgresql',
      'from alembic import op',
    ],
    helpers: [
      'events = sa.table(',
      '    "events",',
      '    sa.column("at", sa.DateTime),',
      '    sa.column("at_tz", sa.DateTime(timezone=True)),',
      '    sa.column("stamp", postgresql.TIMESTAMP),',
      '    sa.column("stamp_tz", postgresql.TIMESTAMP(timezone=True)),',
      '    sa.column("opens", sa.Time),',
      '    sa.column("opens_tz", sa.Time(timezone=True)),',
      '    sa.column("pg_time", postgresql.TIME(timezone=True)),',
      '    sa.column("day", sa.Date),',
      '    sa.column("units", sa.Integer),',
      '    sa.column("label", sa.String),',
      '    sa.column("loose"),',
      ')',
      'IST = timezone(timedelta(hours=5, minutes=30), "IST")',
    ],
    upgrade: body,
  });
}

/** Each value the tests bind, as a migration writes it. */
const AWARE = [
  'datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)',
  'dt.datetime(2020, 1, 2, 3, 4, 5, 6, dt.timezone(dt.timedelta(hours=5, minutes=30)))',
  'datetime.datetime(2021, 6, 7, tzinfo=timezone(timedelta(hours=-2, minutes=-30, seconds=-15, microseconds=-7), "ODD"))',
  'datetime.datetime(2020, 1, 2, tzinfo=timezone.min)',
  'datetime.datetime(2020, 1, 2, 23, 59, 59, 999999, tzinfo=timezone.max)',
  'datetime.datetime(2020, 1, 2, tzinfo=dt.UTC)',
  'datetime.datetime(2020, 1, 2, 3, tzinfo=IST)',
  'datetime.datetime(2020, 1, 2, 3, tzinfo=ZoneInfo("UTC"))',
  'datetime.datetime(year=2020, month=1, day=2, hour=3, tzinfo=timezone(offset=timedelta(0)), fold=1)',
  'datetime.datetime(2020, 1, 2, 3, tzinfo=None)',
];
const TIMES = [
  'time(3, 4, 5)',
  'datetime.time(3, 4, 5, 6)',
  'dt.time()',
  'time(hour=23, minute=59, second=59, microsecond=1)',
  'time(3, 4, tzinfo=timezone.utc)',
  'time(3, 4, 5, 6, IST)',
  'time(0, 0, tzinfo=timezone(-timedelta(hours=9)))',
  'time(12, tzinfo=ZoneInfo("UTC"))',
  'time(12, tzinfo=None)',
];

test('aware datetimes and times in insert() and update() values print by the column type', async () => {
  const columns = ['at', 'at_tz', 'stamp', 'stamp_tz', 'opens', 'opens_tz', 'pg_time', 'day'];
  const body = [...AWARE, ...TIMES].flatMap((value) => [
    `op.execute(events.insert().values(${columns.map((column) => `${column}=${value}`).join(', ')}))`,
    `op.execute(events.update().where(events.c.label == "x").values(at_tz=${value}, opens=${value}))`,
  ]);
  const dir = offlineProject('aware-dml-values-', { 'migrations/versions/a1_aware.py': migration(body) });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /VALUES \('2020-01-02 03:04:05\.000006\+05:30', .*'03:04:05\.000006\+05:30', '03:04:05\.000006\+05:30', '03:04:05\.000006\+05:30', '2020-01-02'\);/);
  assert.match(printed, /'2021-06-07 00:00:00-02:30:15\.000007'/);
  assert.match(printed, /'2020-01-02 00:00:00-23:59'/);
  assert.match(printed, /VALUES \(('03:04:05\.000006\+05:30', ){7}'03:04:05\.000006\+05:30'\);/);
  assert.match(printed, /SET at_tz='00:00:00-09:00', opens='00:00:00-09:00'/);
});

test('aware datetimes and times in text().bindparams(), comparisons, in_(), between() and function arguments', async () => {
  const body = [...AWARE, ...TIMES].flatMap((value) => [
    `op.execute(sa.text("UPDATE events SET label = 'x' WHERE at_tz < :v").bindparams(v=${value}))`,
    `op.execute(events.delete().where(events.c.at_tz >= ${value}).where(events.c.opens != ${value}).where(events.c.units < ${value}).where(events.c.loose == ${value}).where(events.c.label > ${value}))`,
    `op.execute(events.delete().where(${value} > events.c.stamp_tz))`,
    `op.execute(events.delete().where(events.c.at.in_([${value}, ${value}])).where(events.c.opens_tz.not_in([${value}])))`,
    `op.execute(events.delete().where(events.c.stamp.between(${value}, ${value})).where(events.c.day.between(${value}, ${value}, symmetric=True)))`,
    `op.execute(events.update().values(at=sa.func.coalesce(events.c.at, ${value}), label=sa.func.to_char(${value}, "HH24")))`,
  ]);
  const dir = offlineProject('aware-bound-values-', { 'migrations/versions/a1_aware.py': migration(body) });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE at_tz < '2020-01-02 03:04:05\+00:00';/);
  assert.match(printed, /WHERE events\.at IN \('03:04:05', '03:04:05'\)/);
  assert.match(printed, /WHERE events\.stamp BETWEEN '2020-01-02 23:59:59\.999999\+23:59' AND/);
});

test('aware datetimes and times in op.bulk_insert rows and op.inline_literal() print as Alembic prints them', async () => {
  const rows = [...AWARE, ...TIMES].map((value) => `{"at": ${value}, "at_tz": ${value}, "opens": ${value}, "opens_tz": ${value}, "day": ${value}}`);
  const dir = offlineProject('aware-bulk-insert-', {
    'migrations/versions/a1_aware.py': migration([
      `op.bulk_insert(events, [${rows.join(', ')}])`,
      ...[...AWARE, ...TIMES].map((value) => `op.execute(events.update().where(events.c.at_tz < op.inline_literal(${value})).values(label="old"))`),
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE events\.at_tz < '12:00:00\+00:00';/);
});

test('sa.literal() of a date, datetime, time, timedelta or Decimal binds with the type inferred from the value', async () => {
  const dir = offlineProject('aware-sa-literal-', {
    'migrations/versions/a1_aware.py': migration([
      ...[...AWARE, ...TIMES, 'date(2020, 1, 2)'].map((value) => `op.execute(events.delete().where(events.c.label == sa.literal(${value})).where(events.c.units < sa.literal(${value})).where(events.c.loose != sa.literal(${value}, type_=None)))`),
      'op.execute(events.update().values(label=sa.func.to_char(sa.literal(datetime.datetime(2020, 1, 2)), "YYYY"), at=sa.literal(date(2020, 1, 2), sa.DateTime), day=sa.func.coalesce(sa.literal(date(2021, 1, 1)), events.c.day)))',
      'op.execute(events.insert().values(opens=sa.literal(time(4)), loose=sa.literal(datetime.datetime(2020, 1, 2, tzinfo=timezone.utc)), label=sa.literal(Decimal("1.50")), stamp=sa.literal(timedelta(hours=1)) + events.c.at))',
    ], ['from decimal import Decimal']),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /WHERE events\.label = '2020-01-02 03:04:05\+00:00' AND events\.units < '2020-01-02 03:04:05\+00:00'/);
  assert.match(printed, /VALUES \(\(make_interval\(secs=>3600\.0\) \+ events\.at\), '04:00:00', 1\.50, '2020-01-02 00:00:00\+00:00'\);/);
});

test('lists of dates, datetimes, times, timedeltas and Decimals print as an ARRAY column prints them', async () => {
  const grid = 'grid = sa.table("grid", sa.column("id", sa.Integer), sa.column("days", postgresql.ARRAY(sa.Date)), sa.column("ats", postgresql.ARRAY(sa.DateTime(timezone=True))), sa.column("opens", postgresql.ARRAY(sa.Time, dimensions=2)), sa.column("waits", postgresql.ARRAY(sa.Interval)), sa.column("prices", postgresql.ARRAY(sa.Numeric)))';
  const dir = offlineProject('aware-arrays-', {
    'migrations/versions/a1_aware.py': migration([
      grid,
      'op.execute(grid.insert().values(days=[date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, tzinfo=IST)], ats=(datetime.datetime(2020, 1, 2, tzinfo=IST), datetime.datetime(2021, 1, 2)), opens=[[time(1)], [time(2, tzinfo=IST)]], prices=[Decimal("1.5"), 2]))',
      'op.execute(grid.update().where(grid.c.id == 1).values(waits=[timedelta(days=1), -timedelta(seconds=5)], ats=[]))',
      'op.bulk_insert(grid, [{"id": 2, "days": [date(2020, 1, 2)], "ats": None, "opens": [[time(1, tzinfo=timezone.utc)]], "prices": [Decimal("0.1")], "waits": [timedelta(hours=1)]}, {"id": None, "days": None, "ats": [datetime.datetime(2020, 1, 2)], "opens": None, "prices": None, "waits": None}])',
    ], ['from decimal import Decimal']),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /VALUES \(ARRAY\['2020-01-02', '2020-01-02'\], ARRAY\['2020-01-02 00:00:00\+05:30', '2021-01-02 00:00:00'\], ARRAY\[ARRAY\['01:00:00'\], ARRAY\['02:00:00\+05:30'\]\], ARRAY\[1\.5, 2\]\);/);
  for (const line of ['op.execute(events.insert().values(loose=[time(1)]))', 'op.execute(events.insert().values(day=[date(2020, 1, 2)]))', 'op.execute(events.insert().values(label=[datetime.datetime(2020, 1, 2, tzinfo=IST)]))']) {
    const failing = offlineProject('aware-arrays-refused-', { 'migrations/versions/a1_aware.py': migration([line]) });
    assert.notEqual(runAlembic(failing, ['upgrade', 'head', '--sql']).code, 0, line);
    const lens = await runLens(failing, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /INSERT INTO events/, line);
  }
});

test('Python computes with aware datetimes and times as the migration says', async () => {
  const dir = offlineProject('aware-arithmetic-', {
    'migrations/versions/a1_aware.py': migration([
      'start = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=IST)',
      'later = start + timedelta(hours=30)',
      'op.execute(events.insert().values(at_tz=later, label=str(later), at=start - timedelta(days=1)))',
      'op.execute(events.insert().values(label=start.isoformat() + " " + time(8, 30, tzinfo=IST).isoformat()))',
      'op.execute(events.insert().values(at_tz=start.astimezone(timezone.utc), stamp_tz=start.replace(tzinfo=None), units=(later - start.astimezone(timezone.min)).days))',
      'op.execute(events.insert().values(label=str(time(1, 2, 3, 4)), day=start.date(), units=start.hour))',
      'if start == datetime.datetime(2020, 1, 1, 21, 34, 5, tzinfo=timezone.utc) and start != start.replace(tzinfo=None):',
      '    op.execute(events.insert().values(label="same instant"))',
      'if time(1) < time(2) and datetime.datetime(2020, 1, 2, tzinfo=timezone.utc).tzinfo is not None:',
      '    op.execute(events.insert().values(label="ordered"))',
      'op.execute(events.insert().values(at_tz=datetime.datetime(2020, 1, 2).replace(tzinfo=timezone.utc), opens=time(3).replace(tzinfo=IST)))',
      'op.execute(events.insert().values(opens=start.time(), label=str(start.timetz()), at=datetime.datetime.combine(date(2020, 1, 2), time(3, tzinfo=IST)), at_tz=dt.datetime.combine(start, time.max, tzinfo=timezone.utc)))',
      'op.execute(events.insert().values(opens=time.min, at=datetime.datetime.max, day=date.min, at_tz=dt.datetime.min.replace(tzinfo=timezone.utc)))',
      // A negated timedelta is a timedelta (a zone west of UTC, an interval subtracted).
      'op.execute(events.update().values(at=events.c.at + -timedelta(days=1, seconds=3)))',
      // fractal-server's column default: str() of an aware datetime.
      'op.add_column("events", sa.Column("created", sa.DateTime(timezone=True), server_default=str(datetime.datetime(2000, 1, 1, tzinfo=timezone.utc))))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /'2020-01-03 09:04:05\+05:30'/);
  assert.match(printed, /same instant/);
  assert.match(printed, /DEFAULT '2000-01-01 00:00:00\+00:00'/);
  assert.match(printed, /VALUES \('2020-01-02 03:00:00\+05:30', '2020-01-02 23:59:59\.999999\+00:00', '03:04:05', '03:04:05\+05:30'\);/);
});

test('fromisoformat() of the ISO forms every Python reads gives the value Python gives', async () => {
  const dir = offlineProject('aware-fromisoformat-', {
    'migrations/versions/a1_aware.py': migration([
      'op.execute(events.insert().values(at=datetime.datetime.fromisoformat("2020-01-02"), at_tz=datetime.datetime.fromisoformat("2020-01-02T03:04:05.123456+05:30"), opens=time.fromisoformat("03:04"), day=date.fromisoformat("2021-02-03")))',
      'op.execute(events.insert().values(at=dt.datetime.fromisoformat("2020-01-02 03"), at_tz=dt.datetime.fromisoformat("2020-01-02T03:04:05Z"), opens=dt.time.fromisoformat("03:04:05.123-02:30:15"), label=str(dt.datetime.fromisoformat("2020-01-02T03:04:05.123"))))',
      'op.execute(events.delete().where(events.c.at_tz < datetime.datetime.fromisoformat("2020-01-02T03+05:30")))',
    ]),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /VALUES \('2020-01-02 03:00:00', '2020-01-02 03:04:05\+00:00', '03:04:05\.123000-02:30:15', '2020-01-02 03:04:05\.123000'\);/);
  for (const text of ['2020-01-02T24:00', '2020-02-30', '2020-01-02T03:04+24:00']) {
    const line = `op.execute(events.insert().values(at=datetime.datetime.fromisoformat("${text}")))`;
    const failing = offlineProject('aware-fromisoformat-refused-', { 'migrations/versions/a1_aware.py': migration([line]) });
    assert.notEqual(runAlembic(failing, ['upgrade', 'head', '--sql']).code, 0, line);
    const lens = await runLens(failing, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /INSERT INTO events/, line);
  }
});

test('what Python or SQLAlchemy raises on fails in both', async () => {
  for (const line of [
    'op.execute(events.insert().values(units=datetime.datetime(2020, 1, 2, tzinfo=timezone.utc)))',
    'op.execute(events.insert().values(label=time(3, 4)))',
    'op.execute(events.insert().values(loose=time(3, 4, tzinfo=timezone.utc)))',
    'op.execute(events.insert().values(at=datetime.datetime(2020, 1, 2, tzinfo=timezone(timedelta(hours=24)))))',
    'op.execute(events.insert().values(at=datetime.datetime(2020, 1, 2, tzinfo=timezone(timedelta(hours=2), 5))))',
    'op.execute(events.insert().values(at=datetime.datetime(2020, 1, 2, tzinfo="UTC")))',
    'op.execute(events.insert().values(at=datetime.datetime(2020, 1, 2, fold=2)))',
    'op.execute(events.insert().values(day=datetime.date(2020, 1, 2, tzinfo=None)))',
    'op.execute(events.insert().values(opens=time(24)))',
    'op.execute(events.insert().values(opens=time(1) + timedelta(hours=1)))',
    'op.execute(events.insert().values(at=datetime.datetime(2020, 1, 2, tzinfo=timezone.utc) - datetime.datetime(2020, 1, 1)))',
    'op.execute(events.insert().values(label=str(datetime.datetime(2020, 1, 2, tzinfo=timezone.utc) < datetime.datetime(2020, 1, 1))))',
  ]) {
    const dir = offlineProject('aware-refused-', { 'migrations/versions/a1_aware.py': migration([line]) });
    assert.notEqual(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, line);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /INSERT INTO events/, line);
  }
});

test('a zone of the tz database and a clock reading stay refused with their reason', async () => {
  for (const [line, reason] of [
    ['op.execute(events.insert().values(at_tz=datetime.datetime(2020, 1, 2, tzinfo=ZoneInfo("Europe/Paris"))))', /tz database/],
    ['op.execute(events.insert().values(opens_tz=time(3, tzinfo=ZoneInfo(key="America/New_York"))))', /tz database/],
    ['op.execute(events.insert().values(at_tz=datetime.datetime.now(timezone.utc)))', /datetime\.now|run time/],
  ] as const) {
    const dir = offlineProject('aware-unknown-', { 'migrations/versions/a1_aware.py': migration([line]) });
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, line);
    assert.doesNotMatch(lens.stdout, /INSERT INTO events/, line);
    assert.match(lens.stderr, reason, line);
  }
});
