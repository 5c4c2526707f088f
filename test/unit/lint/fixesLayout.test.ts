// Quick fixes keep the file's layout: a tab-indented migration gets tabs for the level a fix adds
// (spaces there are Python's TabError), a CRLF file gets CRLF in the new text and no edit that
// takes in a line's `\r`, and a trailing comment on the statement costs no fix with either line
// ending. Every offered fix is applied and the result must parse with Python's own ast module.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, SuggestedFix, TextEdit } from '../../../server/src/common/problem';
import { LineIndex } from '../../../server/src/common/range';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../../server/src/lint/config';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { makeEnvironment } from '../../support/environmentFixture';
import { PYTHON, pythonError } from '../../support/pythonSyntax';
import { headerOf, lintFixtureRoot } from './fixtureHistory';


before(async () => {
  assert.ok(fs.existsSync(PYTHON), `these tests need a Python 3 at ${PYTHON} (set ALEMBIC_PYTHON) to parse the fixed migrations`);
  assert.equal(await loadSqlParser(), true);
});

const CONFIG = { ...defaultLintConfig(), ignore: ['downgrade-does-not-reverse'] };
const EXISTING = `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("note", sa.Text()), sa.Column("customer_id", sa.BigInteger()), sa.Column("user", sa.Text()))\n\ndef downgrade():\n    op.drop_table("orders")\n`;

/** Migration bodies written with four spaces and `\n`; `layout` turns them into each variant. */
const BODIES: Record<string, string> = {
  createIndex: 'def upgrade():\n    op.create_index("ix_orders_note", "orders", ["note"])  # note\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")  # note\n',
  createIndexMultiline: 'def upgrade():\n    op.create_index(\n        "ix_orders_note",\n        "orders",\n        ["note"],\n    )\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n',
  dropIndex: 'def upgrade():\n    op.drop_index("ix_old", table_name="orders")  # note\n\ndef downgrade():\n    pass\n',
  rawConcurrently: 'def upgrade():\n    op.execute("CREATE INDEX CONCURRENTLY ix_a ON orders (note)")  # note\n\ndef downgrade():\n    pass\n',
  vacuum: 'def upgrade():\n    op.execute("VACUUM ANALYZE orders")  # note\n\ndef downgrade():\n    pass\n',
  nested: 'def upgrade():\n    if True:\n        op.create_index("ix_orders_note", "orders", ["note"])  # note\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n',
  addColumn: 'def upgrade():\n    op.add_column("orders", sa.Column("status", sa.String(20), nullable=False))  # note\n\ndef downgrade():\n    op.drop_column("orders", "status")\n',
  foreignKey: 'def upgrade():\n    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])  # note\n\ndef downgrade():\n    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")\n',
  check: 'def upgrade():\n    op.create_check_constraint("ck_note", "orders", "length(note) < 100")  # note\n\ndef downgrade():\n    op.drop_constraint("ck_note", "orders", type_="check")\n',
  alterType: 'def upgrade():\n    op.alter_column("orders", "note", type_=sa.Integer(), existing_type=sa.Text())  # note\n\ndef downgrade():\n    pass\n',
  // Held-out sweep BF: a comment before the closing parenthesis, a reserved word as a column, a
  // constraint name that needs quotes.
  commentBeforeClose: 'def upgrade():\n    op.create_index(\n        "ix_orders_note",\n        "orders",\n        ["note"],  # the column\n    )\n\ndef downgrade():\n    op.drop_index("ix_orders_note", table_name="orders")\n',
  reservedColumn: 'def upgrade():\n    op.alter_column("orders", "user", type_=sa.Integer(), existing_type=sa.Text())  # note\n\ndef downgrade():\n    pass\n',
  quotedConstraint: 'def upgrade():\n    op.create_foreign_key("FK_Orders_Customer", "orders", "customers", ["customer_id"], ["id"])  # note\n\ndef downgrade():\n    op.drop_constraint("FK_Orders_Customer", "orders", type_="foreignkey")\n',
};

