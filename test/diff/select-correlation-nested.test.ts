/**
 * A select nested in a SELECT (EXISTS, IN, a scalar subquery) correlates the enclosing SELECT's
 * FROM list as SQLAlchemy auto-correlates: those tables are left out of its own FROM list while
 * another remains. Only the immediately enclosing statement counts: a select two levels down lists
 * a table of the outermost statement again, inside an UPDATE or DELETE too. Lens correlated only
 * an UPDATE's or DELETE's own table, so `SELECT ... FROM users WHERE EXISTS (SELECT * FROM
 * audit.log, users ...)` (sweep BR, z1 r0044). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

test('a nested select correlates the tables of the statement immediately enclosing it', async () => {
  const dir = offlineProject('select-correlation-', {
    'migrations/versions/a1_correlation.py': `${migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\n')}
def upgrade():
    u = sa.table("users", sa.column("id", sa.Integer), sa.column("org_id", sa.Integer))
    o = sa.table("orgs", sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer))
    a = sa.table("log", sa.column("user_id", sa.Integer), schema="audit")
    op.execute(sa.select(u.c.id).where(sa.exists().where(a.c.user_id == u.c.id)))
    op.execute(sa.select(u.c.id).where(sa.exists().where(u.c.id > 1)))
    op.execute(sa.select(u.c.id).where(u.c.id.in_(sa.select(o.c.id).where(o.c.owner_id == u.c.id))))
    op.execute(sa.select(u.c.id).where(u.c.id.in_(sa.select(u.c.id, o.c.id).where(o.c.owner_id == u.c.id))))
    op.execute(sa.select(u.c.id).where(u.c.org_id == sa.select(o.c.id).where(o.c.owner_id == u.c.id)))
    op.execute(sa.select(u.c.id).where(sa.exists().where(o.c.owner_id == u.c.id).where(sa.exists().where(a.c.user_id == o.c.id))))
    op.execute(sa.select(u.c.id).where(sa.exists().where(o.c.owner_id == u.c.id).where(sa.exists().where(a.c.user_id == u.c.id))))
    op.execute(sa.insert(o).from_select(["id"], sa.select(u.c.id).where(sa.exists().where(a.c.user_id == u.c.id))))
    op.execute(sa.insert(o).from_select(["id"], sa.select(u.c.id).where(sa.exists().where(o.c.id == u.c.id))))
    op.execute(u.update().values(org_id=1).where(sa.exists().where(a.c.user_id == u.c.id).where(sa.exists().where(o.c.id == a.c.user_id))))
    op.execute(u.update().values(org_id=1).where(sa.exists().where(a.c.user_id == u.c.id).where(sa.exists().where(o.c.id == u.c.id))))
    op.execute(u.delete().where(sa.exists().where(a.c.user_id == u.c.id).where(sa.exists().where(o.c.id == u.c.id).where(o.c.id == a.c.user_id))))
    op.execute(u.update().values(org_id=sa.select(o.c.id).where(o.c.owner_id == u.c.id)))


def downgrade():
    pass
`,
  });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
