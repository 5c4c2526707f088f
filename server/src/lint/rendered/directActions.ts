/**
 * The lint actions of the common operations built straight from their values, without printing
 * their statements. Rendering an operation and comparing the text with a known layout
 * (renderedActions.ts) was most of the lint's reading of a history (issue 11). Each builder here
 * answers only where the renderer provably prints the layout renderedActions.ts accepts for the
 * same values, so the actions are the rendered path's: plain names (printed as they are, no
 * problem reported for them), options that print nothing, flags that are true booleans (the
 * renderer tests truthiness, the layouts `=== true`). What lies between names (a column's
 * definition, a type, a default, a CHECK) is printed by the renderer's own functions and read
 * once per distinct text, as before. Anything else, any problem the renderer reports, or a
 * value that makes it throw answers undefined: the caller renders, and an operation the renderer
 * refuses stays unchecked. A test compares this with the rendered path on every fixture and a
 * generated history.
 */
import type {
  AddColumnOp,
  AddConstraintOp,
  AlterColumnOp,
  ConstraintSpec,
  CreateIndexOp,
  CreateTableOp,
  DropColumnOp,
  DropConstraintOp,
  DropIndexOp,
  DropTableOp,
  IndexSpec,
  Operation,
  RenameTableOp,
} from '../../engine/ops';
import { columnSpecification } from '../../engine/render/columns';
import { constraintClause } from '../../engine/render/constraints';
import { RenderState } from '../../engine/render/context';
import { renderServerDefault } from '../../engine/render/expressions';
import { createTypeStatements } from '../../engine/render/operations/createTable';
import { tableShape } from '../../engine/render/tables';
import { renderType } from '../../engine/render/types';
import type { ActionBody, ColumnFacts } from '../actions';
import { alterTypeOf, constraintOf, setDefaultOf } from './fragments';
import { isPlainName, lintRelation, plainTable } from './names';
import { columnOf, concurrentlyOnly, constraintHead, foreignKeyFacts, indexLayout, keyClause, keyConstraint, referencedTables, type Table } from './renderedActions';
import { foreignKeysOf, referencesOf } from '../sql/toActions';

/** The actions of `operation` as its rendered statements give them, or undefined: render it. */
export function directActions(operation: Operation, file: string): ActionBody[] | undefined {
  try {
    return byKind(operation, file);
  } catch {
    // A malformed value: the renderer reports it (and the operation becomes unchecked).
    return undefined;
  }
}

function byKind(operation: Operation, file: string): ActionBody[] | undefined {
  switch (operation.kind) {
    case 'createTable':
      return createTable(operation, file);
    case 'addColumn':
      return addColumn(operation, file);
    case 'alterColumn':
      return alterColumn(operation, file);
    case 'createIndex':
      return createIndex(operation);
    case 'dropIndex':
      return dropIndex(operation);
    case 'dropTable':
      return dropTable(operation);
    case 'dropColumn':
      return dropColumn(operation);
    case 'renameTable':
      return renameTable(operation);
    case 'addConstraint':
      return addConstraint(operation, file);
    case 'dropConstraint':
      return dropConstraint(operation);
    default:
      return undefined;
  }
}

/** Absent or a boolean: the renderer's `flag ? ... : ''` and the layouts' `flag === true` agree. */
function isFlag(value: unknown): value is boolean | undefined {
  return value === undefined || typeof value === 'boolean';
}

/**
 * A printed fragment that ends a statement, as it stands in Alembic's output: Alembic turns tabs
 * into four spaces and strips the statement's end, so a fragment with a tab or trailing space
 * would be read otherwise; those (and an empty one) are left to the rendered path.
 */
function endsStatementAsIs(text: string): boolean {
  return text !== '' && !text.includes('\t') && text.trimEnd() === text;
}

function stateFor(operation: Operation, file: string, tableSchema: string | undefined): RenderState {
  const state = new RenderState({ file }, operation.range);
  state.tableSchema = tableSchema;
  return state;
}

function dropTable(op: DropTableOp): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isFlag(op.ifExists)) return undefined;
  return [{ kind: 'dropTable', table: table.relation, cascade: false, ifExists: op.ifExists === true }];
}

function dropColumn(op: DropColumnOp): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isPlainName(op.column) || !isFlag(op.ifExists)) return undefined;
  return [{ kind: 'dropColumn', table: table.relation, column: op.column, ifExists: op.ifExists === true }];
}

function renameTable(op: RenameTableOp): ActionBody[] | undefined {
  const table = plainTable(op.oldName, op.schema);
  if (!table || !isPlainName(op.newName)) return undefined;
  return [{ kind: 'renameTable', table: table.relation, newName: lintRelation(op.newName, op.schema) }];
}