interface Layout {
  tabs?: boolean;
  twoSpaces?: boolean;
  crlf?: boolean;
  /** Keep the `  # note` trailing comments (removed otherwise). */
  comments?: boolean;
}

function layout(text: string, how: Layout): string {
  let result = how.comments ? text : text.replace(/  # note\n/g, '\n');
  if (how.tabs) result = result.replace(/^((?: {4})+)/gm, (spaces) => '\t'.repeat(spaces.length / 4));
  if (how.twoSpaces) result = result.replace(/^((?: {4})+)/gm, (spaces) => ' '.repeat(spaces.length / 2));
  if (how.crlf) result = result.replace(/\n/g, '\r\n');
  return result;
}

function lint(root: string, file: string): Problem[] {
  return lintFixtureRoot(root, CONFIG).filter((problem) => problem.file === file);
}

/** Checks the edit's range and text against the document, then applies the edits (last first). */
function applyEdits(text: string, edits: readonly TextEdit[], crlf: boolean): string {
  const lines = text.split('\n');
  for (const edit of edits) {
    for (const position of [edit.range.start, edit.range.end]) {
      const line = lines[position.line].replace(/\r$/, '');
      assert.ok(position.character <= line.length, `the edit's range stays before the line ending: ${JSON.stringify(edit.range)} on ${JSON.stringify(lines[position.line])}`);
    }
    assert.ok(!edit.newText.endsWith('\r'), `no stray \\r at the end of ${JSON.stringify(edit.newText)}`);
    if (crlf) assert.doesNotMatch(edit.newText, /(^|[^\r])\n/, `CRLF inside the new text of a CRLF file: ${JSON.stringify(edit.newText)}`);
    else assert.doesNotMatch(edit.newText, /\r/, `no \\r in the new text of an LF file: ${JSON.stringify(edit.newText)}`);
  }
  const index = new LineIndex(text);
  const sorted = edits.map((edit) => ({ from: index.offsetAt(edit.range.start), to: index.offsetAt(edit.range.end), text: edit.newText })).sort((a, b) => b.from - a.from);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.from) + edit.text + result.slice(edit.to);
  return result;
}

/** Applies `fix` of `problem` in a fresh copy of the history; the result must be sound Python that no longer has the finding. */
function checkFix(text: string, how: Layout, problem: Problem, fix: SuggestedFix): string {
  const root = makeEnvironment({ 'a1.py': layout(EXISTING, how), 'b2.py': text });
  const file = path.join(root, 'versions', 'b2.py');
  const fixed = applyEdits(text, fix.edits.map((edit) => ({ ...edit, file })), how.crlf === true);
  const where = `${problem.code} / ${fix.title}:\n${JSON.stringify(fixed)}`;
  assert.equal(pythonError(fixed), undefined, `Python parses the fixed file (${where})`);
  if (how.crlf) {
    assert.doesNotMatch(fixed, /(^|[^\r])\n/, `no bare \\n in the fixed CRLF file (${where})`);
    assert.doesNotMatch(fixed, /\r\r/, `no \\r\\r in the fixed CRLF file (${where})`);
  }
  if (how.comments) assert.equal(fixed.split('# note').length, text.split('# note').length, `the trailing comments stay (${where})`);
  assert.deepEqual(interpretMigration(file, fixed).problems.map((p) => p.code), [], `the fixed code is understood (${where})`);
  fs.writeFileSync(file, fixed);
  const after = lint(root, file);
  assert.deepEqual(after.filter((candidate) => candidate.code === problem.code).map((candidate) => candidate.range.start.line), [], `the finding is gone (${where})`);
  assert.deepEqual(after.filter((candidate) => candidate.severity === 'error').map((candidate) => candidate.code), [], `no new error (${where})`);
  return fixed;
}

