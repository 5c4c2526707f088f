// The lock trace on the real PostgreSQL the test run starts (DATABASE_URL from
// test/db/start-postgres.sh; fails, never skips, without it), in a throwaway database: each lock
// rule's prediction is confirmed by the locks the server really takes (the comparison the editor
// shows, lint/trace/prediction.ts), the lock is exactly the one the rule names, and CREATE INDEX
// CONCURRENTLY inside the transaction fails with 25001 as concurrently-in-transaction says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import pg from 'pg';
import { openSession, type Session } from '../../server/src/database/session';
import { targetFromConnection } from '../../server/src/database/target';
import { defaultCompiler } from '../../server/src/engine/offline/defaultEngine';
import { defaultLintConfig } from '../../server/src/lint/config';
import { loadSqlParser } from '../../server/src/lint/sql/parser';
import { traceRevision, type TraceDatabase } from '../../server/src/lint/trace/lockTrace';
import { checkPredictions } from '../../server/src/lint/trace/prediction';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import { makeEnvironment } from '../support/environmentFixture';
import { headerOf, lintFixtureRoot } from '../unit/lint/fixtureHistory';

/** One revision per lock rule, after a base that creates the tables (with a row each). */
const CASES: { id: string; body: string; code: string; table: string; mode: string; rewrite: boolean }[] = [
  { id: 'c1', body: 'op.create_index("ix_orders_note", "orders", ["note"])', code: 'create-index-not-concurrently', table: 'orders', mode: 'ShareLock', rewrite: false },
  { id: 'c2', body: 'op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())', code: 'column-type-change', table: 'orders', mode: 'AccessExclusiveLock', rewrite: true },
  { id: 'c3', body: 'op.alter_column("orders", "note", nullable=False, existing_type=sa.Text())', code: 'set-not-null', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c4', body: 'op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])', code: 'add-foreign-key-not-valid', table: 'customers', mode: 'ShareRowExclusiveLock', rewrite: false },
  { id: 'c5', body: 'op.create_check_constraint("ck_total", "orders", "total >= 0")', code: 'add-check-not-valid', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c6', body: 'op.create_unique_constraint("uq_orders_note", "orders", ["note"])', code: 'add-unique-constraint', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c7', body: 'op.drop_index("ix_orders_total", table_name="orders")', code: 'drop-index-not-concurrently', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c9', body: 'op.execute("ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c11', body: 'op.execute("ALTER TABLE orders ADD CONSTRAINT orders_no_overlap EXCLUDE USING gist (int4range(total, total + 1) WITH &&)")', code: 'add-exclusion-constraint', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c13', body: 'op.alter_column("orders", "total", nullable=True)', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  // Statements the lint knows only as SQL (sql/statementLocks.ts).
  { id: 'd1', body: 'op.execute("ALTER TABLE orders ENABLE ROW LEVEL SECURITY")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'd2', body: 'op.execute("LOCK TABLE orders IN EXCLUSIVE MODE")', code: 'lock-timeout-missing', table: 'orders', mode: 'ExclusiveLock', rewrite: false },
  { id: 'd3', body: 'op.execute("CREATE POLICY orders_all ON orders USING (true)")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'd4', body: 'op.execute("REINDEX TABLE orders")', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareLock', rewrite: false },
  { id: 'd5', body: 'op.execute("CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()")', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareRowExclusiveLock', rewrite: false },
  { id: 'd6', body: 'op.execute("CLUSTER orders USING ix_orders_total")', code: 'table-rewrite', table: 'orders', mode: 'AccessExclusiveLock', rewrite: true },
  { id: 'd7', body: 'op.execute("REINDEX TABLE orders")', code: 'table-rewrite', table: 'orders', mode: 'ShareLock', rewrite: false },
  { id: 'd8', body: 'op.execute("ALTER TABLE orders SET UNLOGGED")', code: 'table-rewrite', table: 'orders', mode: 'AccessExclusiveLock', rewrite: true },
  { id: 'd9', body: 'op.execute("DROP TYPE order_state CASCADE")', code: 'lock-timeout-missing', table: 'order_states', mode: 'AccessExclusiveLock', rewrite: false },
  { id: 'c14', body: 'op.create_table("order_notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id")))', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareRowExclusiveLock', rewrite: false },
];

const BASE = `def upgrade():
    op.create_table("customers", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("customer_id", sa.Integer()), sa.Column("total", sa.Integer()), sa.Column("note", sa.Text()))
    op.create_index("ix_orders_total", "orders", ["total"])
    op.execute("INSERT INTO customers (id) VALUES (1)")
    op.execute("INSERT INTO orders (id, customer_id, total, note) VALUES (1, 1, 5, 'x')")
    op.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'")
    op.execute("CREATE TYPE order_state AS ENUM ('new', 'paid')")
    op.execute("CREATE TABLE order_states (id int PRIMARY KEY, state order_state)")

def downgrade():
    op.drop_table("orders")
    op.drop_table("customers")
`;

function history(): string {
  const files: Record<string, string> = { 'b0.py': `${headerOf('b0', undefined)}${BASE}` };
  for (const item of CASES) files[`${item.id}.py`] = `${headerOf(item.id, 'b0')}def upgrade():\n    ${item.body}\n\ndef downgrade():\n    pass\n`;
  files['c8.py'] = `${headerOf('c8', 'b0')}def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_orders_id ON orders (id)")\n\ndef downgrade():\n    pass\n`;
  return makeEnvironment(files);
}

let admin: pg.Client;
let databaseName: string;
let session: Session;

before(async () => {
  assert.equal(await loadSqlParser(), true);
  const base = process.env.DATABASE_URL;
  assert.ok(base, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (test/run-all.sh does)');
  databaseName = `lens_trace_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  const url = new URL(base);
  url.pathname = `/${databaseName}`;
  session = await openSession(targetFromConnection({ url: url.toString(), source: 'test' }));
});

after(async () => {
  await session?.close();
  await admin?.query(`DROP DATABASE IF EXISTS "${databaseName}"`);
  await admin?.end();
});

/** The throwaway database, brought to a state once (every case has the same parent); shared by the tests. */
let applied: string | undefined;
function serverDatabase(): TraceDatabase {
  return {
    async prepare(key, ancestors) {
      if (applied === key) return { session, reused: true };
      assert.equal(applied, undefined, 'one state only: the base');
      await ancestors.apply(session);
      applied = key;
      return { session, reused: false };
    },
    invalidate() {
      applied = undefined;
    },
  };
}

test('on the real server, each lock rule names the lock PostgreSQL takes, and the trace confirms its prediction', { timeout: 120_000 }, async () => {
  const root = history();
  // Every rule: lock-timeout-missing is off unless selected.
  const findings = lintFixtureRoot(root, { ...defaultLintConfig(), select: ['ALL'] });
  const environment = buildWorkspaceIndex([root]).environments[0];
  const database = serverDatabase();
  applied = undefined;
  let setups = 0;
  for (const item of CASES) {
    const result = await traceRevision({ environment, compiler: defaultCompiler(), revision: item.id, database });
    assert.equal(result.ok, true, result.ok ? '' : result.message);
    if (!result.ok) continue;
    if (result.setupMs > 0) setups++;
    const statement = result.statements[0];
    assert.equal(statement.error, undefined, `${item.id}: ${JSON.stringify(statement.error)}`);
    assert.ok(
      statement.taken.some((lock) => lock.relation === item.table && lock.mode === item.mode),
      `${item.id}: ${item.mode} on ${item.table} traced; got ${JSON.stringify(statement.taken)}`,
    );
    assert.equal(statement.rewritten.includes(item.table), item.rewrite, `${item.id}: ${item.table} rewritten is ${item.rewrite}`);
    const own = findings.filter((problem) => path.basename(problem.file) === `${item.id}.py`);
    const checks = checkPredictions(own, statement.line, result.statements);
    const check = checks.find((candidate) => candidate.code === item.code);
    assert.ok(check, `${item.id}: ${item.code} fires and names a lock (${JSON.stringify(own.map((problem) => problem.code))})`);
    assert.deepEqual([check.verdict, check.predicted.startsWith(item.mode)], ['confirmed', true], `${item.id}: ${JSON.stringify(check)}`);
  }
  assert.equal(setups, 1, 'the base is applied once; every trace is rolled back');
});

test('on the real server, CREATE INDEX CONCURRENTLY inside the transaction fails with 25001, as concurrently-in-transaction predicts', { timeout: 60_000 }, async () => {
  const root = history();
  const findings = lintFixtureRoot(root, defaultLintConfig()).filter((problem) => path.basename(problem.file) === 'c8.py');
  const environment = buildWorkspaceIndex([root]).environments[0];
  const result = await traceRevision({ environment, compiler: defaultCompiler(), revision: 'c8', database: serverDatabase() });
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.statements[0].error?.code, '25001');
  const checks = checkPredictions(findings, result.statements[0].line, result.statements);
  assert.deepEqual(checks.map((check) => [check.code, check.verdict]), [['concurrently-in-transaction', 'confirmed']]);
});
