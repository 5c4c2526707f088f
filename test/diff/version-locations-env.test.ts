/**
 * A version location outside script_location (Flask-Alembic's layout: `script_location =
 * migrations`, `version_locations = %(here)s/history`): Alembic runs the env.py of
 * script_location for every migration, wherever the file lies, so that env.py's naming
 * convention names the constraints. The engine must not look for env.py above the migration
 * file alone (it found none there, or another environment's). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';
import { generateHistory } from '../../bench/generate-history.mjs';

requireAlembic();
isolateCache();

const ENV_PY = (prefix: string): string => `from alembic import context
from sqlalchemy import MetaData

target_metadata = MetaData(naming_convention={
    "uq": "${prefix}uq_%(table_name)s_%(column_0_name)s",
    "ck": "${prefix}ck_%(table_name)s_%(constraint_name)s",
    "fk": "${prefix}fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "${prefix}pk_%(table_name)s",
})

context.configure(url="postgresql://u@h/d", target_metadata=target_metadata, literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
`;

const MIGRATION = `"""create things

Revision ID: a1
Revises:
Create Date: 2024-01-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "things",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.ForeignKeyConstraint(["owner_id"], ["things.id"]),
        sa.CheckConstraint("length(code) > 1", name="code_length"),
    )
    op.create_unique_constraint(None, "things", ["owner_id"])


def downgrade():
    op.drop_table("things")
`;

test('a version location beside script_location is migrated under script_location env.py naming convention', async () => {
  const dir = temporaryFolder('version-locations-env-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nversion_locations = %(here)s/history\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), ENV_PY('app_'));
  writeFile(path.join(dir, 'history', 'a1_create_things.py'), MIGRATION);
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CONSTRAINT app_uq_things_code UNIQUE/);
});

test('another environment env.py above the version location does not name its constraints', async () => {
  // The version folder sits inside another environment's script folder: the env.py above the
  // file is that one's, not the one Alembic runs.
  const dir = temporaryFolder('version-locations-env-other-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nversion_locations = %(here)s/other/history\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), ENV_PY('app_'));
  writeFile(path.join(dir, 'other', 'env.py'), ENV_PY('other_'));
  writeFile(path.join(dir, 'other', 'history', 'a1_create_things.py'), MIGRATION);
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CONSTRAINT app_pk_things PRIMARY KEY/);
  assert.doesNotMatch(sql, /other_/);
});

test('a generated history of 240 revisions read from a sibling script_location: the whole upgrade matches Alembic (compile workers too)', async () => {
  const dir = temporaryFolder('version-locations-env-history-');
  const history = generateHistory({ revisions: 240, out: path.join(dir, 'history'), seed: 7, locations: 2 });
  const ini = path.join(history.dir, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^script_location = .*$/m, 'script_location = %(here)s/../app'));
  // The history's own env.py stays above its version folders: Alembic does not run it.
  const envPy = fs.readFileSync(path.join(history.dir, 'env.py'), 'utf8');
  const withConvention = envPy
    .replace(/^from sqlalchemy import (.*)$/m, 'from sqlalchemy import MetaData, $1')
    .replace(/^target_metadata = .*$/m, 'target_metadata = MetaData(naming_convention={"uq": "app_uq_%(table_name)s_%(column_0_name)s", "pk": "app_pk_%(table_name)s", "fk": "app_fk_%(table_name)s_%(column_0_name)s", "ix": "app_ix_%(column_0_label)s", "ck": "app_ck_%(table_name)s_%(constraint_name)s"})');
  assert.notEqual(withConvention, envPy);
  writeFile(path.join(dir, 'app', 'env.py'), withConvention);
  const sql = await assertSameAsAlembic(history.dir, ['upgrade', 'heads', '--sql']);
  assert.match(sql, /app_/, 'the convention names constraints in this history');
});
