/** What the renderer reports instead of SQL, and that it never throws. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperation } from '../../../server/src/engine/render';
import { asRunOnline } from '../../../server/src/engine/online/onlineCompiler';
import type { Operation, OperationKind } from '../../../server/src/engine/ops';
import { RENDER_CODES } from '../../../server/src/diagnostics/codes/render';
import { ALL_CODES } from '../../../server/src/diagnostics/codes';
import { col, fk, sa, tableRef } from './builders';
import { TABLE_CASES } from './golden-tables';
import { COLUMN_CASES } from './golden-columns';
import { OTHER_CASES } from './golden-others';
import { EDGE_CASES } from './golden-edges';

const context = { file: '/project/migrations/versions/001_x.py' };
const columnRange = { start: { line: 7, character: 8 }, end: { line: 7, character: 40 } };
const opRange = { start: { line: 5, character: 4 }, end: { line: 9, character: 5 } };

test('an application type is reported at the column, with no statements', () => {
  const operation: Operation = {
    kind: 'createTable',
    table: 'users',
    columns: [
      col('id', sa('Integer'), { primaryKey: true }),
      col('email', { name: 'EmailType', module: 'myapp.types', args: [], kwargs: {} }, { range: columnRange }),
    ],
    constraints: [],
    indexes: [],
    dialectOptions: {},
    range: opRange,
  };
  const result = renderOperation(operation, context);
  assert.deepEqual(result.statements, []);
  assert.equal(result.problems.length, 1);
  const [problem] = result.problems;
  assert.equal(problem.code, 'unknown-column-type');
  assert.equal(problem.severity, 'warning');
  assert.equal(problem.file, context.file);
  assert.deepEqual(problem.range, columnRange);
  assert.match(problem.message, /myapp\.types\.EmailType/);
});

test('a type SQLAlchemy 1.4 removed says so and names its successor (Alembic fails with AttributeError there)', () => {
  const result = renderOperation({ kind: 'alterColumn', table: 't', column: 'c', type: { name: 'Binary', module: 'sa', args: [], kwargs: {} }, range: opRange }, context);
  assert.deepEqual(result.statements, []);
  assert.deepEqual(result.problems.map((p) => p.code), ['unknown-column-type']);
  assert.match(result.problems[0].message, /sa\.Binary was removed in SQLAlchemy 1\.4 .*no attribute 'Binary'.*Use sa\.LargeBinary/);
});

test('a class name of another dialect is unknown unless its PostgreSQL rendering is known', () => {
  const result = renderOperation({ kind: 'alterColumn', table: 't', column: 'c', type: { name: 'INTEGER', module: 'oracle', args: [], kwargs: {} }, range: opRange }, context);
  assert.deepEqual(result.problems.map((p) => [p.code, p.range]), [['unknown-column-type', opRange]]);
  // mysql.INTEGER prints as SQLAlchemy's PostgreSQL compiler prints it; mysql.TINYINT it cannot print.
  const mysqlInteger = renderOperation({ kind: 'alterColumn', table: 't', column: 'c', type: { name: 'INTEGER', module: 'mysql', args: [11], kwargs: {} }, range: opRange }, context);
  assert.deepEqual(mysqlInteger.statements, ['ALTER TABLE t ALTER COLUMN c TYPE INTEGER']);
  const tinyint = renderOperation({ kind: 'alterColumn', table: 't', column: 'c', type: { name: 'TINYINT', module: 'mysql', args: [1], kwargs: {} }, range: opRange }, context);
  assert.deepEqual(tinyint.problems.map((p) => p.code), ['invalid-operation-option']);
});

test('a column without a type is a missing field', () => {
  const result = renderOperation({ kind: 'addColumn', table: 't', column: col('x', undefined) }, context);
  assert.deepEqual(result.problems.map((p) => p.code), ['missing-operation-field']);
  assert.deepEqual(result.statements, []);
});

test('malformed values become problems, never exceptions', () => {
  const broken = [
    { kind: 'createTable', table: 't' },
    { kind: 'addColumn', table: 't' },
    { kind: 'execute' },
    { kind: 'noSuchKind' },
    { kind: 'toString' },
    {},
    { kind: 'bulkInsert', table: tableRef('t', []), rows: null },
  ] as unknown as Operation[];
  for (const operation of broken) {
    const result = renderOperation(operation, context);
    assert.deepEqual(result.statements, [], JSON.stringify(operation));
    assert.ok(result.problems.length > 0, JSON.stringify(operation));
    assert.ok(result.problems.every((p) => p.code === 'missing-operation-field'));
  }
});

test('a JSON value in bulk_insert is refused as Alembic refuses it offline', () => {
  const result = renderOperation(
    { kind: 'bulkInsert', table: tableRef('t', [['doc', sa('JSON')]]), rows: [{ doc: { a: 1 } }], multiInsert: true },
    context,
  );
  assert.deepEqual(result.problems.map((p) => p.code), ['invalid-operation-option']);
  assert.match(result.problems[0].message, /a dict in a JSON column/);
  assert.deepEqual(result.statements, []);
});

test('a bulk_insert row key the table does not declare: KeyError offline only with multiinsert (a live run leaves the key out), a CompileError in both modes without it', () => {
  const table = tableRef('corp_types', [['code', sa('String')], ['desc', sa('String')]]);
  const rows = [{ code: 'X', description: 'd' }];
  const multi = renderOperation({ kind: 'bulkInsert', table, rows, multiInsert: true }, context);
  assert.deepEqual(multi.statements, []);
  assert.deepEqual(multi.problems.map((p) => [p.code, p.severity, p.data]), [['invalid-operation-option', 'error', { offlineOnly: true }]]);
  assert.match(multi.problems[0].message, /^KeyError: 'description': Alembic's `--sql` fails here.*the INSERT leaves 'description' out/);
  const single = renderOperation({ kind: 'bulkInsert', table, rows, multiInsert: false }, context);
  assert.deepEqual(single.statements, []);
  assert.equal(single.problems[0].data, undefined);
  assert.match(single.problems[0].message, /^Unconsumed column names: description/);
  // The online engine's form of the same operation: the key is left out, as SQLAlchemy's executemany does.
  const online = asRunOnline({ kind: 'bulkInsert', table, rows, multiInsert: true });
  assert.deepEqual(renderOperation(online, context), { statements: ["INSERT INTO corp_types (code) VALUES ('X')"], problems: [] });
  assert.equal(asRunOnline({ kind: 'bulkInsert', table, rows, multiInsert: false }).kind, 'bulkInsert');
  assert.deepEqual((asRunOnline({ kind: 'bulkInsert', table, rows, multiInsert: false }) as { rows: unknown }).rows, rows);
});

test('a warning about bind parameters keeps the statements', () => {
  const result = renderOperation({ kind: 'execute', sql: { kind: 'text', sql: 'DELETE FROM t WHERE id = :id' }, range: opRange }, context);
  assert.deepEqual(result.statements, ['DELETE FROM t WHERE id = NULL']);
  assert.equal(result.problems[0].code, 'unbound-text-parameter');
  assert.equal(result.problems[0].severity, 'warning');
  assert.deepEqual(result.problems[0].data, { parameters: ['id'] });
});

test('every operation kind has at least one golden case', () => {
  const kinds: OperationKind[] = [
    'createTable',
    'dropTable',
    'renameTable',
    'addColumn',
    'dropColumn',
    'alterColumn',
    'createIndex',
    'dropIndex',
    'addConstraint',
    'dropConstraint',
    'createTableComment',
    'dropTableComment',
    'execute',
    'bulkInsert',
  ];
  const covered = new Set(Object.values({ ...TABLE_CASES, ...COLUMN_CASES, ...OTHER_CASES, ...EDGE_CASES }).map((op) => op.kind));
  for (const kind of kinds) assert.ok(covered.has(kind), kind);
});

test('every renderer code is registered and documented', () => {
  const registered = new Set(ALL_CODES.map((info) => info.code));
  for (const info of RENDER_CODES) {
    assert.ok(registered.has(info.code), `${info.code} missing from ALL_CODES`);
    const page = join(__dirname, '../../../docs/rules', `${info.code}.md`);
    assert.ok(existsSync(page), `no docs page for ${info.code}`);
    const text = readFileSync(page, 'utf8');
    assert.ok(text.startsWith(`# ${info.code}\n`), `${info.code}: title`);
    for (const section of ['## Problem', '## Why it matters', '## How to fix', '## How to suppress']) {
      assert.ok(text.includes(section), `${info.code}: ${section}`);
    }
  }
});

test('an INSERT or UPDATE given no values is refused (SQLAlchemy prints every column as a placeholder); a table of no columns inserts DEFAULT VALUES', () => {
  const table = { name: 'attribute', columns: [{ name: 'type' }, { name: 'label', type: sa('String') }] };
  for (const sql of [
    { kind: 'update' as const, table, values: {} },
    { kind: 'insert' as const, table, values: {} },
  ]) {
    const result = renderOperation({ kind: 'execute', sql, range: opRange }, context);
    assert.deepEqual(result.statements, [], sql.kind);
    assert.match(result.problems[0]?.message ?? '', new RegExp(`This ${sql.kind.toUpperCase()} is given no values: SQLAlchemy writes every column of attribute as a bind parameter`));
  }
  const bare = renderOperation({ kind: 'execute', sql: { kind: 'insert', table: { name: 'marker', columns: [] }, values: {} }, range: opRange }, context);
  assert.deepEqual(bare.statements, ['INSERT INTO marker DEFAULT VALUES']);
});

test('an enum named like a built-in type without a schema is SQLAlchemy\'s CompileError; with a schema it renders', () => {
  const enumColumn = (name: string, schema?: string) => col('c', { name: 'Enum', module: 'sa', args: ['a', 'b'], kwargs: { name, ...(schema ? { schema } : {}) } });
  const refused = renderOperation({ kind: 'addColumn', table: 't', column: enumColumn('name'), range: opRange }, context);
  assert.deepEqual(refused.statements, []);
  assert.match(refused.problems[0]?.message ?? '', /has name 'name' that matches an existing type, and requires an explicit schema name/);
  const created = renderOperation({ kind: 'execute', sql: { kind: 'createEnumType', name: 'text', values: ['x'] }, range: opRange }, context);
  assert.deepEqual(created.statements, []);
  const qualified = renderOperation({ kind: 'addColumn', table: 't', column: enumColumn('text', 'app'), range: opRange }, context);
  assert.deepEqual(qualified.statements, ['ALTER TABLE t ADD COLUMN c app.text']);
});

test('ON DELETE / ON UPDATE / INITIALLY phrases SQLAlchemy refuses are reported, never printed (CompileError: Unexpected SQL phrase)', () => {
  for (const [options, phrase] of [
    [{ onDelete: 'CASCADE ' }, '"CASCADE "'],
    [{ onDelete: '' }, '""'],
    [{ onUpdate: 'SET  NULL' }, '"SET  NULL"'],
    [{ onUpdate: 'SET NULL (b_id)' }, '"SET NULL (b_id)"'],
    [{ onDelete: 'RESTRICT; DROP TABLE x' }, '"RESTRICT; DROP TABLE x"'],
    [{ initially: 'x' }, '"x"'],
  ] as const) {
    const operation: Operation = { kind: 'addConstraint', table: 'a', constraint: fk(['b_id'], 'b', ['id'], { name: 'fk_a_b', ...options }), range: opRange };
    const result = renderOperation(operation, context);
    assert.ok(result.problems.some((problem) => problem.code === 'invalid-operation-option' && problem.message.includes(phrase)), `${phrase}: ${JSON.stringify(result)}`);
  }
  // Any case, and a column list after ON DELETE SET NULL (PostgreSQL 15's), are SQLAlchemy's accepted phrases.
  const accepted: Operation = { kind: 'addConstraint', table: 'a', constraint: fk(['b_id'], 'b', ['id'], { name: 'fk_a_b', onDelete: 'set null (b_id)', onUpdate: 'cascade', initially: 'deferred', deferrable: true }), range: opRange };
  const result = renderOperation(accepted, context);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.statements, ['ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY(b_id) REFERENCES b (id) ON DELETE set null (b_id) ON UPDATE cascade DEFERRABLE INITIALLY deferred']);
});

test('a reason the renderer gives for several values of one operation is said once, counted (--sql refusal, held-out sweep BN)', async () => {
  const { renderForOffline, RenderRefused } = await import('../../../server/src/engine/offline/defaultEngine');
  const jsonb = { name: 'JSONB', module: 'sqlalchemy.dialects.postgresql', args: [], kwargs: {} };
  const rows = [{ id: 1, data: { kind: 'dict' as const, entries: [] } }, { id: 2, data: { kind: 'dict' as const, entries: [] } }];
  const operation = { kind: 'bulkInsert', table: { name: 't', columns: [{ name: 'id', type: sa('Integer') }, { name: 'data', type: jsonb }] }, rows, multiInsert: true } as unknown as Operation;
  let refused: unknown;
  try {
    renderForOffline(operation, context.file);
  } catch (error) {
    refused = error;
  }
  assert.ok(refused instanceof RenderRefused, String(refused));
  const message = (refused as Error).message;
  assert.match(message, /\(2 times\)$/);
  assert.equal(message.split('no literal rendering').length - 1, 1, message);
});