function dropConstraint(op: DropConstraintOp): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isPlainName(op.name) || !isFlag(op.ifExists)) return undefined;
  return [{ kind: 'dropConstraint', table: table.relation, name: op.name, ifExists: op.ifExists === true }];
}

function dropIndex(op: DropIndexOp): ActionBody[] | undefined {
  const concurrently = concurrentlyOnly(op.dialectOptions);
  if (concurrently === undefined || !isPlainName(op.name) || (op.schema !== undefined && !isPlainName(op.schema)) || !isFlag(op.ifExists)) return undefined;
  return [{ kind: 'dropIndex', name: lintRelation(op.name, op.schema), concurrently, ifExists: op.ifExists === true }];
}

/** An index the renderer prints in the layout `indexLayout` builds: its action. */
function indexAction(table: Table, index: IndexSpec, ifNotExists: boolean): ActionBody | undefined {
  if (!isFlag(index.unique)) return undefined;
  return indexLayout(table, index, ifNotExists)?.action;
}

function createIndex(op: CreateIndexOp): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table || !isFlag(op.ifNotExists)) return undefined;
  const action = indexAction(table, op.index, op.ifNotExists === true);
  return action ? [action] : undefined;
}

/**
 * `ALTER TABLE t ADD <clause>`: a key from its values; any other clause (CHECK, EXCLUDE, a
 * foreign key with MATCH) printed by the renderer and read once per distinct text.
 */
function constraintAction(table: Table, spec: ConstraintSpec, state: RenderState): ActionBody | undefined {
  if (constraintHead(table, spec) === undefined) return undefined;
  const key = keyConstraint(table, spec);
  if (key) return key.action;
  const clause = constraintClause(spec, state);
  const named = spec.name !== undefined ? `CONSTRAINT ${spec.name} ` : '';
  if (state.problems.length > 0 || !clause.startsWith(named)) return undefined;
  const rest = clause.slice(named.length);
  return endsStatementAsIs(rest) ? constraintOf(table.relation, spec.name, rest) : undefined;
}

function addConstraint(op: AddConstraintOp, file: string): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  if (!table) return undefined;
  const action = constraintAction(table, op.constraint, stateFor(op, file, undefined));
  return action ? [action] : undefined;
}

/** Alembic's alter_column, one action per change in the renderer's order (TYPE, NULL, DEFAULT, RENAME). */
function alterColumn(op: AlterColumnOp, file: string): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  // An identity change (ADD / SET / DROP IDENTITY) is read from its parsed SQL.
  if (!table || !isPlainName(op.column) || op.postgresqlUsing !== undefined || op.comment !== undefined || op.identity !== undefined || !isFlag(op.nullable)) return undefined;
  // A type whose CHECK comes and goes with it (an Enum or Boolean with create_constraint=True)
  // prints DROP / ADD CONSTRAINT statements too: read from the rendered SQL, which has them.
  if ((op.typeChecksDropped?.length ?? 0) > 0 || (op.typeChecksAdded?.length ?? 0) > 0) return undefined;
  if (op.newName !== undefined && !isPlainName(op.newName)) return undefined;
  // Nothing to change renders no SQL: the rendered path makes that unchecked.
  if (op.type === undefined && op.nullable === undefined && op.serverDefault === undefined && op.newName === undefined) return undefined;
  const state = stateFor(op, file, op.schema);
  const actions: ActionBody[] = [];
  if (op.type !== undefined) {
    const type = renderType(op.type, state) ?? '';
    if (state.problems.length > 0 || !endsStatementAsIs(type)) return undefined;
    const typed = alterTypeOf(table.relation, op.column, type);
    if (!typed) return undefined;
    actions.push(...typed);
  }
  if (op.nullable === false) actions.push({ kind: 'setNotNull', table: table.relation, column: op.column });
  else if (op.nullable === true) actions.push({ kind: 'dropNotNull', table: table.relation, column: op.column });
  if (op.serverDefault === null) {
    actions.push({ kind: 'setDefault', table: table.relation, column: op.column });
  } else if (op.serverDefault !== undefined) {
    const value = renderServerDefault(op.serverDefault, state);
    if (state.problems.length > 0 || !endsStatementAsIs(value)) return undefined;
    const set = setDefaultOf(table.relation, op.column, value);
    if (!set) return undefined;
    actions.push(set);
  }
  if (op.newName !== undefined) actions.push({ kind: 'renameColumn', table: table.relation, column: op.column, newName: op.newName });
  return actions;
}

/** The constraints and indexes SQLAlchemy adds after a table or column, one statement each. */
function followingActions(table: Table, constraints: readonly ConstraintSpec[], indexes: readonly IndexSpec[], state: RenderState, out: ActionBody[]): boolean {
  for (const constraint of constraints) {
    const action = constraintAction(table, constraint, state);
    if (!action) return false;
    out.push(action);
  }
  for (const index of indexes) {
    const action = indexAction(table, index, false);
    if (!action) return false;
    out.push(action);
  }
  return true;
}

