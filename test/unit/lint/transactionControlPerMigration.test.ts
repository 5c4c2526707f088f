// What a COMMIT written in a migration makes permanent depends on env.py: with
// transaction_per_migration=True (Worth-NL/notifications-api, held-out sweep GF) only this
// migration's statements before it; without, those of every earlier migration of the run too.
// The finding said "unless env.py sets transaction_per_migration" even where env.py visibly did.
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
    op.add_column("orders", sa.Column("note", sa.Text()))
    op.execute("COMMIT")
    op.add_column("orders", sa.Column("memo", sa.Text()))

def downgrade():
    op.drop_column("orders", "memo")
    op.drop_column("orders", "note")
`;

function commitFinding(transactionPerMigration: boolean | undefined): string {
  const written = writeFixtureHistory(HISTORY);
  const config = { ...written.config, select: ['transaction-control'], ...(transactionPerMigration === undefined ? {} : { transactionPerMigration }) };
  const found = lintFixtureRoot(written.root, config).filter((problem) => problem.code === 'transaction-control');
  assert.equal(found.length, 1, found.map((problem) => problem.message).join('\n'));
  return found[0].message;
}

test('with transaction_per_migration, a COMMIT makes only this migration\'s earlier statements permanent', () => {
  const message = commitFinding(true);
  assert.match(message, /^COMMIT makes this migration's statements before it permanent/);
  assert.doesNotMatch(message, /unless env\.py sets/);
});

test('without it, those of every earlier migration of the run too, as env.py says', () => {
  const message = commitFinding(false);
  assert.match(message, /every earlier migration of the same `alembic upgrade` run \(env\.py does not set transaction_per_migration\)/);
});

test("the fixture's env.py, which does not set it, gives the run-wide case", () => {
  assert.match(commitFinding(undefined), /every earlier migration of the same `alembic upgrade` run \(env\.py does not set transaction_per_migration\)/);
});
