/**
 * A `@compiles` hook in env.py: Alembic runs env.py before any migration, so SQLAlchemy prints every
 * statement of the history through it. AudiusProject's discovery provider (198 revisions, held-out
 * sweep GN) registers one that adds IF NOT EXISTS to CREATE TABLE / CREATE INDEX / ADD COLUMN and
 * IF EXISTS to the DROPs of the same. The engine followed hooks in the migration file only, and
 * printed `DROP INDEX ix_things_slot;` where Alembic prints `DROP INDEX IF EXISTS ix_things_slot;`.
 * Now every operation under such a hook is refused with the reason; a hook for another dialect
 * changes nothing. Compared with the real Alembic 1.20.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `"""things

Revision ID: h1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "h1"
down_revision = None


def upgrade():
    op.create_table("things", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("slot", sa.Integer()))
    op.create_index("ix_things_slot", "things", ["slot"])
    op.execute("UPDATE things SET slot = 0")


def downgrade():
    op.drop_index("ix_things_slot", table_name="things")
    op.drop_table("things")
`;

function envPy(dialect: string): string {
  return `import re

from alembic import context
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import DropIndex


@compiles(DropIndex${dialect})
def _drop_index_if_exists(element, compiler, **kw):
    return re.sub("DROP INDEX", "DROP INDEX IF EXISTS", compiler.visit_drop_index(element, **kw))


context.configure(url="postgresql://u@h/d", literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
`;
}

function project(dialect: string): string {
  return offlineProject('env-compiler-hook-', { 'migrations/versions/h1_things.py': MIGRATION }, '', envPy(dialect));
}

test("an env.py hook for PostgreSQL: Alembic prints through it, the engine refuses instead of printing other SQL", async () => {
  const dir = project('');
  const alembic = runAlembic(dir, ['downgrade', 'h1:base', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /DROP INDEX IF EXISTS ix_things_slot;/);
  for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'h1:base', '--sql']]) {
    const lens = await runLens(dir, args);
    assert.notEqual(lens.code, 0, `${args.join(' ')}: ${lens.stdout}`);
    assert.doesNotMatch(lens.stdout, /DROP INDEX ix_things_slot/);
    assert.match(lens.stderr, /env\.py's @compiles\(DropIndex\) hook changes how SQLAlchemy prints its statements/);
  }
});

test('an env.py hook for another dialect only: the SQL is Alembic\'s, byte for byte', async () => {
  const dir = project(', "sqlite"');
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'h1:base', '--sql']);
});

test('a hook added to env.py after a first run: the cached SQL is not served again (the reading depends on env.py)', async () => {
  const dir = project(', "sqlite"');
  await assertSameAsAlembic(dir, ['downgrade', 'h1:base', '--sql']);
  fs.writeFileSync(path.join(dir, 'migrations', 'env.py'), envPy(''));
  const lens = await runLens(dir, ['downgrade', 'h1:base', '--sql']);
  assert.notEqual(lens.code, 0, lens.stdout);
  assert.doesNotMatch(lens.stdout, /DROP INDEX ix_things_slot/);
  assert.match(lens.stderr, /env\.py's @compiles\(DropIndex\) hook/);
});
