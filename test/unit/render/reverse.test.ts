/**
 * reverseOperation() against Alembic's own reverse(): for every golden case, cases.json holds
 * what the real Alembic renders for `operation.reverse()` (or the error it raises). Also checks
 * that reversing twice renders the original SQL where Alembic keeps enough information.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperation, statementsToText } from '../../../server/src/engine/render';
import { reverseOperation } from '../../../server/src/engine/reverse';
import type { Operation } from '../../../server/src/engine/ops';
import { TABLE_CASES } from './golden-tables';
import { COLUMN_CASES } from './golden-columns';
import { OTHER_CASES } from './golden-others';
import { EDGE_CASES } from './golden-edges';
import { col, idx, sa, uq } from './builders';

interface GoldenCase {
  name: string;
  options?: { paramstyle?: 'named' | 'pyformat' };
  expected?: string;
  reverseExpected?: string;
  reverseError?: string;
}

const cases = (
  JSON.parse(readFileSync(join(__dirname, '../../fixtures/golden/cases.json'), 'utf8')) as { cases: GoldenCase[] }
).cases;
const OPERATIONS: Record<string, Operation> = { ...TABLE_CASES, ...COLUMN_CASES, ...OTHER_CASES, ...EDGE_CASES };
const context = { file: '/reverse.py' };

function sql(operation: Operation, paramstyle?: 'named' | 'pyformat'): string {
  const result = renderOperation(operation, { ...context, paramstyle });
  assert.deepEqual(result.problems, []);
  return statementsToText(result.statements);
}

/**
 * Where Alembic "reverses" into a statement built on missing information (a drop without the
 * dropped object becomes `CREATE TABLE t ()`, an index on a dummy column `x`, a NULL comment),
 * we say "not reversible" instead.
 */
const NOT_REVERSIBLE_WITHOUT_ORIGINAL = new Set(['dropTable', 'dropIndex', 'dropTableComment']);
/** Alembic itself fails on this one (the Index object is attached to two tables); we reverse it. */
const ALEMBIC_FAILS_WE_REVERSE = new Set(['create_table_with_index_objects']);

for (const golden of cases) {
  const operation = OPERATIONS[golden.name];
  // Cases Alembic refused to render have no reverse to compare with.
  if (!operation || golden.expected === undefined) continue;
  test(`reverse matches Alembic: ${golden.name}`, () => {
    const reversed = reverseOperation(operation);
    if (golden.reverseExpected !== undefined) {
      if (NOT_REVERSIBLE_WITHOUT_ORIGINAL.has(operation.kind) && reversed === undefined) {
        const original = operation as { existingTable?: unknown; existingIndex?: unknown; existingComment?: unknown };
        assert.equal(original.existingTable ?? original.existingIndex ?? original.existingComment ?? undefined, undefined);
        return;
      }
      assert.ok(reversed, 'Alembic reverses this operation');
      assert.equal(sql(reversed, golden.options?.paramstyle), golden.reverseExpected);
    } else if (ALEMBIC_FAILS_WE_REVERSE.has(golden.name)) {
      assert.equal(reversed?.kind, 'dropTable');
    } else {
      // Alembic raises: either no reverse, or one the renderer refuses with a problem.
      const refused =
        reversed === undefined || renderOperation(reversed, { ...context, paramstyle: golden.options?.paramstyle }).problems.length > 0;
      assert.ok(refused, `Alembic refuses (${golden.reverseError}) but we rendered a reverse`);
    }
  });
}

/** Information Alembic's reverse drops: IF NOT EXISTS on create, add_column's inline_* flags, renames, unknown previous values. */
const LOSSY = new Set([
  'create_table_if_not_exists',
  'create_index_if_not_exists',
  'create_index_everything',
  'add_column_inline_references',
  'add_column_inline_primary_key',
]);

test('reverse(reverse(op)) renders the same SQL as op wherever Alembic keeps the information', () => {
  let checked = 0;
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    if (LOSSY.has(name) || operation.kind === 'alterColumn') continue;
    const once = reverseOperation(operation);
    const twice = once && reverseOperation(once);
    if (!twice) continue;
    if (renderOperation(operation, context).problems.length > 0) continue;
    assert.equal(sql(twice), sql(operation), name);
    checked++;
  }
  assert.ok(checked >= 60, `only ${checked} operations round-tripped`);
});

test('alter_column with every existing_* value round-trips through two reverses', () => {
  const operation: Operation = {
    kind: 'alterColumn',
    table: 'users',
    column: 'age',
    type: sa('BigInteger'),
    existingType: sa('Integer'),
    nullable: false,
    existingNullable: true,
    serverDefault: { kind: 'literal', value: '0' },
    existingServerDefault: null,
    comment: 'Age',
    existingComment: 'Old',
  };
  const once = reverseOperation(operation);
  assert.ok(once);
  assert.equal(
    sql(once),
    'ALTER TABLE users ALTER COLUMN age TYPE INTEGER;\n\n' +
      'ALTER TABLE users ALTER COLUMN age DROP NOT NULL;\n\n' +
      'ALTER TABLE users ALTER COLUMN age DROP DEFAULT;\n\n' +
      "COMMENT ON COLUMN users.age IS 'Old';\n\n",
  );
  const twice = reverseOperation(once);
  assert.ok(twice);
  assert.equal(sql(twice), sql(operation));
});

test('drops carrying the dropped object reverse into the create', () => {
  const column = col('bio', sa('Text'));
  const dropColumn = reverseOperation({ kind: 'addColumn', table: 'users', column });
  assert.deepEqual(dropColumn, { kind: 'dropColumn', table: 'users', column: 'bio', existingColumn: column });
  const index = idx('ix_a', ['a']);
  const createIndex = reverseOperation({ kind: 'dropIndex', name: 'ix_a', table: 't', dialectOptions: {}, existingIndex: index });
  assert.equal(createIndex && sql(createIndex), 'CREATE INDEX ix_a ON t (a);\n\n');
  const constraint = uq(['a'], { name: 'uq_a' });
  const add = reverseOperation({ kind: 'dropConstraint', name: 'uq_a', table: 't', existingConstraint: constraint });
  assert.equal(add && sql(add), 'ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE (a);\n\n');
});

test('operations Alembic cannot reverse return undefined', () => {
  assert.equal(reverseOperation({ kind: 'renameTable', oldName: 'a', newName: 'b' }), undefined);
  assert.equal(reverseOperation({ kind: 'execute', sql: { kind: 'text', sql: 'SELECT 1' } }), undefined);
  assert.equal(reverseOperation({ kind: 'dropColumn', table: 't', column: 'c' }), undefined);
  assert.equal(reverseOperation({ kind: 'dropConstraint', name: 'c', table: 't' }), undefined);
});
