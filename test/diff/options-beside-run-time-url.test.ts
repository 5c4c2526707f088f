/**
 * Most env.py files set the URL at run time (`config.set_main_option("sqlalchemy.url",
 * os.environ[...])`). A migration that reads another option from alembic.ini (ckan's
 * `get_main_option("sqlalchemy_migrate_version")`, a flag absent from the ini) was refused as
 * "env.py sets configuration options at run time", for every option (held-out sweep FV: all 109
 * of ckan's upgrades). Only the options env.py writes are unknown; compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const ENV_PY = `import os
from alembic import context

config = context.config
config.set_main_option("sqlalchemy.url", os.environ.get("OPTIONS_TEST_URL", "postgresql://u@h/d"))
config.set_section_option(config.config_ini_section, "unused_flag", "on")


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    raise SystemExit("offline only")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const MIGRATION = `"""flags

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    config = op.get_context().config
    if config.get_main_option("legacy_schema"):
        return
    op.create_table("flags", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("flavour", sa.String(20), server_default=config.get_main_option("flavour")))
    op.execute("UPDATE flags SET flavour = '%s'" % config.get_section_option("extra", "colour", "none"))


def downgrade():
    op.drop_table("flags")
`;

test('options env.py does not write come from alembic.ini beside a URL set at run time: the SQL Alembic prints', async () => {
  const dir = temporaryFolder('options-run-time-url-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nflavour = vanilla\n\n[extra]\ncolour = blue\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_flags.py'), MIGRATION);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
