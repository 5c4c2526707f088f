// enum-add-value-in-transaction across migrations: a value one migration adds inside its
// transaction and a later one uses fails only when both share a transaction, which is every
// `alembic upgrade` run unless env.py sets transaction_per_migration (then each migration commits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

/** A value added inside a1's transaction (no later statement commits it). */
const ADDED = `# === revision: a0 (down: none)
def upgrade():
    op.execute("CREATE TYPE mood AS ENUM ('sad')")
    op.execute("CREATE TABLE people (id bigint PRIMARY KEY, mood mood)")

def downgrade():
    pass

# === revision: a1 (down: a0)
def upgrade():
    op.execute("ALTER TYPE mood ADD VALUE 'happy'")

def downgrade():
    pass
`;

const HISTORY = `${ADDED}
# === revision: a2 (down: a1)
def upgrade():
    op.execute("INSERT INTO people (id, mood) VALUES (1, 'happy')")

def downgrade():
    op.execute("DELETE FROM people WHERE mood = 'happy'")
`;

function findings(transactionPerMigration: boolean | undefined): string[] {
  const history = writeFixtureHistory(HISTORY);
  const config = transactionPerMigration === undefined ? history.config : { ...history.config, transactionPerMigration };
  return lintFixtureRoot(history.root, config)
    .filter((problem) => problem.code === 'enum-add-value-in-transaction')
    .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${/revision (\w+)/.exec(problem.message)?.[1] ?? ''}`);
}

test('a later migration of the same run that uses the value is reported, naming the revision that added it (the downgrade is another run)', async () => {
  await loadSqlParser();
  assert.deepEqual(findings(undefined), ['002_a2.py:8 a1']);
  assert.deepEqual(findings(false), ['002_a2.py:8 a1']);
});

test('with transaction_per_migration each migration commits: nothing to report', async () => {
  await loadSqlParser();
  assert.deepEqual(findings(true), []);
});

function findingsOf(history: string): string[] {
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, written.config)
    .filter((problem) => problem.code === 'enum-add-value-in-transaction')
    .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1}`);
}


test('a type made anew in between (airweave rebuilds its enum) has none of the uncommitted values; a renamed one keeps them (PostgreSQL 15: 55P04 after a rename, none after the rebuild)', async () => {
  await loadSqlParser();
  const rebuilt = `${ADDED}
# === revision: a2 (down: a1)
def upgrade():
    op.execute("CREATE TYPE mood_new AS ENUM ('sad', 'happy')")
    op.execute("ALTER TABLE people ALTER COLUMN mood TYPE mood_new USING mood::text::mood_new")
    op.execute("DROP TYPE mood")
    op.execute("ALTER TYPE mood_new RENAME TO mood")

def downgrade():
    pass

# === revision: a3 (down: a2)
def upgrade():
    op.execute("UPDATE people SET mood = 'happy' WHERE id = 1")

def downgrade():
    pass
`;
  assert.deepEqual(findingsOf(rebuilt), []);
  const renamed = `${ADDED}
# === revision: a2 (down: a1)
def upgrade():
    op.execute("ALTER TYPE mood RENAME TO feeling")

def downgrade():
    pass

# === revision: a3 (down: a2)
def upgrade():
    op.execute("SELECT 'happy'::feeling")

def downgrade():
    pass
`;
  assert.deepEqual(findingsOf(renamed), ['003_a3.py:8']);
});
