/**
 * A module-level `raise` (R2R's `if not project_name: raise ValueError(...)`, with the variable
 * read from the environment): Alembic cannot import the file, so `upgrade --sql` fails; with the
 * variable set the SQL is Alembic's. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
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
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'migrations', 'env.py'), 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n');
  fs.writeFileSync(path.join(dir, 'migrations', 'versions', 'a1_schema.py'), MIGRATION);
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
    const expected = runAlembic(dir, args);
    assert.equal(expected.code, 0, expected.stderr);
    const actual = await runLens(dir, args);
    assert.equal(actual.code, 0, actual.stderr);
    assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout));
    assert.match(actual.stdout, /ALTER TABLE r2r_default\.collections DROP COLUMN user_count/);
    // The lint's own finding on the drop, nothing about the import.
    assert.deepEqual(await codesOf(dir), ['drop-column']);
  } finally {
    if (previous === undefined) delete process.env[VARIABLE];
    else process.env[VARIABLE] = previous;
  }
});
