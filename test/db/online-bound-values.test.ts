// Python values in a live run's data statements mean to PostgreSQL what psycopg2's binds mean, not
// what `--sql`'s literals mean. Alembic's live run binds each value and psycopg2 writes it into the
// statement its own way: a float for an Integer column stays `3.7` (stored as 4; `--sql` prints
// 3), a timedelta is `'-1 days 86399.000000 seconds'::interval` (stored as `-1 days +23:59:59`;
// make_interval() stores `-00:00:01`), a number or a str for a String or Date column is sent as
// it is (`--sql` cannot print it, a live run stores it), True for an Integer column is `true`
// (PostgreSQL refuses it; `--sql` prints 1). Run live on PostgreSQL by the real Alembic 1.20 and
// by Lens from the same history: the same rows up and down, and the same failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, dump, freshDatabase, lens, projectWithVersions, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nimport datetime\n';

const events = 'events = sa.table("events", sa.column("id", sa.Integer), sa.column("n", sa.Integer), sa.column("label", sa.String(20)), sa.column("day", sa.Date), sa.column("wait", sa.Interval), sa.column("hit", sa.Integer))\n\n';

const TABLE = `    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("n", sa.Integer()),
        sa.Column("label", sa.String(20)),
        sa.Column("day", sa.Date()),
        sa.Column("wait", sa.Interval()),
        sa.Column("hit", sa.Integer()),
    )
`;

const FIRST = `${migrationHeader('b1', undefined, IMPORTS)}${events}
def upgrade():
${TABLE}    op.bulk_insert(events, [{"id": 1, "n": 3.7, "wait": datetime.timedelta(seconds=-1)}, {"id": 2, "n": 4, "wait": datetime.timedelta(days=1, seconds=5, microseconds=7)}])


def downgrade():
    op.drop_table("events")
`;

const SECOND = `${migrationHeader('b2', 'b1', IMPORTS)}${events}
def upgrade():
    op.execute(events.update().where(events.c.n == 3.7).values(hit=1))
    op.execute(events.insert().values(id=3, n=sa.cast(2.5, sa.Integer)))
    op.bulk_insert(events, [{"id": 4, "n": 1, "wait": datetime.timedelta(hours=25)}])


def downgrade():
    op.execute(events.delete().where(events.c.id == 4))
    op.execute(events.update().where(events.c.n == 4).values(n=1.5))
`;

/** Runs the history up to head and back to `down` with both, comparing the databases after each. */
async function sameRowsUpAndDown(prefix: string, versions: Record<string, string>, head: string, down: string): Promise<{ upgraded: string; downgraded: string }> {
  requireAlembic();
  const ini = projectWithVersions(prefix, versions);
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  const upAlembic = alembic(ini, byAlembic, ['upgrade', 'head']);
  assert.equal(upAlembic.status, 0, upAlembic.stderr);
  const upLens = await lens(ini, byLens, ['upgrade', 'head']);
  assert.equal(upLens.status, 0, upLens.stderr);
  assert.deepEqual(rows(byLens), [head]);
  const upgraded = dump(byLens, { sortRows: true });
  assert.equal(upgraded, dump(byAlembic, { sortRows: true }));
  const downAlembic = alembic(ini, byAlembic, ['downgrade', down]);
  assert.equal(downAlembic.status, 0, downAlembic.stderr);
  const downLens = await lens(ini, byLens, ['downgrade', down]);
  assert.equal(downLens.status, 0, downLens.stderr);
  const downgraded = dump(byLens, { sortRows: true });
  assert.equal(downgraded, dump(byAlembic, { sortRows: true }));
  return { upgraded, downgraded };
}

