/**
 * `sa.select(t)` of a whole table (survey GU), compared with the real Alembic 1.20 / SQLAlchemy
 * 2.1 under `--sql`: each of its columns in order, as if written one by one (so labelled as
 * they would be: `u.id AS id_1` beside `t.id`), for `sa.table()`, `sa.Table()` (its columns'
 * names, not their `key=`) and the Table `op.create_table()` returns, in a statement,
 * `from_select()` and an IN subquery. Lens refused it as "sa.select() of something other than
 * columns". A Table whose columns the engine could not all read stays refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = [
  'staging = sa.table("staging", sa.column("id", sa.Integer), sa.column("email", sa.String), schema="etl")',
  'person = sa.table("person", sa.column("id", sa.Integer), sa.column("email", sa.String), sa.column("team_id", sa.Integer))',
  'team = sa.Table("team", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("label", sa.String(20), key="title"), sa.Index("ix_team_id", "id"))',
];

test('a select of a whole table lists its columns as SQLAlchemy does', async () => {
  const dir = offlineProject('select-whole-table-', {
    'migrations/versions/a1_tables.py': baseRevision({
      helpers: HELPERS,
      upgrade: [
        'op.execute(person.insert().from_select(["id", "email"], sa.select(staging).where(staging.c.email.isnot(None))))',
        'op.execute(sa.select(person, team).select_from(person.join(team, team.c.id == person.c.team_id)))',
        'op.execute(sa.select(team, team.c.title))',
        'op.execute(team.delete().where(team.c.id.in_(sa.select(staging))))',
        'copy = op.create_table("person_copy", sa.Column("id", sa.Integer), sa.Column("email", sa.String))',
        'op.execute(copy.insert().from_select(["id", "email"], sa.select(staging)))',
        'op.execute(sa.select(copy).where(copy.c.id > 5))',
      ],
    }),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT person\.id, person\.email, person\.team_id, team\.id AS id_1, team\.label \nFROM person JOIN team ON team\.id = person\.team_id;/);
});

test('a Table some of whose columns the engine cannot read stays refused in a select', async () => {
  const dir = offlineProject('select-whole-table-unread-', {
    'migrations/versions/a1_tables.py': baseRevision({
      imports: ['import uuid', 'from alembic import op', 'import sqlalchemy as sa'],
      upgrade: [
        // A column whose name is known only at run time.
        'extra = sa.Table("extra", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column(uuid.uuid4().hex[:1] and "b", sa.Integer))',
        'op.execute(sa.select(extra))',
      ],
    }),
  });
  assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /sa\.select\(\) of the table extra, some of whose columns the engine could not read/);
});
