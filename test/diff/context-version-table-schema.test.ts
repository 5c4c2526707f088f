/**
 * A migration that reads the version table's schema from the migration context: HSF/iDDS writes
 * `schema = context.get_context().version_table_schema if context.get_context().version_table_schema
 * else ''` and builds every table name from it (rucio the same). Lens refused every revision
 * (held-out sweep AV) although it knows the value, from env.py's `configure()`. Each spelling is
 * compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const envPy = (schema: string): string => `from alembic import context

config = context.config


def run_migrations_offline():
    context.configure(url="postgresql://u@h/d", literal_binds=True, version_table_schema=${schema})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    context.configure(connection=None, version_table_schema=${schema})
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const MIGRATION = `"""requests

Revision ID: a1
Revises:
"""
from alembic import context, op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    schema = context.get_context().version_table_schema + "." if context.get_context().version_table_schema else ""
    op.create_table("requests", sa.Column("id", sa.Integer(), primary_key=True), schema=op.get_context().version_table_schema)
    op.execute(f"UPDATE {schema}requests SET id = id")
    if op.get_context().version_table != "alembic_version":
        op.execute("SELECT 1")


def downgrade():
    op.drop_table("requests", schema=context.get_context().version_table_schema)
`;

const CASES: Record<string, { schema: string; ini: string }> = {
  'a literal schema': { schema: '"doma_idds"', ini: '' },
  "a schema read from alembic.ini (iDDS's version_table_schema option)": { schema: 'config.get_main_option("version_table_schema")', ini: 'version_table_schema = doma_idds\n' },
  'no schema (None)': { schema: 'None', ini: '' },
};

for (const [name, item] of Object.entries(CASES)) {
  test(`op.get_context().version_table_schema with ${name} gives Alembic's SQL`, async () => {
    const dir = temporaryFolder('context-version-table-schema-');
    writeFile(path.join(dir, 'alembic.ini'), `[alembic]\nscript_location = migrations\n${item.ini}`);
    writeFile(path.join(dir, 'migrations', 'env.py'), envPy(item.schema));
    writeFile(path.join(dir, 'migrations', 'versions', 'a1_requests.py'), MIGRATION);
    await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
  });
}
