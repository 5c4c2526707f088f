// An env.py whose connection has isolation_level AUTOCOMMIT: the driver commits each statement on
// its own and Alembic's transaction begins nothing (checked with Alembic 1.20 on PostgreSQL 15:
// CREATE INDEX CONCURRENTLY runs without an autocommit block, and a migration failing halfway keeps
// what ran before; test/db/online-env-connect-args.test.ts). The lint sees no statement in a
// transaction there; under Alembic's generic env.py the same history is reported as before.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const HISTORY = `# === revision: a1 (down: none)
def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("ref", sa.Integer()))
    op.execute("CREATE TYPE status AS ENUM ('new')")

def downgrade():
    op.drop_table("orders")

# === revision: b2 (down: a1)
def upgrade():
    op.create_index("ix_orders_ref", "orders", ["ref"], postgresql_concurrently=True)
    op.execute("ALTER TYPE status ADD VALUE 'paid'")

def downgrade():
    op.drop_index("ix_orders_ref", table_name="orders", postgresql_concurrently=True)
`;

function envPy(engineKeywords: string): string {
  return `from alembic import context
from sqlalchemy import engine_from_config

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy."${engineKeywords})
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
`;
}

function lintWith(engineKeywords: string): string[] {
  const written = writeFixtureHistory(HISTORY);
  fs.writeFileSync(path.join(written.root, 'env.py'), envPy(engineKeywords));
  const select = ['concurrently-in-transaction', 'enum-add-value-in-transaction'];
  return lintFixtureRoot(written.root, { ...written.config, select, postgresqlVersion: 11 }).map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.code}`);
}

test('under isolation_level="AUTOCOMMIT" no statement is in a transaction: CONCURRENTLY and ADD VALUE are not reported', () => {
  assert.deepEqual(lintWith(', isolation_level="AUTOCOMMIT"'), []);
});

test("under Alembic's generic env.py the same statements are reported, in the upgrade and the downgrade", () => {
  assert.deepEqual(lintWith(''), ['001_b2.py:8 concurrently-in-transaction', '001_b2.py:9 enum-add-value-in-transaction', '001_b2.py:12 concurrently-in-transaction']);
});

test('another isolation level changes nothing', () => {
  assert.deepEqual(lintWith(', isolation_level="REPEATABLE READ"'), lintWith(''));
});
