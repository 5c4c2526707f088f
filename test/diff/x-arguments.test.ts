/**
 * `context.get_x_argument()` in a migration (lifelike's `get_x_argument(as_dictionary=True)
 * .get("data_migrate")` guards its data migrations): the command's `-x` values, `[]` / `{}`
 * without any, as the real Alembic 1.20 passes them. A compiled migration kept from a run with
 * other `-x` values is not reused. `op.get_context().environment_context.get_x_argument()` reads
 * the same values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = `"""x arguments

Revision ID: a1
Revises:
"""
from alembic import context, op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.add_column("t", sa.Column("c", sa.Integer()))
    if context.get_x_argument(as_dictionary=True).get("data_migrate", None):
        op.execute("UPDATE t SET c = 1")
    for arg in context.get_x_argument():
        op.execute("SELECT '%s'" % arg.replace("'", ""))
    # The same EnvironmentContext reached through the migration context (Alembic-Branches-Example).
    if op.get_context().environment_context.get_x_argument(as_dictionary=True).get("flag") is not None:
        op.execute("SELECT 'flag, read through op.get_context()'")


def downgrade():
    if "keep" not in context.get_x_argument(True):
        op.drop_column("t", "c")
`;

test('get_x_argument() reads the -x values (none, some, a flag) as Alembic passes them, upgrade and downgrade', async () => {
  const dir = temporaryFolder('x-arguments-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_x.py'), MIGRATION);
  const outputs = new Set<string>();
  // Each run after the first finds the previous run's compiled migration in the cache.
  for (const x of [[], ['data_migrate=1', 'flag'], ['keep'], []]) {
    const options = x.flatMap((value) => ['-x', value]);
    for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'a1:base', '--sql']]) {
      const expected = runAlembic(dir, [...options, ...args]);
      assert.equal(expected.code, 0, expected.stderr);
      const actual = await runLens(dir, [...options, ...args]);
      assert.equal(actual.code, 0, actual.stderr);
      assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), `${options.join(' ')} ${args.join(' ')}`);
      outputs.add(actual.stdout);
    }
  }
  // Not a vacuous comparison: the -x values changed what was printed.
  assert.ok(outputs.size >= 4, `${outputs.size} different outputs`);
});