test('numbers and timedeltas bound in a live run store and compare as through Alembic: the same rows up and down', async () => {
  const { upgraded, downgraded } = await sameRowsUpAndDown('online-bound-values-', { 'b1_events.py': FIRST, 'b2_values.py': SECOND }, 'b2', 'b1');
  assert.match(upgraded, /^1\t4\t\\N\t\\N\t-1 days \+23:59:59\t\\N$/m, '3.7 is stored as 4 and is no match for 3.7; -1 second is -1 days +23:59:59');
  assert.match(upgraded, /^2\t4\t\\N\t\\N\t1 day 00:00:05.000007\t\\N$/m);
  assert.match(upgraded, /^3\t3\t\\N\t\\N\t\\N\t\\N$/m, 'CAST(2.5 AS INTEGER) is 3');
  assert.match(upgraded, /^4\t1\t\\N\t\\N\t1 day 01:00:00\t\\N$/m);
  assert.match(downgraded, /^1\t2\t/m, '1.5 is stored as 2');
});

const UNPRINTABLE = `${migrationHeader('d1', undefined, IMPORTS)}${events}
def upgrade():
${TABLE}    op.bulk_insert(events, [{"id": 1, "label": 5, "day": "2024-03-01"}, {"id": 2, "label": "x", "day": "2024-01-01"}])
    op.execute(events.update().where(events.c.day == "2024-01-01").values(hit=1))
    op.execute(events.insert().values(id=3, label=sa.literal(1.5, sa.String)))
    op.execute(sa.text("UPDATE events SET hit = :hit WHERE label = '1.5'").bindparams(hit=2.5))
    op.execute(sa.text("UPDATE events SET day = :day, label = :label WHERE id = 3").bindparams(day="2024-05-06", label=7))


def downgrade():
    op.drop_table("events")
`;

test('values --sql cannot print (a number for a String column, a str for a Date column) are bound in a live run as through Alembic', async () => {
  const { upgraded } = await sameRowsUpAndDown('online-bound-unprintable-', { 'd1_events.py': UNPRINTABLE }, 'd1', 'base');
  assert.match(upgraded, /^1\t\\N\t5\t2024-03-01\t\\N\t\\N$/m);
  assert.match(upgraded, /^2\t\\N\tx\t2024-01-01\t\\N\t1$/m);
  assert.match(upgraded, /^3\t\\N\t7\t2024-05-06\t\\N\t3$/m, 'sa.literal(1.5, sa.String) is stored as 1.5, and :hit 2.5 as 3');
});

const REFUSED = `${migrationHeader('c1', undefined, IMPORTS)}${events}
def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("n", sa.Integer()))
    op.execute(events.insert().values(id=1, n=True))


def downgrade():
    op.drop_table("events")
`;

test('True bound for an Integer column fails in a live run as it does through Alembic (42804), leaving nothing', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-bound-bool-', { 'c1_events.py': REFUSED });
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  const upAlembic = alembic(ini, byAlembic, ['upgrade', 'head']);
  assert.notEqual(upAlembic.status, 0);
  assert.match(upAlembic.stderr, /column "n" is of type integer but expression is of type boolean/);
  const upLens = await lens(ini, byLens, ['upgrade', 'head']);
  assert.notEqual(upLens.status, 0, 'Lens stored 1 where Alembic fails');
  assert.match(upLens.stdout + upLens.stderr, /column "n" is of type integer but expression is of type boolean/);
  assert.equal(dump(byLens), dump(byAlembic));
});

const RANGES = `${migrationHeader('g1', undefined, IMPORTS)}
spans = sa.table("spans", sa.column("id", sa.Integer), sa.column("days", postgresql.DATERANGE), sa.column("ids", postgresql.INT4RANGE))


def upgrade():
    op.create_table("spans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("days", postgresql.DATERANGE()), sa.Column("ids", postgresql.INT4RANGE()))
    op.bulk_insert(spans, [{"id": 1, "days": "[2024-01-01,2024-02-01)", "ids": "[1,5]"}])
    op.execute(spans.update().where(spans.c.ids == "[1,6)").values(days="empty"))


def downgrade():
    op.drop_table("spans")
`;

test('a str for a range column (which --sql cannot print) is bound in a live run as through Alembic', async () => {
  const { upgraded } = await sameRowsUpAndDown('online-bound-ranges-', { 'g1_spans.py': RANGES }, 'g1', 'base');
  assert.match(upgraded, /^1\tempty\t\[1,6\)$/m);
});