/** Lints `body` in `how`'s layout and checks every fix offered; returns the fixes by rule code. */
function checkEveryFix(body: string, how: Layout): Map<string, { fix: SuggestedFix; fixed: string }[]> {
  const text = layout(`${headerOf('b2', 'a1')}${body}`, how);
  const root = makeEnvironment({ 'a1.py': layout(EXISTING, how), 'b2.py': text });
  const problems = lint(root, path.join(root, 'versions', 'b2.py'));
  assert.deepEqual(problems.filter((problem) => problem.severity === 'error' && !problem.fixes?.length).map((problem) => problem.code), [], 'no error without a fix before');
  const offered = new Map<string, { fix: SuggestedFix; fixed: string }[]>();
  for (const problem of problems) {
    for (const fix of problem.fixes ?? []) {
      const list = offered.get(problem.code) ?? [];
      list.push({ fix, fixed: checkFix(text, how, problem, fix) });
      offered.set(problem.code, list);
    }
  }
  return offered;
}

const LAYOUTS: Record<string, Layout> = {
  'LF': {},
  'LF, trailing comments': { comments: true },
  'tabs': { tabs: true },
  'tabs, trailing comments': { tabs: true, comments: true },
  'two spaces': { twoSpaces: true },
  'CRLF': { crlf: true },
  'CRLF, trailing comments': { crlf: true, comments: true },
  'tabs, CRLF, trailing comments': { tabs: true, crlf: true, comments: true },
};

/** The fixes each body offers, by rule code: the same in every layout. */
const EXPECTED: Record<string, Record<string, number>> = {
  createIndex: { 'create-index-not-concurrently': 1, 'drop-index-not-concurrently': 1 },
  createIndexMultiline: { 'create-index-not-concurrently': 1, 'drop-index-not-concurrently': 1 },
  dropIndex: { 'drop-index-not-concurrently': 1 },
  rawConcurrently: { 'concurrently-in-transaction': 1 },
  vacuum: { 'concurrently-in-transaction': 1 },
  nested: { 'create-index-not-concurrently': 1, 'drop-index-not-concurrently': 1 },
  addColumn: { 'add-column-required-no-default': 2 },
  foreignKey: { 'add-foreign-key-not-valid': 1 },
  check: { 'add-check-not-valid': 1 },
  alterType: { 'column-type-needs-using': 1 },
  commentBeforeClose: { 'create-index-not-concurrently': 1, 'drop-index-not-concurrently': 1 },
  reservedColumn: { 'column-type-needs-using': 1 },
  quotedConstraint: { 'add-foreign-key-not-valid': 1 },
};

for (const [layoutName, how] of Object.entries(LAYOUTS)) {
  test(`every quick fix yields sound Python in the file's layout: ${layoutName}`, () => {
    for (const [name, body] of Object.entries(BODIES)) {
      const offered = checkEveryFix(body, how);
      const counts = Object.fromEntries([...offered].map(([code, fixes]) => [code, fixes.length]));
      assert.deepEqual(counts, EXPECTED[name], `${name}: the fixes offered`);
      // Each index fix rewrites its twin in the other function too, comment or not.
      if (name === 'createIndex' || name === 'createIndexMultiline' || name === 'nested') {
        assert.equal(offered.get('create-index-not-concurrently')![0].fix.edits.length, 2, `${name}: the downgrade twin`);
        assert.equal(offered.get('drop-index-not-concurrently')![0].fix.edits.length, 2, `${name}: the upgrade twin`);
      }
    }
  });
}

test('the added level is a tab in a tab-indented file, the file\'s own spaces otherwise', () => {
  const tab = checkEveryFix(BODIES.createIndex, { tabs: true }).get('create-index-not-concurrently')![0].fixed;
  assert.match(tab, /\ndef upgrade\(\):\n\twith op\.get_context\(\)\.autocommit_block\(\):\n\t\top\.create_index\("ix_orders_note", "orders", \["note"\], postgresql_concurrently=True\)\n/);
  assert.match(tab, /\ndef downgrade\(\):\n\twith op\.get_context\(\)\.autocommit_block\(\):\n\t\top\.drop_index\("ix_orders_note", table_name="orders", postgresql_concurrently=True\)\n/);
  const two = checkEveryFix(BODIES.nested, { twoSpaces: true }).get('create-index-not-concurrently')![0].fixed;
  assert.match(two, /\n  if True:\n    with op\.get_context\(\)\.autocommit_block\(\):\n      op\.create_index\(/);
  const steps = checkEveryFix(BODIES.addColumn, { tabs: true }).get('add-column-required-no-default')![1].fixed;
  assert.match(steps, /nullable=True\)\)\n\t# Then, in later migrations/);
});

