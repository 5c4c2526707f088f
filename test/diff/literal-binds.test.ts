/**
 * An env.py whose offline configure() leaves out literal_binds=True (wazo-platform's, many older
 * ones): Alembic prints a statement's values as bind placeholders (`%(name)s::VARCHAR`), not
 * literals. Statements without bind parameters print the same either way and are compared with
 * Alembic; those with any are not rendered (never a literal Alembic would not print), and
 * Alembic is shown to print placeholders for them. With literal_binds=True the same migration
 * prints as Alembic prints it. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const PLACEHOLDER_ENV_PY = 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d")\nwith context.begin_transaction():\n    context.run_migrations()\n';

const HEADER = `from alembic import op
import sqlalchemy as sa

t = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("active", sa.Boolean))
`;

const WITHOUT_BINDS = `"""statements without bind parameters

Revision ID: a1
Revises:
"""
${HEADER}
revision = "a1"
down_revision = None


def upgrade():
    op.execute("UPDATE users SET name = 'x%'")
    op.bulk_insert(t, [{"id": 1, "name": "b"}])
    op.execute(t.update().values(name=op.inline_literal("il")).where(t.c.id == op.inline_literal(4)))
    op.execute(t.update().values(name=t.c.id, active=sa.true()).where(t.c.name.is_(None)))
    op.execute(t.delete().where(t.c.active == True))


def downgrade():
    pass
`;

const WITH_BINDS = `"""statements with bind parameters

Revision ID: b2
Revises: a1
"""
${HEADER}
revision = "b2"
down_revision = "a1"


def upgrade():
    op.execute(t.update().values(name="a").where(t.c.id == 1))
    op.execute(sa.text("UPDATE users SET name = :n").bindparams(n="a"))


def downgrade():
    pass
`;

function project(envPy: string, migrations: Record<string, string>): string {
  const dir = temporaryFolder('literal-binds-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), envPy);
  for (const [name, text] of Object.entries(migrations)) writeFile(path.join(dir, 'migrations', 'versions', name), text);
  return dir;
}

test('without literal_binds, statements without bind parameters print as Alembic prints them', async () => {
  await assertSameAsAlembic(project(PLACEHOLDER_ENV_PY, { 'a1_without.py': WITHOUT_BINDS }), ['upgrade', 'head', '--sql']);
});

test('without literal_binds, statements with bind parameters are not rendered (Alembic prints placeholders)', async () => {
  const dir = project(PLACEHOLDER_ENV_PY, { 'a1_without.py': WITHOUT_BINDS, 'b2_with.py': WITH_BINDS });
  const alembic = runAlembic(dir, ['upgrade', 'a1:b2', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /UPDATE users SET name=%\(name\)s::VARCHAR WHERE users\.id = %\(id_1\)s::INTEGER;/);
  assert.match(alembic.stdout, /UPDATE users SET name = %\(n\)s::VARCHAR;/);
  const lens = await runLens(dir, ['upgrade', 'a1:b2', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /b2_with\.py:16: .*does not set literal_binds=True/);
  assert.match(lens.stderr, /b2_with\.py:17: .*does not set literal_binds=True/);
  assert.doesNotMatch(lens.stdout, /SET name='a'/);
});

test('with literal_binds=True the same statements print as Alembic prints them', async () => {
  await assertSameAsAlembic(project(OFFLINE_ENV_PY, { 'a1_without.py': WITHOUT_BINDS, 'b2_with.py': WITH_BINDS }), ['upgrade', 'head', '--sql']);
});

/** An offline configure() that names the dialect instead of a URL (cloudify-manager's `dialect_name='postgresql'`). */
const DIALECT_NAME_ENV_PY = (extra: string): string => `from alembic import context\n\ncontext.configure(dialect_name="postgresql"${extra})\nwith context.begin_transaction():\n    context.run_migrations()\n`;

test('an offline configure() with dialect_name= and no literal_binds=True: placeholders too, so the statements with bind parameters are not rendered (sweep L)', async () => {
  for (const extra of ['', ', literal_binds=False']) {
    const dir = project(DIALECT_NAME_ENV_PY(extra), { 'a1_without.py': WITHOUT_BINDS, 'b2_with.py': WITH_BINDS });
    const alembic = runAlembic(dir, ['upgrade', 'a1:b2', '--sql']);
    assert.equal(alembic.code, 0, alembic.stderr);
    assert.match(alembic.stdout, /UPDATE users SET name=%\(name\)s::VARCHAR WHERE users\.id = %\(id_1\)s::INTEGER;/);
    const lens = await runLens(dir, ['upgrade', 'a1:b2', '--sql']);
    assert.notEqual(lens.code, 0, `dialect_name="postgresql"${extra}: Lens printed ${lens.stdout}`);
    assert.match(lens.stderr, /b2_with\.py:16: .*does not set literal_binds=True/);
    assert.doesNotMatch(lens.stdout, /SET name='a'/);
    await assertSameAsAlembic(project(DIALECT_NAME_ENV_PY(extra), { 'a1_without.py': WITHOUT_BINDS }), ['upgrade', 'head', '--sql']);
  }
  await assertSameAsAlembic(project(DIALECT_NAME_ENV_PY(', literal_binds=True'), { 'a1_without.py': WITHOUT_BINDS, 'b2_with.py': WITH_BINDS }), ['upgrade', 'head', '--sql']);
});
