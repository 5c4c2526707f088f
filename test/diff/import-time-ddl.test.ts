/**
 * DDL that a migration's module-level code runs through the migration context when Alembic
 * imports the file (STRR's `stratahotelcategory.create(op.get_bind(), checkfirst=True)` under the
 * imports; FitTrackee's the same inside `try: ... except NameError: pass`). Alembic imports every
 * file of the folder inside `upgrade`, `downgrade` and `stamp`, so the statement is printed by each
 * of them, after the opening BEGIN (before it under transaction_per_migration) and before the
 * version table, whatever the range. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

function migration(revision: string, down: string | null, moduleCode: string, upgrade: string, downgrade: string): string {
  return `"""${revision}

Revision ID: ${revision}
Revises: ${down ?? ''}
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "${revision}"
down_revision = ${down === null ? 'None' : `"${down}"`}
branch_labels = None
depends_on = None

${moduleCode}

def upgrade():
${upgrade}


def downgrade():
${downgrade}
`;
}

const FIRST = migration('a1', null, '', '    op.create_table("rental", sa.Column("id", sa.Integer(), primary_key=True))', '    op.drop_table("rental")');
// STRR's shape: the type is made at import; add_column makes no CREATE TYPE of its own.
const SECOND = migration(
  'b2',
  'a1',
  "category = postgresql.ENUM('FULL', 'MULTI', name='category')\ncategory.create(op.get_bind(), checkfirst=True)\n",
  '    op.add_column("rental", sa.Column("category", category, nullable=True))',
  '    op.drop_column("rental", "category")',
);
// FitTrackee's shape: guarded for `alembic revision`, where the proxy is not established.
const THIRD = migration(
  'c3',
  'b2',
  "processing = postgresql.ENUM('NONE', 'OPEN', name='processing')\ntry:\n    processing.create(op.get_bind(), checkfirst=True)\nexcept NameError:\n    pass\n\nbind = op.get_bind()\nsa.Enum('x', 'y', name='letters').create(bind)\n",
  '    op.add_column("rental", sa.Column("processing", processing, server_default="NONE", nullable=False))',
  '    op.drop_column("rental", "processing")',
);

function project(envPy: string): string {
  const dir = temporaryFolder('import-time-ddl-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), envPy);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_rental.py'), FIRST);
  writeFile(path.join(dir, 'migrations', 'versions', 'b2_category.py'), SECOND);
  writeFile(path.join(dir, 'migrations', 'versions', 'c3_processing.py'), THIRD);
  return dir;
}

const COMMANDS = [
  ['upgrade', 'heads', '--sql'],
  // A range that leaves both files out still imports them.
  ['upgrade', 'base:a1', '--sql'],
  ['downgrade', 'c3:a1', '--sql'],
  ['stamp', 'heads', '--sql'],
];

test('module-level DDL through op.get_bind() is printed by every offline command, as Alembic prints it', async () => {
  const dir = project(OFFLINE_ENV_PY);
  for (const args of COMMANDS) {
    const ours = await assertSameAsAlembic(dir, args);
    assert.match(ours, /^BEGIN;\n\nCREATE TYPE category AS ENUM \('FULL', 'MULTI'\);\n\nCREATE TYPE processing AS ENUM \('NONE', 'OPEN'\);\n\nCREATE TYPE letters AS ENUM \('x', 'y'\);\n\n/, args.join(' '));
  }
});

test('under transaction_per_migration the import-time DDL comes before the first BEGIN', async () => {
  const dir = project(OFFLINE_ENV_PY.replace('literal_binds=True', 'literal_binds=True, transaction_per_migration=True'));
  for (const args of COMMANDS) {
    const ours = await assertSameAsAlembic(dir, args);
    assert.match(ours, /^CREATE TYPE category AS ENUM/, args.join(' '));
  }
});

test('module-level code through op that the engine cannot follow refuses --sql, naming the line', async () => {
  const dir = project(OFFLINE_ENV_PY);
  writeFile(
    path.join(dir, 'migrations', 'versions', 'b2_category.py'),
    SECOND.replace('category.create(op.get_bind(), checkfirst=True)', 'import random\nop.execute(random.choice(["SELECT 1", "SELECT 2"]))'),
  );
  // Alembic prints one or the other; which is known only when it runs.
  assert.equal(runAlembic(dir, ['upgrade', 'base:a1', '--sql']).code, 0);
  const lens = await runLens(dir, ['upgrade', 'base:a1', '--sql']);
  assert.equal(lens.code, 1, lens.stderr);
  assert.match(lens.stderr, /b2_category\.py:17: import of b2: value computed at run time by random\.choice\(\)/);
  assert.equal(lens.stdout, '');
});
