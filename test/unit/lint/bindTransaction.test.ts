// commit() / rollback() on op.get_bind() (instagram-automation-backend, held-out sweep AT): the
// transaction Alembic opened ends there and SQLAlchemy 2 begins another that Alembic never
// commits, so the rest of the run is lost while Alembic exits 0 (measured in
// test/db/bind-commit.test.ts). transaction-control reports it as an error. Not in the rule's
// fixture: under --sql the bind is a mock connection without these methods, so Alembic refuses
// the script there, and the fixtures are rendered offline for the squawk comparison.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, ORDERS_TABLE_REVISION, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `${ORDERS_TABLE_REVISION}
# === revision: b2 (down: a1)
def upgrade():
    op.add_column("orders", sa.Column("y", sa.Text()))
    conn = op.get_bind()
    conn.commit()
    op.add_column("orders", sa.Column("z", sa.Text()))

def downgrade():
    op.get_bind().rollback()
    op.drop_column("orders", "z")
`;

test('commit() and rollback() on the bind are transaction-control errors that say what Alembic loses', () => {
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['transaction-control'] }).filter((problem) => problem.code === 'transaction-control');
  assert.deepEqual(
    found.map((problem) => [problem.severity, problem.message.slice(0, 40)]),
    [
      ['error', 'commit() on op.get_bind() commits the st'],
      ['error', 'rollback() on op.get_bind() throws away '],
    ],
  );
  for (const problem of found) assert.match(problem.message, /the rest of this migration and the version table's update are rolled back when the connection closes/);
});

test("with an env.py that commits the connection after run_migrations() (pypi/warehouse), commit() on the bind is the plain COMMIT warning", async () => {
  const { readEnvPy } = await import('../../../server/src/python/envPy');
  const warehouse = readEnvPy('/e/env.py', 'from alembic import context\nwith engine.connect() as connection:\n    context.configure(connection=connection, transaction_per_migration=True)\n    with context.begin_transaction():\n        context.run_migrations()\n        context.get_bind().commit()  # keeps what a migration leaves\n');
  assert.deepEqual(warehouse.commitsAfterRun, { line: 6 });
  const written = writeFixtureHistory(HISTORY);
  const found = lintFixtureRoot(written.root, { ...written.config, select: ['transaction-control'], bindCommitLosesRest: false }).filter((problem) => problem.code === 'transaction-control');
  assert.deepEqual(found.map((problem) => [problem.severity, problem.message.slice(0, 40)]), [
    ['warning', 'commit() on op.get_bind() makes the stat'],
    ['error', 'rollback() on op.get_bind() throws away '],
  ]);
});
