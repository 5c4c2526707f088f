// `check --url` / `--connection` against the real PostgreSQL the test run starts (DATABASE_URL from
// test/db/start-postgres.sh; fails, never skips, without it), in a throwaway database: a lock
// finding on an existing table states its real size ("AccessExclusiveLock on orders (about 20
// thousand rows, ...)"), read with read-only queries (the table is unchanged), tables the database
// lacks and light locks are left as they were, and the password never appears in any output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { runCli } from '../../server/src/cli/run';
import { makeEnvironment } from '../support/environmentFixture';
import { headerOf } from '../unit/lint/fixtureHistory';

const PASSWORD = 'Sz-9QpL2!sizes-secret';
let admin: pg.Client;
let databaseName: string;
let url: string;

before(async () => {
  const base = process.env.DATABASE_URL;
  assert.ok(base, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (test/run-all.sh does)');
  databaseName = `lens_sizes_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}"`);
  const target = new URL(base);
  target.pathname = `/${databaseName}`;
  const setup = new pg.Client({ connectionString: target.toString() });
  await setup.connect();
  try {
    await setup.query('CREATE TABLE orders (id integer PRIMARY KEY, total integer, note text)');
    await setup.query("INSERT INTO orders SELECT g, g % 100, repeat('x', 40) FROM generate_series(1, 20000) g");
    await setup.query('ANALYZE orders');
  } finally {
    await setup.end();
  }
  // The test server trusts every local connection; the password travels in the URL all the same.
  target.username = 'postgres';
  target.password = PASSWORD;
  url = target.toString();
});

after(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS "${databaseName}"`);
  await admin?.end();
});

function history(): string {
  const base = `${headerOf('b0', undefined)}def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("total", sa.Integer()), sa.Column("note", sa.Text()))
    op.create_table("invoices", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("total", sa.Integer()))

def downgrade():
    op.drop_table("invoices")
    op.drop_table("orders")
`;
  const change = `${headerOf('c1', 'b0')}def upgrade():
    op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column("invoices", "total", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.create_index("ix_orders_note", "orders", ["note"])

def downgrade():
    op.drop_index("ix_orders_note", table_name="orders")
    op.alter_column("invoices", "total", type_=sa.Integer(), existing_type=sa.BigInteger())
    op.alter_column("orders", "total", type_=sa.Integer(), existing_type=sa.BigInteger())
`;
  return makeEnvironment({ 'b0.py': base, 'c1.py': change });
}

interface JsonProblem {
  code: string;
  message: string;
  file: string;
  data?: { tableSize?: { table: string; rows: number; bytes: number } };
}

async function check(root: string, extra: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', root, '--format', 'json', ...extra], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: root, env: { ALEMBIC_LENS_CACHE: 'off', ...env } });
  return { code, stdout, stderr };
}

function problemsOf(stdout: string): JsonProblem[] {
  const parsed = JSON.parse(stdout) as { problems?: JsonProblem[]; environments?: { problems?: JsonProblem[] }[] };
  return parsed.problems ?? (parsed.environments ?? []).flatMap((environment) => environment.problems ?? []);
}

test('check --url: heavy-lock findings on an existing table state its real size; the database is only read; no password anywhere', { timeout: 120_000 }, async () => {
  const root = history();
  const plain = problemsOf((await check(root, [])).stdout);
  const sized = await check(root, ['--url', url]);
  assert.ok(sized.stdout.length > 0, sized.stderr);
  const problems = problemsOf(sized.stdout);
  const typeChange = problems.filter((problem) => problem.code === 'column-type-change');
  const onOrders = typeChange.find((problem) => problem.message.includes('"orders"'));
  assert.ok(onOrders, JSON.stringify(typeChange));
  assert.match(onOrders.message, /^AccessExclusiveLock on orders \(about 20 thousand rows, [\d.]+ (kB|MB)\): /);
  assert.equal(onOrders.data?.tableSize?.table, 'orders');
  assert.ok(Math.abs((onOrders.data?.tableSize?.rows ?? 0) - 20000) < 200, JSON.stringify(onOrders.data));
  assert.ok((onOrders.data?.tableSize?.bytes ?? 0) > 1024 * 1024, 'table, index and TOAST bytes');
  // The database has no invoices table: that finding is as it was without a connection.
  const onInvoices = typeChange.find((problem) => problem.message.includes('"invoices"'));
  const invoicesBefore = plain.find((problem) => problem.code === 'column-type-change' && problem.message.includes('"invoices"'));
  assert.equal(onInvoices?.message, invoicesBefore?.message);
  // A SHARE lock blocks writes: heavy enough to say the size too.
  const index = problems.find((problem) => problem.code === 'create-index-not-concurrently');
  assert.match(index?.message ?? '', /^ShareLock on orders \(about 20 thousand rows/);
  assert.equal(problems.length, plain.length, 'the same findings, with sizes');
  assert.ok(!JSON.stringify([sized.stdout, sized.stderr]).includes(PASSWORD));

  const rows = new pg.Client({ connectionString: url });
  await rows.connect();
  try {
    assert.equal((await rows.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 20000);
    const indexes = await rows.query("SELECT indexname FROM pg_indexes WHERE tablename = 'orders'");
    assert.deepEqual(indexes.rows.map((row) => row.indexname), ['orders_pkey'], 'nothing was created');
  } finally {
    await rows.end();
  }
});

test('check --connection NAME reads the same; an unreachable database stops check with its code and without the password', { timeout: 60_000 }, async () => {
  const root = history();
  const noPassword = new URL(url);
  noPassword.password = '';
  fs.writeFileSync(path.join(root, 'pyproject.toml'), `[tool.alembic-lens.connections.prod]\nurl = "${noPassword.toString()}"\npassword_env = "LENS_SIZES_PASSWORD"\n`);
  const named = await check(root, ['--connection', 'prod'], { LENS_SIZES_PASSWORD: PASSWORD });
  assert.match(problemsOf(named.stdout).find((problem) => problem.code === 'column-type-change' && problem.message.includes('"orders"'))?.message ?? named.stderr, /^AccessExclusiveLock on orders \(about 20 thousand rows/);

  const unreachable = new URL(url);
  unreachable.port = '1';
  const failed = await check(root, ['--url', unreachable.toString()]);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /cannot read table sizes: cannot connect to .*\n.*error code: database-connect-failed/);
  assert.ok(!failed.stderr.includes(PASSWORD) && !failed.stdout.includes(PASSWORD));
});