function addColumn(op: AddColumnOp, file: string): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  const { column } = op;
  // Inline PRIMARY KEY / REFERENCES / CHECK and comments add clauses and statements of their own: rendered.
  if (!table || op.inlinePrimaryKey || op.inlineReferences || column.checks.length > 0 || column.comment !== undefined || !isFlag(op.ifNotExists)) return undefined;
  const state = stateFor(op, file, op.schema);
  const shape = tableShape(op.table, [column], [], []);
  const specification = columnSpecification(column, { inPrimaryKey: column.primaryKey, isAutoincrement: shape.autoincrement === column }, state);
  if (state.problems.length > 0 || !endsStatementAsIs(specification)) return undefined;
  const facts = columnOf(specification, column.name);
  if (!facts) return undefined;
  const actions: ActionBody[] = [{ kind: 'addColumn', table: table.relation, column: facts, ifNotExists: op.ifNotExists === true }];
  return followingActions(table, shape.constraints, shape.indexes, state, actions) && state.problems.length === 0 ? actions : undefined;
}

/** Keys that print something after CREATE or after the closing parenthesis (prefixes, INHERITS, WITH, ...). */
function hasTableOptions(options: { [key: string]: unknown }): boolean {
  for (const key of Object.keys(options)) if (key === 'prefixes' || key.startsWith('postgresql_')) return true;
  return false;
}

/**
 * PostgreSQL keeps one of a table's identical key constraints (a UNIQUE on exactly the primary
 * key's columns): the primary key, which takes the UNIQUE's name when it has none of its own
 * (lsst-dm/consdb's `PRIMARY KEY (id)` beside `CONSTRAINT un_t_id UNIQUE (id)` is one key, un_t_id).
 */
function duplicateKeyName(primaryKey: ConstraintSpec, constraints: readonly ConstraintSpec[]): string | undefined {
  const key = keyClause(primaryKey)?.text.replace(/^PRIMARY KEY /, '');
  if (key === undefined) return undefined;
  return constraints.find((constraint) => constraint.type === 'unique' && constraint.name !== undefined && keyClause(constraint)?.text.replace(/^UNIQUE /, '') === key)?.name;
}

function createTable(op: CreateTableOp, file: string): ActionBody[] | undefined {
  const table = plainTable(op.table, op.schema);
  // Comments print statements of their own, enum columns CREATE TYPE before the table: rendered.
  // No columns prints `(\n    \n)`, which the layout does not read as an empty list: rendered.
  // A system=True column is left out of the column list: rendered.
  if (!table || op.columns.length === 0 || op.comment || op.columns.some((column) => column.comment !== undefined || column.system) || !isFlag(op.ifNotExists) || hasTableOptions(op.dialectOptions)) return undefined;
  const state = stateFor(op, file, op.schema);
  if (createTypeStatements(op.columns, state).length > 0) return undefined;
  const shape = tableShape(op.table, op.columns, op.constraints, op.indexes, op.primaryKeyName);
  const columns: ColumnFacts[] = [];
  for (const column of op.columns) {
    const specification = columnSpecification(column, { inPrimaryKey: shape.primaryKeyNames.has(column.name), isAutoincrement: column === shape.autoincrement }, state);
    // A line break could split the element where the layout's separator does; a tab is printed as spaces.
    if (state.problems.length > 0 || specification.includes('\n') || specification.includes('\t')) return undefined;
    const facts = columnOf(specification, column.name);
    if (!facts) return undefined;
    columns.push(facts);
  }
  const keyNames = new Set<string>();
  const inTable = shape.constraints.filter((constraint) => !(constraint.type === 'foreignKey' && constraint.useAlter));
  for (const constraint of shape.primaryKey ? [shape.primaryKey, ...inTable] : inTable) {
    // Only keys and foreign keys: a CHECK or EXCLUDE is read with the statement, rendered.
    const key = keyClause(constraint);
    if (!key || key.notValid || (constraint.name !== undefined && !isPlainName(constraint.name))) return undefined;
    if (constraint.type === 'primaryKey') for (const name of key.columns) keyNames.add(name);
  }
  for (const column of columns) if (keyNames.has(column.name)) column.primaryKey = true;
  const primaryKeyName = shape.primaryKey?.name ?? (shape.primaryKey ? duplicateKeyName(shape.primaryKey, inTable) : undefined);
  const actions: ActionBody[] = [{ kind: 'createTable', table: table.relation, columns, ifNotExists: op.ifNotExists === true, ...(primaryKeyName !== undefined ? { primaryKeyName } : {}), ...referencesOf(referencedTables(inTable)), ...foreignKeysOf(foreignKeyFacts(inTable)) }];
  return followingActions(table, [], shape.indexes, state, actions) ? actions : undefined;
}
