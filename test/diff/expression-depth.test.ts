/**
 * A generated migration with an expression some 3,000 operations deep: CPython 3.11's compiler
 * raises RecursionError ("maximum recursion depth exceeded during compilation") when Alembic
 * imports it (from 2,892 terms of `1 + 1 + ...` at the top of a migration under
 * `upgrade --sql`), and every command over the folder fails. Lens printed its SQL; it must refuse
 * the file. A shallower chain compiles and prints the same SQL in both. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function migration(terms: number): string {
  return `"""generated weights

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

TOTAL = ${Array(terms).fill('1').join(' + ')}


def upgrade():
    op.add_column("t", sa.Column("c", sa.Integer()))


def downgrade():
    op.drop_column("t", "c")
`;
}

test('a chain too deep for CPython to compile fails --sql as Alembic fails it', async () => {
  const dir = offlineProject('expression-depth-', { 'migrations/versions/a1_deep.py': migration(3200) });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /RecursionError: maximum recursion depth exceeded during compilation/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0, lens.stdout);
  assert.match(lens.stderr, /a1_deep\.py:12:.*RecursionError: maximum recursion depth exceeded during compilation/);
  assert.doesNotMatch(lens.stdout, /ALTER TABLE/);
});

test('a long chain CPython still compiles prints the SQL Alembic prints', async () => {
  const dir = offlineProject('expression-depth-ok-', { 'migrations/versions/a1_long.py': migration(2500) });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});
