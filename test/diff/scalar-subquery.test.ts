/**
 * A select used inside an expression is SQLAlchemy's scalar subquery, printed in parentheses: as a
 * SET value of an UPDATE (wazo-auth's `update().values(tenant_uuid=sa.select(...).where(...))`,
 * which Lens printed without them, so PostgreSQL refused the statement), in a comparison and as a
 * function's argument; a select executed as the statement itself is printed bare. Compared with
 * the real Alembic 1.20, upgrade and downgrade.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""scalar subqueries

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

address = sa.table("auth_address", sa.column("id", sa.Integer), sa.column("user_uuid", sa.String), sa.column("tenant_uuid", sa.String))
users = sa.table("auth_user", sa.column("uuid", sa.String), sa.column("tenant_uuid", sa.String))


def upgrade():
    op.execute(
        address.update().values(
            tenant_uuid=sa.sql.select(users.c.tenant_uuid).where(users.c.uuid == address.c.user_uuid)
        )
    )
    op.execute(address.delete().where(address.c.tenant_uuid == sa.select(users.c.tenant_uuid).where(users.c.uuid == "x")))
    op.execute(address.update().values(tenant_uuid=sa.func.coalesce(sa.select(users.c.tenant_uuid).where(users.c.uuid == address.c.user_uuid), "none")))
    op.execute(sa.select(users.c.uuid).where(users.c.tenant_uuid == "t"))


def downgrade():
    op.execute(address.update().values(user_uuid=sa.select(users.c.uuid).where(users.c.tenant_uuid == address.c.tenant_uuid)).where(address.c.id > 3))
`;

test('a select inside an UPDATE value, a comparison or a function call is printed in parentheses, as Alembic prints it', async () => {
  const dir = offlineProject('scalar-subquery-', { 'migrations/versions/a1_scalar.py': MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