test('CRLF with a trailing comment: the comment stays on the rewritten line, the text has CRLF only', () => {
  const fixed = checkEveryFix(BODIES.dropIndex, { crlf: true, comments: true }).get('drop-index-not-concurrently')![0].fixed;
  assert.match(fixed, /\r\n {4}with op\.get_context\(\)\.autocommit_block\(\):\r\n {8}op\.drop_index\("ix_old", table_name="orders", postgresql_concurrently=True\)  # note\r\n/);
});

test('the keyword goes before a comment, and names in the SQL a fix writes are quoted where PostgreSQL needs it', () => {
  const commented = checkEveryFix(BODIES.commentBeforeClose, {}).get('create-index-not-concurrently')![0].fixed;
  assert.match(commented, /\["note"\], postgresql_concurrently=True,  # the column\n/);
  // Unquoted, `user` is CURRENT_USER: the USING expression would turn every row into the role's name.
  const reserved = checkEveryFix(BODIES.reservedColumn, {}).get('column-type-needs-using')![0].fixed;
  assert.match(reserved, /postgresql_using="\\"user\\"::int4"\)/);
  const quoted = checkEveryFix(BODIES.quotedConstraint, {}).get('add-foreign-key-not-valid')![0].fixed;
  assert.match(quoted, /op\.execute\("ALTER TABLE orders VALIDATE CONSTRAINT \\"FK_Orders_Customer\\""\)/);
});

test("the NOT NULL steps name the column's schema and quote names in their SQL", () => {
  const text = `${headerOf('b2', 'a1')}def upgrade():\n    op.add_column("Orders", sa.Column("order", sa.Text(), nullable=False), schema="sales")\n\ndef downgrade():\n    op.drop_column("Orders", "order", schema="sales")\n`;
  const root = makeEnvironment({ 'a1.py': `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("Orders", sa.Column("id", sa.BigInteger(), primary_key=True), schema="sales")\n\ndef downgrade():\n    op.drop_table("Orders", schema="sales")\n`, 'b2.py': text });
  const problem = lint(root, path.join(root, 'versions', 'b2.py')).find((candidate) => candidate.code === 'add-column-required-no-default');
  const steps = problem?.fixes?.find((fix) => fix.title.startsWith('Add the column nullable'))?.edits[0].newText ?? '';
  assert.match(steps, /# op\.execute\("UPDATE sales\.\\"Orders\\" SET \\"order\\" = \.\.\. WHERE \\"order\\" IS NULL"\)/);
  assert.match(steps, /# op\.alter_column\("Orders", "order", nullable=False, schema="sales"\)/);
  assert.match(steps, /# op\.drop_constraint\("ck_Orders_order_not_null", "Orders", type_="check", schema="sales"\)/);
});

test('the VALIDATE step names a table in its schema once', () => {
  const text = `${headerOf('b2', 'a1')}def upgrade():\n    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"], source_schema="sales", referent_schema="sales")\n\ndef downgrade():\n    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey", schema="sales")\n`;
  const root = makeEnvironment({ 'a1.py': `${headerOf('a1', undefined)}def upgrade():\n    op.create_table("customers", sa.Column("id", sa.BigInteger(), primary_key=True), schema="sales")\n    op.create_table("orders", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("customer_id", sa.BigInteger()), schema="sales")\n\ndef downgrade():\n    op.drop_table("orders", schema="sales")\n    op.drop_table("customers", schema="sales")\n`, 'b2.py': text });
  const problem = lint(root, path.join(root, 'versions', 'b2.py')).find((candidate) => candidate.code === 'add-foreign-key-not-valid');
  const fixed = problem?.fixes?.[0]?.edits[0].newText ?? '';
  assert.match(fixed, /op\.execute\("ALTER TABLE sales\.orders VALIDATE CONSTRAINT fk_orders_customer"\)/);
});
