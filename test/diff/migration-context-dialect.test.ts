/**
 * Dialect tests through the migration context however a migration reaches it: Invenio's
 * `op._proxy.migration_context.dialect.name == "postgresql"` (refused: the engine knew
 * `op.get_context()` but not the proxy's attribute) and the dialect's capability flags
 * (`supports_sequences`, `supports_native_enum`, ...), which are true on PostgreSQL whatever the
 * driver. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""dialect tests

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("records_metadata", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("json", sa.JSON()))
    if op._proxy.migration_context.dialect.name == "postgresql":
        op.alter_column("records_metadata", "json", type_=postgresql.JSONB, postgresql_using="json::text::jsonb")
    dialect_name = op._proxy.migration_context.dialect.name
    if dialect_name != "sqlite":
        op.execute("CREATE INDEX ix_records_json ON records_metadata USING gin (json)")
    if op._proxy.migration_context.dialect.supports_sequences:
        op.execute(sa.schema.CreateSequence(sa.Sequence("records_seq")))
    if op.get_context().dialect.supports_native_enum and op.get_bind().dialect.max_identifier_length == 63:
        op.execute("COMMENT ON TABLE records_metadata IS 'native enums'")


def downgrade():
    if op._proxy.migration_context.dialect.supports_sequences:
        op.execute(sa.schema.DropSequence(sa.Sequence("records_seq")))
    op.drop_table("records_metadata")
`;

test('op._proxy.migration_context.dialect and the dialect flags are read as Alembic reads them on PostgreSQL', async () => {
  const dir = offlineProject('migration-context-dialect-', { 'migrations/versions/a1_dialect.py': MIGRATION });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
