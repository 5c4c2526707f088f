/**
 * Two held-out findings of 6 December (lsst-dm/daf_butler_migrate), compared with the real
 * Alembic 1.20: env.py reading `version_table_schema` from alembic.ini with
 * `config.get_section_option(...)` (the version table lives in that schema; Lens printed it in
 * `public` with exit 0), and a helper's `if server_default is None:` given a SQL expression
 * (identity, never a SQL operator). A version table env.py computes some other way is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""one

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def retype(table, column, server_default=None):
    if server_default is None:
        op.alter_column(table, column, type_=sa.DateTime())
    else:
        op.alter_column(table, column, type_=sa.DateTime(), server_default=server_default)


def upgrade():
    retype("t", "created", sa.func.now())
    retype("t", "updated", sa.text("now()"))
    retype("t", "seen")


def downgrade():
    op.alter_column("t", "created", server_default=None)
`;

function envPy(schemaExpression: string, before = ''): string {
  return `import os

from alembic import context

config = context.config


def run_migrations_offline():
${before}    context.configure(url="postgresql://u@h/d", literal_binds=True, version_table_schema=${schemaExpression})
    with context.begin_transaction():
        context.run_migrations()


run_migrations_offline()
`;
}

function project(env: string, ini = ''): string {
  const dir = temporaryFolder('version-schema-ini-');
  writeFile(path.join(dir, 'alembic.ini'), `[alembic]\nscript_location = migrations\nmain_schema = main_reg\n\n[app]\nschema = reg\nempty =\n${ini}`);
  writeFile(path.join(dir, 'migrations', 'env.py'), env);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_one.py'), MIGRATION);
  return dir;
}

const UPGRADE = ['upgrade', 'head', '--sql'];

test('version_table_schema from get_section_option, through a name assigned in the function: the same SQL as Alembic, in that schema', async () => {
  const dir = project(envPy('schema', '    schema = config.get_section_option("app", "schema")\n'));
  const sql = await assertSameAsAlembic(dir, UPGRADE);
  assert.match(sql, /CREATE TABLE reg\.alembic_version/);
  assert.match(sql, /INSERT INTO reg\.alembic_version/);
  // The helper's identity test: a SQL expression is not None.
  assert.match(sql, /ALTER COLUMN created SET DEFAULT now\(\)/);
  assert.match(sql, /ALTER COLUMN seen TYPE TIMESTAMP WITHOUT TIME ZONE;\n/);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});

test('get_main_option written in the call, with a default for an option the section lacks, and an empty value: as Alembic', async () => {
  assert.match(await assertSameAsAlembic(project(envPy('context.config.get_main_option("main_schema")')), UPGRADE), /CREATE TABLE main_reg\.alembic_version/);
  assert.match(await assertSameAsAlembic(project(envPy('config.get_main_option("nowhere", "fallback_reg")')), UPGRADE), /CREATE TABLE fallback_reg\.alembic_version/);
  assert.match(await assertSameAsAlembic(project(envPy('config.get_section_option("app", "empty")')), UPGRADE), /CREATE TABLE alembic_version/);
});

test('from the environment (os.environ.get with a default, the variable unset): the same SQL as Alembic', async () => {
  assert.match(await assertSameAsAlembic(project(envPy('os.environ.get("ALEMBIC_LENS_TEST_UNSET_SCHEMA", "env_reg")')), UPGRADE), /CREATE TABLE env_reg\.alembic_version/);
});

test('a version_table_schema env.py computes at run time: Lens refuses instead of printing the version table in public', async () => {
  const dir = project(envPy('os.environ.get("ALEMBIC_LENS_TEST_UNSET_SCHEMA", "ENV_REG").lower()'));
  const alembic = runAlembic(dir, UPGRADE);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /CREATE TABLE env_reg\.alembic_version/);
  const lens = await runLens(dir, UPGRADE);
  assert.notEqual(lens.code, 0);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, /version_table_schema in env\.py is not known statically/);
});

test('the name assigned under an if, or twice, is not followed (refused, not guessed)', async () => {
  const conditional = project(envPy('schema', '    schema = None\n    if os.environ.get("X"):\n        schema = config.get_section_option("app", "schema")\n'));
  const lens = await runLens(conditional, UPGRADE);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /not known statically/);
});
