// The lock trace on the embedded PostgreSQL (PGlite): what each statement really locks, and that
// the lock each static rule names is the lock PostgreSQL takes for that statement.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import type { TracedStatement } from '../../../server/src/lint/trace/lockTrace';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf, lintFixtureRoot } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

/** One revision per hazard, after a base that creates the tables (with a row each). */
const CASES: { id: string; body: string; code: string; table: string; mode: string; message: RegExp; rewrite?: boolean }[] = [
  { id: 'c1', body: 'op.create_index("ix_orders_note", "orders", ["note"])', code: 'create-index-not-concurrently', table: 'orders', mode: 'ShareLock', message: /SHARE lock/ },
  { id: 'c2', body: 'op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())', code: 'column-type-change', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/, rewrite: true },
  { id: 'c3', body: 'op.alter_column("orders", "note", nullable=False, existing_type=sa.Text())', code: 'set-not-null', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c4', body: 'op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])', code: 'add-foreign-key-not-valid', table: 'customers', mode: 'ShareRowExclusiveLock', message: /SHARE ROW EXCLUSIVE locks on it and on the referenced table/ },
  { id: 'c5', body: 'op.create_check_constraint("ck_total", "orders", "total >= 0")', code: 'add-check-not-valid', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c6', body: 'op.create_unique_constraint("uq_orders_note", "orders", ["note"])', code: 'add-unique-constraint', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c7', body: 'op.drop_index("ix_orders_total", table_name="orders")', code: 'drop-index-not-concurrently', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c9', body: 'op.execute("ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c11', body: 'op.execute("ALTER TABLE orders ADD CONSTRAINT orders_no_overlap EXCLUDE USING gist (int4range(total, total + 1) WITH &&)")', code: 'add-exclusion-constraint', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c13', body: 'op.alter_column("orders", "total", nullable=True)', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  // Statements the lint knows only as SQL (sql/statementLocks.ts).
  { id: 'd1', body: 'op.execute("ALTER TABLE orders ENABLE ROW LEVEL SECURITY")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'd2', body: 'op.execute("LOCK TABLE orders IN EXCLUSIVE MODE")', code: 'lock-timeout-missing', table: 'orders', mode: 'ExclusiveLock', message: /an EXCLUSIVE lock/ },
  { id: 'd3', body: 'op.execute("CREATE POLICY orders_all ON orders USING (true)")', code: 'lock-timeout-missing', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'd4', body: 'op.execute("REINDEX TABLE orders")', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareLock', message: /SHARE lock/ },
  { id: 'd5', body: 'op.execute("CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()")', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareRowExclusiveLock', message: /SHARE ROW EXCLUSIVE lock/ },
  // Maintenance statements that write the table (or its indexes) anew (table-rewrite).
  { id: 'd6', body: 'op.execute("CLUSTER orders USING ix_orders_total")', code: 'table-rewrite', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/, rewrite: true },
  { id: 'd7', body: 'op.execute("REINDEX TABLE orders")', code: 'table-rewrite', table: 'orders', mode: 'ShareLock', message: /SHARE lock on "orders"/ },
  { id: 'd8', body: 'op.execute("ALTER TABLE orders SET UNLOGGED")', code: 'table-rewrite', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/, rewrite: true },
  { id: 'd9', body: 'op.execute("DROP TYPE order_state CASCADE")', code: 'lock-timeout-missing', table: 'order_states', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  { id: 'c14', body: 'op.create_table("order_notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id")))', code: 'lock-timeout-missing', table: 'orders', mode: 'ShareRowExclusiveLock', message: /SHARE ROW EXCLUSIVE lock on "orders"/ },
  // Domains: a CHECK added to one checks its columns under SHARE; a column of a checked one is added by a rewrite.
  { id: 'e1', body: 'op.execute("ALTER DOMAIN order_code ADD CONSTRAINT order_code_length CHECK (length(VALUE) < 20)")', code: 'add-check-not-valid', table: 'orders', mode: 'ShareLock', message: /SHARE lock on it/ },
  { id: 'e2', body: 'op.execute("ALTER TABLE orders ADD COLUMN quantity positive_int")', code: 'volatile-default', table: 'orders', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/, rewrite: true },
  // A primary key from an index on a nullable column: SET NOT NULL's scan under ACCESS EXCLUSIVE, no rewrite.
  { id: 'e3', body: 'op.execute("ALTER TABLE tags ADD CONSTRAINT tags_pk PRIMARY KEY USING INDEX ix_tags_name")', code: 'add-primary-key', table: 'tags', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
  // Dropping a table with a foreign key locks the table it references too.
  { id: 'e4', body: 'op.drop_table("payments")', code: 'lock-timeout-missing', table: 'customers', mode: 'AccessExclusiveLock', message: /ACCESS EXCLUSIVE lock/ },
];

function history(): string {
  const base = `${headerOf('b0', undefined)}def upgrade():
    op.create_table("customers", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("customer_id", sa.Integer()), sa.Column("total", sa.Integer()), sa.Column("note", sa.Text()))
    op.create_index("ix_orders_total", "orders", ["total"])
    op.execute("INSERT INTO customers (id) VALUES (1)")
    op.execute("INSERT INTO orders (id, customer_id, total, note) VALUES (1, 1, 5, 'x')")
    op.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'")
    op.execute("CREATE TYPE order_state AS ENUM ('new', 'paid')")
    op.execute("CREATE TABLE order_states (id int PRIMARY KEY, state order_state)")
    op.execute("CREATE DOMAIN order_code AS text")
    op.execute("CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)")
    op.execute("ALTER TABLE orders ADD COLUMN code order_code")
    op.create_table("tags", sa.Column("name", sa.Text()))
    op.create_index("ix_tags_name", "tags", ["name"], unique=True)
    op.create_table("payments", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id")))

def downgrade():
    op.drop_table("orders")
    op.drop_table("customers")
`;
  const files: Record<string, string> = { 'b0.py': base };
  for (const item of CASES) files[`${item.id}.py`] = `${headerOf(item.id, 'b0')}def upgrade():\n    ${item.body}\n\ndef downgrade():\n    pass\n`;
  files['c8.py'] = `${headerOf('c8', 'b0')}def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_orders_id ON orders (id)")\n\ndef downgrade():\n    pass\n`;
  files['c10.py'] = `${headerOf('c10', 'b0')}def upgrade():\n    op.execute("VACUUM ANALYZE orders")\n\ndef downgrade():\n    pass\n`;
  files['c12.py'] = `${headerOf('c12', 'b0')}def upgrade():\n    op.execute("ALTER TYPE order_state ADD VALUE 'refunded'")\n    op.execute("UPDATE order_states SET state = 'refunded' WHERE id = 1")\n\ndef downgrade():\n    pass\n`;
  // An index dropped and made again under its name; one made in an autocommit block, then rewritten; a written COMMIT; a step not traced.
  files['f1.py'] = `${headerOf('f1', 'b0')}def upgrade():\n    op.drop_index("ix_orders_total", table_name="orders")\n    op.create_index("ix_orders_total", "orders", ["total", "id"])\n\ndef downgrade():\n    pass\n`;
  files['f2.py'] = `${headerOf('f2', 'b0')}def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index("ix_orders_total2", "orders", ["total"], postgresql_concurrently=True)\n    op.alter_column("orders", "total", type_=sa.BigInteger(), existing_type=sa.Integer())\n\ndef downgrade():\n    pass\n`;
  files['f3.py'] = `${headerOf('f3', 'b0')}def upgrade():\n    op.execute("COMMIT")\n    op.execute("ALTER TABLE orders ALTER COLUMN total TYPE bigint")\n\ndef downgrade():\n    pass\n`;
  // SQLAlchemy's checkfirst: the type exists (made by b0), so a live run creates nothing; never_made is not there to drop.
  files['g1.py'] = `${headerOf('g1', 'b0')}from sqlalchemy.dialects import postgresql\n\n\ndef upgrade():\n    postgresql.ENUM("new", "paid", name="order_state").create(op.get_bind())\n    sa.Enum(name="never_made").drop(op.get_bind(), checkfirst=True)\n    sa.Enum("a", "b", name="made_here").create(op.get_bind(), checkfirst=True)\n\ndef downgrade():\n    pass\n`;
  // Its file sorts first, so `alembic upgrade heads` (which runs sibling branches in reverse map
  // order) applies it after every other branch, and the lint's replay, which follows that order,
  // does too: an opaque step replayed before a case leaves it unsure what the case's tables reference.
  files['a_f4.py'] = `${headerOf('f4', 'b0')}import app_helpers\n\n\ndef upgrade():\n    op.execute(app_helpers.make_table_sql())\n    op.create_index("ix_made_here", "made_here", ["a"])\n\ndef downgrade():\n    pass\n`;
  return makeEnvironment(files);
}

async function trace(root: string, revision: string): Promise<{ code: number; statements: TracedStatement[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['-c', path.join(root, 'alembic.ini'), 'trace', revision, '--format', 'json'], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, statements: stdout ? (JSON.parse(stdout).statements as TracedStatement[]) : [], stderr };
}

test('each static lock rule names the lock PostgreSQL takes for the statement it flags (traced on PGlite)', async () => {
  const root = history();
  // Every rule: lock-timeout-missing is off unless selected.
  const findings = lintFixtureRoot(root, { ...defaultLintConfig(), select: ['ALL'] });
  for (const item of CASES) {
    const finding = findings.find((problem) => problem.code === item.code && path.basename(problem.file) === `${item.id}.py`);
    assert.ok(finding, `${item.id}: ${item.code} fires`);
    assert.match(finding.message, item.message, `${item.id}: the rule names the lock`);
    // The prediction as data: the mode PostgreSQL's pg_locks shows, on the table the trace sees it on.
    const predicted = finding.data?.lock as { mode: string; tables?: string[] } | undefined;
    assert.equal(predicted?.mode, item.mode, `${item.id}: the predicted lock mode`);
    assert.ok(predicted?.tables === undefined || predicted.tables.includes(item.table) || item.code === 'add-foreign-key-not-valid', `${item.id}: the predicted table`);
    const traced = await trace(root, item.id);
    assert.equal(traced.code, 0, `${item.id}: ${traced.stderr}`);
    const statement = traced.statements[0];
    assert.ok(
      statement.taken.some((lock) => lock.relation === item.table && lock.mode === item.mode),
      `${item.id}: ${item.mode} on ${item.table} traced; got ${JSON.stringify(statement.taken)}`,
    );
    if (item.rewrite) assert.ok(statement.rewritten.includes(item.table), `${item.id}: ${item.table} rewritten`);
    else assert.ok(!statement.rewritten.includes(item.table), `${item.id}: ${item.table} not rewritten`);
  }
});

test('CREATE INDEX CONCURRENTLY inside the transaction: PostgreSQL error 25001, as concurrently-in-transaction says', async () => {
  const root = history();
  const finding = lintFixtureRoot(root, defaultLintConfig()).find((problem) => problem.code === 'concurrently-in-transaction');
  assert.match(finding?.message ?? '', /25001/);
  const traced = await trace(root, 'c8');
  assert.equal(traced.code, 1);
  assert.equal(traced.statements[0].error?.code, '25001');
});

test('VACUUM inside the transaction: the same error 25001, which concurrently-in-transaction reports too', async () => {
  const root = history();
  const finding = lintFixtureRoot(root, defaultLintConfig()).find((problem) => problem.code === 'concurrently-in-transaction' && path.basename(problem.file) === 'c10.py');
  assert.match(finding?.message ?? '', /^VACUUM cannot run inside a transaction block \(PostgreSQL error 25001\)/);
  const traced = await trace(root, 'c10');
  assert.equal(traced.code, 1);
  assert.equal(traced.statements[0].error?.code, '25001');
});

test('a new enum value used in the transaction that added it: error 55P04 on PGlite, where enum-add-value-in-transaction points', async () => {
  const root = history();
  const finding = lintFixtureRoot(root, defaultLintConfig()).find((problem) => problem.code === 'enum-add-value-in-transaction' && path.basename(problem.file) === 'c12.py');
  assert.match(finding?.message ?? '', /55P04/);
  const traced = await trace(root, 'c12');
  assert.equal(traced.code, 1);
  const failed = traced.statements.find((statement) => statement.error);
  assert.equal(failed?.error?.code, '55P04');
  // The command line counts lines from 1.
  assert.equal(failed?.line, (finding?.range.start.line ?? -2) + 1);
});

test('an index dropped and made again under its name is a new relation, not a rewrite; an index made earlier in the migration is seen rewritten', async () => {
  const root = history();
  const recreated = await trace(root, 'f1');
  assert.equal(recreated.code, 0, recreated.stderr);
  assert.deepEqual(recreated.statements.map((statement) => statement.rewritten), [[], []]);
  const rewritten = await trace(root, 'f2');
  assert.equal(rewritten.code, 0, rewritten.stderr);
  assert.deepEqual([...rewritten.statements[1].rewritten].sort(), ['ix_orders_total', 'ix_orders_total2', 'orders', 'orders_pkey']);
});

test('after a COMMIT written in the migration the statements run outside a transaction, and their rewrites are still seen', async () => {
  const traced = await trace(history(), 'f3');
  assert.equal(traced.code, 0, traced.stderr);
  assert.deepEqual(traced.statements.map((statement) => statement.inTransaction), [true, false]);
  assert.ok(traced.statements[1].rewritten.includes('orders'), JSON.stringify(traced.statements[1]));
});

test('a statement that fails after a step the trace could not run says it may depend on that step; the steps are listed in line order', async () => {
  const root = history();
  let stdout = '';
  const code = await runCli(['-c', path.join(root, 'alembic.ini'), 'trace', 'f4'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  assert.equal(code, 1);
  const untraced = stdout.indexOf('not traced');
  const failed = stdout.indexOf('ERROR 42P01');
  assert.ok(untraced >= 0 && failed > untraced, stdout);
  assert.match(stdout, /\(the step at line \d+ did not run here, and this statement may depend on what it makes: the migration itself may not fail\)/);
});

test('an env.py whose version table is known only at run time: --sql is refused, the trace (which drops the version table\'s statements) still runs', async () => {
  const root = history();
  fs.writeFileSync(path.join(root, 'env.py'), 'from alembic import context\nfrom myapp import settings\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True, version_table_schema=settings.SCHEMA)\nwith context.begin_transaction():\n    context.run_migrations()\n');
  let stderr = '';
  const refused = await runCli(['-c', path.join(root, 'alembic.ini'), 'upgrade', 'c1', '--sql'], { stdout: () => undefined, stderr: (text) => (stderr += text), cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  assert.notEqual(refused, 0);
  assert.match(stderr, /version_table_schema in env\.py is not known statically/);
  const traced = await trace(root, 'c1');
  assert.equal(traced.code, 0, traced.stderr);
  assert.ok(traced.statements[0].taken.some((lock) => lock.relation === 'orders' && lock.mode === 'ShareLock'));
});

test('an enum create()/drop() with checkfirst is traced as a live run runs it: asked of the catalog, no error', async () => {
  const root = history();
  const traced = await trace(root, 'g1');
  assert.equal(traced.code, 0, traced.stderr);
  assert.equal(traced.statements.length, 3);
  assert.ok(traced.statements.every((statement) => statement.error === undefined), JSON.stringify(traced.statements.map((statement) => statement.error)));
});
