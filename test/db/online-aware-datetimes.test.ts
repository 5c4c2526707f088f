// Timezone-aware datetimes and `datetime.time` values in a live run's data statements (helper GT):
// psycopg2 sends an aware datetime as `'...+05:30'::timestamptz`, a time as `'03:04:05'::time` and
// an aware time as `'03:04:05+05:30'::timetz`, where `--sql` prints them bare; a list of them for an
// ARRAY column as an ARRAY of those. Run live on
// PostgreSQL by the real Alembic 1.20 and by Lens from the same history: the same rows up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, dump, freshDatabase, lens, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nimport datetime\nfrom datetime import time, timedelta, timezone\n';

const slots = 'IST = timezone(timedelta(hours=5, minutes=30), "IST")\nslots = sa.table("slots", sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("at_tz", sa.DateTime(timezone=True)), sa.column("opens", sa.Time), sa.column("opens_tz", sa.Time(timezone=True)), sa.column("label", sa.String(60)), sa.column("ats", postgresql.ARRAY(sa.DateTime(timezone=True))), sa.column("tss", postgresql.ARRAY(sa.Time)))\n\n';

const FIRST = `${migrationHeader('b1', undefined, IMPORTS)}${slots}
def upgrade():
    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime()),
        sa.Column("at_tz", sa.DateTime(timezone=True)),
        sa.Column("opens", sa.Time()),
        sa.Column("opens_tz", sa.Time(timezone=True)),
        sa.Column("label", sa.String(60)),
        sa.Column("ats", postgresql.ARRAY(sa.DateTime(timezone=True))),
        sa.Column("tss", postgresql.ARRAY(sa.Time())),
    )
    op.bulk_insert(slots, [
        {"id": 1, "at": datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=IST), "at_tz": datetime.datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc), "opens": time(3, 4, 5), "opens_tz": time(3, 4, 5, 6, tzinfo=IST)},
        {"id": 2, "at": None, "at_tz": datetime.datetime(2021, 6, 7, tzinfo=timezone(-timedelta(hours=9))), "opens": time(23, 59, 59, 999999, tzinfo=timezone.utc), "opens_tz": time(8)},
    ])


def downgrade():
    op.drop_table("slots")
`;

const SECOND = `${migrationHeader('b2', 'b1', IMPORTS)}${slots}
def upgrade():
    op.execute(slots.insert().values(id=4, ats=[datetime.datetime(2020, 1, 2, tzinfo=IST), datetime.datetime(2021, 3, 4, 5)], tss=[time(1), time(2, 3, 4, 5)]))
    op.bulk_insert(slots, [{"id": 5, "ats": [datetime.datetime(2022, 1, 2, 3, tzinfo=timezone.utc)], "tss": [time(23, 59)]}])
    op.execute(slots.insert().values(id=3, at_tz=datetime.datetime(2022, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-11, minutes=-45))), opens_tz=time(1, 2, tzinfo=timezone(timedelta(hours=14)))))
    op.execute(slots.update().where(slots.c.at_tz < datetime.datetime(2021, 1, 1, tzinfo=IST)).values(label="early"))
    op.execute(slots.update().where(slots.c.at_tz > sa.literal(datetime.datetime(2022, 1, 1, tzinfo=IST))).where(slots.c.opens_tz == sa.literal(time(1, 2, tzinfo=timezone(timedelta(hours=14))))).values(label="literal"))
    op.execute(slots.update().where(slots.c.opens_tz.in_([time(3, 4, 5, 6, tzinfo=IST), time(8)])).values(at=datetime.datetime(2023, 1, 1, tzinfo=IST)))
    op.execute(sa.text("UPDATE slots SET label = 'late' WHERE at_tz > :t AND opens > :o").bindparams(t=datetime.datetime(2021, 6, 7, 8, tzinfo=IST), o=time(12)))


def downgrade():
    op.execute(slots.delete().where(slots.c.opens_tz == time(1, 2, tzinfo=timezone(timedelta(hours=14)))))
    op.execute(slots.delete().where(slots.c.id >= 4))
`;

test('aware datetimes and times bound in a live run store and compare as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-aware-datetimes-', { 'b1_slots.py': FIRST, 'b2_values.py': SECOND });
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  for (const [args, label] of [[['upgrade', 'head'], 'upgrade'], [['downgrade', 'b1'], 'downgrade']] as const) {
    const viaAlembic = alembic(ini, byAlembic, [...args]);
    assert.equal(viaAlembic.status, 0, viaAlembic.stderr);
    const viaLens = await lens(ini, byLens, [...args]);
    assert.equal(viaLens.status, 0, viaLens.stderr);
    assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }), label);
    if (label === 'upgrade') {
      assert.deepEqual(rows(byLens), ['b2']);
      // An aware datetime in a timestamp column and an aware time in a timetz one keep what PostgreSQL makes of the offset.
      assert.match(dump(byLens, { sortRows: true }), /^1\t2022-12-31 18:30:00\t2020-01-02 03:04:05\.000006\+00\t03:04:05\t03:04:05\.000006\+05:30\tearly\t\\N\t\\N$/m);
      assert.match(dump(byLens, { sortRows: true }), /^2\t.*\t23:59:59\.999999\t08:00:00\+00\tlate\t\\N\t\\N$/m);
      assert.match(dump(byLens, { sortRows: true }), /^3\t.*\tliteral\t/m);
      assert.match(dump(byLens, { sortRows: true }), /^4\t.*\t\{"2020-01-01 18:30:00\+00","2021-03-04 05:00:00\+00"\}\t\{01:00:00,02:03:04\.000005\}$/m);
    }
  }
});
