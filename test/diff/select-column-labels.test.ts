/**
 * The columns clause of a SELECT as SQLAlchemy 2 labels it: a select executed as the statement or
 * given to `insert().from_select()` disambiguates repeated names (`SELECT users.id, orgs.id AS
 * id_1`; the same column again `AS id__1`), and `.label("x")` prints `AS x` wherever the select
 * stands. Lens printed the names bare and dropped labels (sweep BR, z1 r0044). A scalar, IN or
 * EXISTS subquery does not disambiguate. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

test('repeated and labelled names in a SELECT print as SQLAlchemy labels them', async () => {
  const dir = offlineProject('select-labels-', {
    'migrations/versions/a1_labels.py': `${migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\n')}
u = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String))
o = sa.table("orgs", sa.column("id", sa.Integer), sa.column("name", sa.String), schema="app")
g = sa.table("groups", sa.column("id", sa.Integer), sa.column("Name", sa.String))


def upgrade():
    op.execute(sa.select(u.c.id, o.c.id))
    op.execute(sa.select(u.c.id, o.c.id, g.c.id).where(u.c.id == o.c.id))
    op.execute(sa.select(u.c.id, u.c.id, o.c.id, o.c.id).distinct())
    op.execute(sa.select(u.c.id, o.c.id, u.c.name, o.c.name, g.c.id, g.c.Name, u.c.name))
    op.execute(sa.select(u.c.name.label("id"), o.c.id))
    op.execute(sa.select(u.c.id, o.c.name.label("id"), u.c.id))
    op.execute(sa.select(u.c.id, o.c.id.label("id_1"), g.c.id))
    op.execute(sa.select(u.c.id.label("id"), u.c.id, g.c.Name.label("Group Name")))
    op.execute(sa.insert(u).from_select(["id", "name"], sa.select(o.c.id, g.c.id)))
    op.execute(u.update().values(name=sa.select(o.c.name.label("x")).where(o.c.id == u.c.id)))
    op.execute(u.delete().where(u.c.id.in_(sa.select(o.c.id, g.c.id))))
    op.execute(u.delete().where(sa.exists(sa.select(o.c.id, g.c.id.label("gid")).where(o.c.id == u.c.id))))
    op.execute(sa.select(u.c.id).where(u.c.id.in_(sa.select(o.c.id.label("x")))))


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /SELECT users\.id, app\.orgs\.id AS id_1 \nFROM users, app\.orgs;/);
});
