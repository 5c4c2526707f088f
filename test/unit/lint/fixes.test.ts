// Quick fixes of the safety lint: each applied fix yields code the interpreter understands (no
// new opaque step or problem) and that the rule no longer flags; fixes are not offered where the
// rewrite would be wrong (batch_op, several statements in one op.execute string).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, TextEdit } from '../../../server/src/common/problem';
import { LineIndex } from '../../../server/src/common/range';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { headerOf, lintFixtureRoot } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true);
});

const EXISTING = `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()), sa.Column("customer_id", sa.BigInteger()))\n\ndef downgrade():\n    op.drop_table("orders")\n`;

function lint(body: string): { problems: Problem[]; file: string; text: string } {
  const text = `${headerOf('b2', 'a1')}${body}`;
  const root = makeEnvironment({ 'a1.py': EXISTING, 'b2.py': text });
  const file = path.join(root, 'versions', 'b2.py');
  return { problems: lintFixtureRoot(root, { ...defaultLintConfig(), ignore: ['downgrade-does-not-reverse'] }).filter((problem) => problem.file === file), file, text };
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((edit) => ({ from: lines.offsetAt(edit.range.start), to: lines.offsetAt(edit.range.end), text: edit.newText })).sort((a, b) => b.from - a.from);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.from) + edit.text + result.slice(edit.to);
  return result;
}

/** Applies fix `index` of the first `code` finding; checks the result is understood and clean of `code`. */
function applyFix(body: string, code: string, index = 0): string {
  const { problems, file, text } = lint(body);
  const problem = problems.find((candidate) => candidate.code === code);
  assert.ok(problem, `${code} fires before the fix: ${problems.map((p) => p.code).join(', ')}`);
  const fix = problem.fixes?.[index];
  assert.ok(fix, `${code} offers fix ${index}`);
  const fixed = applyEdits(text, fix.edits);
  const interpreted = interpretMigration(file, fixed);
  assert.deepEqual(interpreted.problems.map((p) => p.code), [], `the fixed code is understood:\n${fixed}`);
  fs.writeFileSync(file, fixed);
  const root = path.dirname(path.dirname(file));
  const after = lintFixtureRoot(root, { ...defaultLintConfig(), ignore: ['downgrade-does-not-reverse'] }).filter((candidate) => candidate.file === file);
  assert.deepEqual(after.filter((candidate) => candidate.code === code), [], `${code} no longer fires:\n${fixed}`);
  assert.deepEqual(after.filter((candidate) => candidate.code === 'concurrently-in-transaction'), [], 'and the fix does not make a transaction error');
  return fixed;
}

test('create-index-not-concurrently: concurrently in autocommit_block, the downgrade twin too', () => {
  const fixed = applyFix(
    'def upgrade():\n    op.create_index(\n        "ix_orders_note",\n        "orders",\n        ["note"],\n    )\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n',
    'create-index-not-concurrently',
  );
  assert.match(fixed, /    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.create_index\(\n            "ix_orders_note",\n            "orders",\n            \["note"\], postgresql_concurrently=True,\n        \)/);
  assert.match(fixed, /    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.drop_index\("ix_orders_note", table_name="orders", postgresql_concurrently=True\)/);
});

test('drop-index-not-concurrently and concurrently-in-transaction (raw SQL too): wrapped, made concurrent', () => {
  applyFix('def upgrade():\n    op.drop_index("ix_old", table_name="orders")\n\ndef downgrade():\n    pass\n', 'drop-index-not-concurrently');
  const raw = applyFix('def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_a ON orders (note)")  # fast\n\ndef downgrade():\n    pass\n', 'concurrently-in-transaction');
  assert.match(raw, /    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.execute\("CREATE INDEX CONCURRENTLY ix_a ON orders \(note\)"\)  # fast/);
  applyFix('def upgrade():\n    op.create_index("ix_b", "orders", ["note"], postgresql_concurrently=True)\n\ndef downgrade():\n    pass\n', 'concurrently-in-transaction');
  // Any statement PostgreSQL refuses inside a transaction: only wrapped.
  const vacuum = applyFix('def upgrade():\n    op.execute("VACUUM ANALYZE orders")\n\ndef downgrade():\n    pass\n', 'concurrently-in-transaction');
  assert.match(vacuum, /    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.execute\("VACUUM ANALYZE orders"\)/);
});

test('column-type-needs-using: postgresql_using with the plain cast', () => {
  const fixed = applyFix('def upgrade():\n    op.alter_column("orders", "note", type_=sa.Integer(), existing_type=sa.Text())\n\ndef downgrade():\n    pass\n', 'column-type-needs-using');
  assert.match(fixed, /op\.alter_column\("orders", "note", type_=sa\.Integer\(\), existing_type=sa\.Text\(\), postgresql_using="note::int4"\)/);
});

test('no concurrency fix where it would be wrong: batch_op, several statements in one string', () => {
  const batch = lint('def upgrade():\n    with op.batch_alter_table("orders") as batch_op:\n        batch_op.create_index("ix_c", ["note"])\n\ndef downgrade():\n    pass\n');
  assert.deepEqual(batch.problems.find((p) => p.code === 'create-index-not-concurrently')?.fixes, []);
  const several = lint('def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_d ON orders (note); SELECT 1")\n\ndef downgrade():\n    pass\n');
  assert.deepEqual(several.problems.find((p) => p.code === 'concurrently-in-transaction')?.fixes, []);
});

test('add-column-required-no-default: a server_default, or nullable plus the safe steps as comments', () => {
  const body = 'def upgrade():\n    op.add_column("orders", sa.Column("status", sa.String(20), nullable=False))\n\ndef downgrade():\n    op.drop_column("orders", "status")\n';
  const withDefault = applyFix(body, 'add-column-required-no-default', 0);
  assert.match(withDefault, /sa\.Column\("status", sa\.String\(20\), nullable=False, server_default=""\)/);
  const steps = applyFix(body, 'add-column-required-no-default', 1);
  assert.match(steps, /sa\.Column\("status", sa\.String\(20\), nullable=True\)\)\n    # Then, in later migrations/);
  assert.match(steps, /    # op\.create_check_constraint\("ck_orders_status_not_null", "orders", "status IS NOT NULL", postgresql_not_valid=True\)/);
});

test('add-foreign-key-not-valid and add-check-not-valid: NOT VALID, then VALIDATE CONSTRAINT', () => {
  const fk = applyFix(
    'def upgrade():\n    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])\n\ndef downgrade():\n    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")\n',
    'add-foreign-key-not-valid',
  );
  // The VALIDATE in an autocommit block: in the add's transaction its locks would still be held.
  assert.match(fk, /\["id"\], postgresql_not_valid=True\)\n    with op\.get_context\(\)\.autocommit_block\(\):\n        op\.execute\("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer"\)/);
  applyFix('def upgrade():\n    op.create_check_constraint("ck_note", "orders", "length(note) < 100")\n\ndef downgrade():\n    op.drop_constraint("ck_note", "orders", type_="check")\n', 'add-check-not-valid');
});
