// An env.py that begins the migrations' transaction itself (Alembic's own multidb template:
// `conn.begin()`, then `run_migrations()` without `context.begin_transaction()`; fedspending's
// data-act-broker, held-out sweep BA): Alembic's autocommit_block() then asserts
// `self._transaction is not None` and the run fails (reproduced with Alembic 1.20 on PostgreSQL
// 15; Lens's online engine already refused such a run). The lint reports each block as a
// transaction-control error, and the advice and quick fixes that would write one say so / are
// not offered there. With Alembic's generic env.py nothing of this is reported.
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

def downgrade():
    op.drop_table("orders")

# === revision: b2 (down: a1)
def upgrade():
    op.add_column("orders", sa.Column("note", sa.Text()))
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_note", "orders", ["note"], postgresql_concurrently=True)
    op.create_index("ix_orders_ref", "orders", ["ref"])

def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_orders_ref", table_name="orders", postgresql_concurrently=True)
    op.drop_index("ix_orders_note", table_name="orders")
    op.drop_column("orders", "note")
`;

const MULTIDB_ENV_PY = `from alembic import context
from sqlalchemy import engine_from_config

config = context.config


def run_migrations_online():
    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.")
    conn = engine.connect()
    transaction = conn.begin()
    try:
        context.configure(connection=conn)
        context.run_migrations()
        transaction.commit()
    finally:
        conn.close()


run_migrations_online()
`;

const GENERIC_ENV_PY = `from alembic import context
from sqlalchemy import engine_from_config

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.")
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
`;

function lintWith(envPy: string, select: string[]) {
  const written = writeFixtureHistory(HISTORY);
  fs.writeFileSync(path.join(written.root, 'env.py'), envPy);
  return lintFixtureRoot(written.root, { ...written.config, select });
}

test("autocommit_block() under an env.py that begins the transaction itself is a transaction-control error at the block's first statement", () => {
  const found = lintWith(MULTIDB_ENV_PY, ['transaction-control']).filter((problem) => problem.code === 'transaction-control');
  assert.deepEqual(
    found.map((problem) => [path.basename(problem.file), problem.range.start.line + 1, problem.severity]),
    [
      ['001_b2.py', 10, 'error'],
      ['001_b2.py', 15, 'error'],
    ],
  );
  assert.match(found[0].message, /env\.py begins the transaction itself \(\.\.\/env\.py:10\)/);
  assert.match(found[0].message, /raises AssertionError, and the whole `alembic upgrade` run is rolled back/);
  assert.match(found[1].message, /`alembic downgrade` run/);
});

test('there, advice to use autocommit_block() says it fails, and quick fixes that write one are not offered', () => {
  const external = lintWith(MULTIDB_ENV_PY, ['create-index-not-concurrently']).filter((problem) => problem.code === 'create-index-not-concurrently');
  assert.equal(external.length, 1);
  assert.match(external[0].message, /autocommit_block\(\) fails under this environment's env\.py, which begins the transaction itself at line 10/);
  assert.deepEqual(external[0].fixes ?? [], []);
  const generic = lintWith(GENERIC_ENV_PY, ['create-index-not-concurrently', 'transaction-control']);
  assert.deepEqual(generic.map((problem) => problem.code), ['create-index-not-concurrently']);
  assert.doesNotMatch(generic[0].message, /fails under this environment/);
  assert.ok((generic[0].fixes ?? []).some((fix) => fix.edits.some((edit) => edit.newText.includes('autocommit_block()'))), 'the generic env.py keeps the quick fix');
});
