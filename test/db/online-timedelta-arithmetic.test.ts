// A Python timedelta beside a column or a function in a live run's data statement
// (`created_at < now() - timedelta(days=30)`, `wait + timedelta(seconds=-1)`): Alembic binds it and
// psycopg2 sends `'-1 days 86399.000000 seconds'::interval`, which PostgreSQL adds field by field
// (`1 day 00:00:05` plus it is `24:00:04`), where `--sql`'s make_interval(secs=>-1.0) would give
// `1 day 00:00:04`. Run live on PostgreSQL by the real Alembic 1.20 and by Lens from the same
// history: the same rows up and down. Lens refused these statements before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nimport datetime\n';

const events = 'events = sa.table("events", sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("day", sa.Date), sa.column("wait", sa.Interval))\n\n';

const FIRST = `${migrationHeader('t1', undefined, IMPORTS)}${events}
def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime()),
        sa.Column("day", sa.Date()),
        sa.Column("wait", sa.Interval()),
    )
    op.bulk_insert(events, [
        {"id": 1, "at": datetime.datetime(2024, 3, 1, 12, 0), "day": datetime.date(2024, 3, 1), "wait": datetime.timedelta(days=1, seconds=5)},
        {"id": 2, "at": datetime.datetime(2000, 1, 1), "day": datetime.date(2000, 1, 1), "wait": datetime.timedelta(hours=2)},
    ])


def downgrade():
    op.drop_table("events")
`;

const SECOND = `${migrationHeader('t2', 't1', IMPORTS)}${events}
def upgrade():
    op.execute(events.update().values(wait=events.c.wait + datetime.timedelta(seconds=-1)))
    op.execute(events.update().where(events.c.id == 1).values(at=events.c.at - datetime.timedelta(days=1, microseconds=7), day=events.c.day - datetime.timedelta(days=2)))
    op.execute(events.delete().where(events.c.at < sa.func.now() - datetime.timedelta(days=3650)))
    op.execute(events.update().where(events.c.wait > datetime.timedelta(hours=23)).values(id=10))


def downgrade():
    op.execute(events.update().where(events.c.id == 10).values(wait=datetime.timedelta(0) + events.c.wait - datetime.timedelta(days=-2)))
`;

test('timedeltas beside columns and functions in a live run store and compare as through Alembic: the same rows up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-timedelta-', { 't1_events.py': FIRST, 't2_arithmetic.py': SECOND });
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.deepEqual(rows(databases.byLens), ['t2']);
  // Added field by field, as psycopg2's '-1 days 86399.000000 seconds'::interval is: 24:00:04, not 1 day 00:00:04.
  assert.match(upgraded, /^10\t2024-02-29 11:59:59\.999993\t2024-02-28\t24:00:04$/m);
  assert.doesNotMatch(upgraded, /^2\t/m, 'the row of 2000 is older than ten years');
  await migrateBoth(ini, databases, ['downgrade', 't1']);
});
