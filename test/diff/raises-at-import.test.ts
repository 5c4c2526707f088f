/**
 * A module-level `raise` (R2R's `if not project_name: raise ValueError(...)`, with the variable
 * read from the environment): Alembic cannot import the file, so `upgrade --sql` fails; with the
 * variable set the SQL is Alembic's. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const VARIABLE = 'ALEMBIC_LENS_TEST_PROJECT_SCHEMA';

const MIGRATION = `"""schema from the environment

Revision ID: a1
Revises:
"""
import os

from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

project_name = os.getenv("${VARIABLE}")
if not project_name:
    raise ValueError("${VARIABLE} must be set")


def upgrade():
    op.drop_column("collections", "user_count", schema=project_name)


def downgrade():
    op.add_column("collections", sa.Column("user_count", sa.Integer()), schema=project_name)
`;

async function codesOf(dir: string): Promise<string[]> {
  const result = await runLens(dir, ['check', '--format', 'json']);
  return (JSON.parse(result.stdout) as { problems: { code: string }[] }).problems.map((problem) => problem.code);
}

test('a raise at import fails upgrade --sql as Alembic fails it; with the variable set the SQL is the same', async () => {
  const dir = temporaryFolder('raises-at-import-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_schema.py'), MIGRATION);
  const args = ['upgrade', 'head', '--sql'];
  const previous = process.env[VARIABLE];
  try {
    delete process.env[VARIABLE];
    const failing = runAlembic(dir, args);
    assert.notEqual(failing.code, 0);
    assert.match(failing.stderr, /ValueError: ALEMBIC_LENS_TEST_PROJECT_SCHEMA must be set/);
    const refused = await runLens(dir, args);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /the module raises when Alembic imports it/);
    // Both functions are opaque besides (the engine interprets neither).
    assert.deepEqual(await codesOf(dir), ['raises-at-import', 'opaque-step', 'opaque-step']);

    process.env[VARIABLE] = 'r2r_default';
    assert.match(await assertSameAsAlembic(dir, args), /ALTER TABLE r2r_default\.collections DROP COLUMN user_count/);
    // The lint's own finding on the drop, nothing about the import.
    assert.deepEqual(await codesOf(dir), ['drop-column']);
  } finally {
    if (previous === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = previous;
  }
});
