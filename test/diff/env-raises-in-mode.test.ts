/**
 * An env.py that raises instead of running the migrations in one mode. CodeChecker's two
 * environments (Ericsson/codechecker, sweep GW) end with `if context.is_offline_mode(): raise
 * NotImplementedError(...)` then `run_migrations_online()`: `alembic upgrade --sql` fails with that
 * exception and prints no migration, while Lens printed the whole script with exit 0. Lens now
 * refuses the mode env.py raises in, naming the line; the other mode is left as Alembic runs it.
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const MIGRATION = `from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("events")
`;

const OFFLINE = `def run_migrations_offline():
    context.configure(url="postgresql://u@h/d", literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
`;

const ONLINE = `def run_migrations_online():
    context.configure(connection=None)
    with context.begin_transaction():
        context.run_migrations()
`;

const SQL_COMMANDS = [
  ['upgrade', 'head', '--sql'],
  ['downgrade', 'a1:base', '--sql'],
  ['stamp', 'a1', '--sql'],
];

async function assertBothRefuse(envPy: string, line: number): Promise<void> {
  const dir = offlineProject('env-raises-', { 'migrations/versions/a1_events.py': MIGRATION }, '', envPy);
  for (const args of SQL_COMMANDS) {
    const alembic = runAlembic(dir, args);
    assert.notEqual(alembic.code, 0, `Alembic ${args.join(' ')}`);
    assert.doesNotMatch(alembic.stdout, /CREATE TABLE|DROP TABLE|INSERT INTO/, args.join(' '));
    const lens = await runLens(dir, args);
    assert.notEqual(lens.code, 0, args.join(' '));
    assert.equal(lens.stdout, '', args.join(' '));
    assert.match(lens.stderr, new RegExp(`env\\.py raises in offline mode \\(line ${line}: \`raise NotImplementedError`), args.join(' '));
  }
}

test("CodeChecker's shape: a raise in `if context.is_offline_mode():` before the online run", async () => {
  const envPy = `from alembic import context


${ONLINE}

if context.is_offline_mode():
    raise NotImplementedError("Offline migration is not possible!")
run_migrations_online()
`;
  await assertBothRefuse(envPy, 11);
});

test('a run_migrations_offline() whose body raises, called from the offline branch', async () => {
  const envPy = `from alembic import context


def run_migrations_offline():
    """No offline mode here."""
    raise NotImplementedError("use a database")


${ONLINE}

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;
  await assertBothRefuse(envPy, 6);
});

test('`if not context.is_offline_mode(): ... else: raise` refuses the offline mode', async () => {
  const envPy = `from alembic import context


${ONLINE}

if not context.is_offline_mode():
    run_migrations_online()
else:
    raise NotImplementedError("online only")
`;
  await assertBothRefuse(envPy, 13);
});

test('a raise in the online branch only, or one that depends on something else, leaves --sql as Alembic prints it', async () => {
  const onlineRaises = `from alembic import context
import os


${OFFLINE}

if context.is_offline_mode():
    run_migrations_offline()
else:
    raise NotImplementedError("offline only")
`;
  const conditional = `from alembic import context
import os


${OFFLINE}

if context.is_offline_mode():
    if os.environ.get("NO_SUCH_VARIABLE_GW"):
        raise NotImplementedError("not here")
    run_migrations_offline()
`;
  for (const envPy of [onlineRaises, conditional]) {
    const dir = offlineProject('env-raises-not-offline-', { 'migrations/versions/a1_events.py': MIGRATION }, '', envPy);
    for (const args of SQL_COMMANDS) await assertSameAsAlembic(dir, args);
  }
});
