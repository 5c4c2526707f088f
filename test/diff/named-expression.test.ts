/**
 * The walrus operator in a migration: marzneshin's `if (dialect := op.get_bind().dialect.name) ==
 * "postgresql": ... elif dialect == "mysql": ...` was refused ("unsupported Python expression
 * (named expression)", held-out sweep AR) where Alembic prints the PostgreSQL branch. A named
 * expression evaluates to its value and binds the name, in a condition, an f-string's operand
 * and a comprehension's filter alike. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, NAMED_OFFLINE_ENV_PY, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""walrus

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("hosts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("alpn", sa.Integer()))
    if (dialect := op.get_bind().dialect.name) == "postgresql":
        op.alter_column("hosts", "alpn", type_=sa.String(32), postgresql_using="alpn::text")
    elif dialect == "mysql":
        op.alter_column("hosts", "alpn", type_=sa.String(32))
    if (count := len("abc")) > 2:
        op.add_column("hosts", sa.Column(f"c{count}", sa.Integer()))
    names = [upper for name in ["a", "b"] if (upper := name.upper())]
    op.execute(f"COMMENT ON TABLE hosts IS '{dialect} {names} {upper}'")


def downgrade():
    if (dialect := op.get_bind().dialect.name) != "sqlite":
        op.drop_table("hosts")
`;

test('a named expression (:=) in a condition, an f-string and a comprehension gives the SQL Alembic prints', async () => {
  const dir = offlineProject('named-expression-', { 'migrations/versions/a1_walrus.py': MIGRATION }, '', NAMED_OFFLINE_ENV_PY);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
