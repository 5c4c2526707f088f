/**
 * env.py may emit SQL of its own with `context.execute(...)`: `SET search_path TO app, public`
 * inside `begin_transaction()` before `run_migrations()`, which Alembic prints after BEGIN in the
 * `--sql` output (and runs on the connection online, where it would move every unqualified table
 * into `app`). Lens printed the migrations without it, a script that differs from Alembic's with
 * exit 0 (held-out sweep GM). The engine prints only the migrations, so it now refuses, naming
 * the line; a `context.execute()` in env.py's online function only leaves `--sql` as it was.
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const envPy = (offlineSql: string, onlineSql: string): string => `from alembic import context


def run_migrations_offline():
    context.configure(url="postgresql://u@h/d", literal_binds=True)
    with context.begin_transaction():
${offlineSql}        context.run_migrations()


def run_migrations_online():
    context.configure(connection=None)
${onlineSql}    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const MIGRATION = `from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("events")
`;

test('SQL env.py runs itself with context.execute() is refused, not left out of the script', async () => {
  const dir = offlineProject('env-own-sql-', { 'migrations/versions/a1_events.py': MIGRATION }, '', envPy('        context.execute("SET search_path TO app, public")\n', ''));
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  assert.match(alembic.stdout, /BEGIN;\n\nSET search_path TO app, public;\n\nCREATE TABLE alembic_version/);
  for (const args of [['upgrade', 'head', '--sql'], ['downgrade', 'a1:base', '--sql']]) {
    const lens = await runLens(dir, args);
    assert.notEqual(lens.code, 0, args.join(' '));
    assert.equal(lens.stdout, '', args.join(' '));
    assert.match(lens.stderr, /env\.py runs SQL of its own with context\.execute\(\) \(line 7\)/);
  }
});

test('context.execute() in env.py\'s online function only leaves --sql as Alembic prints it', async () => {
  const dir = offlineProject('env-own-sql-online-', { 'migrations/versions/a1_events.py': MIGRATION }, '', envPy('', '    context.execute("SET lock_timeout = 1000")\n'));
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});

test("SQL env.py's online function runs on its connection leaves --sql as Alembic prints it (the offline path never runs it)", async () => {
  const env = `from alembic import context
from sqlalchemy import create_engine, text


def run_migrations_offline():
    context.configure(url="postgresql://u@h/d", literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine("postgresql://u@h/d")
    with engine.connect() as connection:
        connection.execute(text("SET search_path TO app"))
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;
  const dir = offlineProject('env-connection-sql-offline-', { 'migrations/versions/a1_events.py': MIGRATION }, '', env);
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});
