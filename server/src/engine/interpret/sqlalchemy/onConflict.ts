/**
 * `.on_conflict_do_nothing()` and `.on_conflict_do_update()` of the INSERT that
 * `sqlalchemy.dialects.postgresql.insert(table)` makes (a data migration's upsert), with the checks
 * SQLAlchemy makes when the clause is built: one target at most (a constraint's name, or the
 * elements of a unique index with its WHERE), a target and a non-empty `set_` dictionary for DO
 * UPDATE, one ON CONFLICT per statement. `sa.insert()` has neither method: Python's AttributeError.
 * `stmt.excluded` (the row that was refused) is `excludedColumns`.
 */
import type { DmlStatement, OnConflict, SqlExpr, TableRef } from '../../ops';
import { bindArguments, type CallArgs, type Signature } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

export const ON_CONFLICT_METHODS = new Set(['on_conflict_do_nothing', 'on_conflict_do_update']);

const CLASS_NAMES: Record<DmlStatement['kind'], string> = { insert: 'Insert', update: 'Update', delete: 'Delete' };

/** PostgreSQL's (and SQLAlchemy's) longest identifier. */
const MAX_IDENTIFIER_LENGTH = 63;

const DO_NOTHING: Signature = { name: 'on_conflict_do_nothing', positional: ['constraint', 'index_elements', 'index_where'], required: [] };
const DO_UPDATE: Signature = { name: 'on_conflict_do_update', positional: ['constraint', 'index_elements', 'index_where', 'set_', 'where'], required: [] };

export function onConflictMethod(stmt: DmlStatement, name: string, args: CallArgs): Value {
  if (stmt.kind !== 'insert' || !stmt.postgresql) return raising(`AttributeError: '${CLASS_NAMES[stmt.kind]}' object has no attribute '${name}'`);
  if (stmt.onConflict) return raising('InvalidRequestError: This Insert construct already has an ON CONFLICT clause established');
  const bound = bindArguments(name === 'on_conflict_do_update' ? DO_UPDATE : DO_NOTHING, args);
  if (!bound.ok) return raising(`TypeError: ${bound.message}`);
  const given = (parameter: string): Value | undefined => {
    const value = bound.bound.params.get(parameter)?.value;
    return value === undefined || value.kind === 'none' ? undefined : value;
  };
  const target = conflictTarget(given('constraint'), given('index_elements'), given('index_where'));
  if ('kind' in target) return target;
  const onConflict: OnConflict = target.target ? { target: target.target } : {};
  if (name === 'on_conflict_do_update') {
    if (!onConflict.target) return raising('ValueError: Either constraint or index_elements, but not both, must be specified unless DO NOTHING');
    const update = updateAction(given('set_'), given('where'), stmt.table);
    if ('kind' in update) return update;
    onConflict.update = update;
  }
  return { kind: 'dml', stmt: { ...stmt, onConflict } };
}

function conflictTarget(constraint: Value | undefined, elements: Value | undefined, where: Value | undefined): { target?: OnConflict['target'] } | Value {
  if (constraint !== undefined) {
    if (elements !== undefined) return raising("ValueError: 'constraint' and 'index_elements' are mutually exclusive");
    if (constraint.kind === 'opaque') return constraint;
    if (constraint.kind !== 'str') return opaque('on_conflict_*(constraint=) given a constraint or index object rather than its name');
    if (constraint.value.length > MAX_IDENTIFIER_LENGTH) return raising(`IdentifierError: Identifier '${constraint.value}' exceeds maximum length of ${MAX_IDENTIFIER_LENGTH} characters`);
    return { target: { constraint: constraint.value } };
  }
  if (elements === undefined) return {};
  if (elements.kind === 'opaque') return elements;
  if (elements.kind !== 'seq') return opaque('on_conflict_*(index_elements=) other than a list');
  const exprs: SqlExpr[] = [];
  for (const item of elements.items) {
    if (item.kind === 'opaque') return item;
    // A name is the column's (quoted as needed); anything else is an expression of the index.
    const expr = item.kind === 'str' ? ({ kind: 'column', name: item.value } as const) : item.kind === 'sql' ? item.expr : undefined;
    if (expr === undefined) return opaque('on_conflict_*(index_elements=) with an element that is not a name or a SQL expression');
    exprs.push(expr);
  }
  if (where === undefined) return { target: { elements: exprs } };
  const condition = sqlOf(where, 'index_where');
  if ('kind' in condition) return condition;
  return { target: { elements: exprs, where: condition.expr } };
}

function updateAction(set: Value | undefined, where: Value | undefined, table: TableRef): NonNullable<OnConflict['update']> | Value {
  if (set?.kind === 'opaque') return set;
  if (set?.kind === 'tableColumns') return opaque('on_conflict_do_update(set_=) given a column collection');
  if (set?.kind !== 'dict') return raising('ValueError: set parameter must be a non-empty dictionary or a ColumnCollection such as the `.c.` collection of a Table object');
  if (set.entries.length === 0) return raising('ValueError: set parameter dictionary must not be empty');
  const pairs: [string, SqlExpr][] = [];
  for (const entry of set.entries) {
    const key = entry.key.kind === 'str' ? entry.key.value : entry.key.kind === 'sql' && entry.key.expr.kind === 'column' && (entry.key.expr.table === undefined || entry.key.expr.table === table.name) ? entry.key.expr.name : undefined;
    if (key === undefined) return entry.key.kind === 'opaque' ? entry.key : opaque('on_conflict_do_update(set_=) with a key that is not a column name of the table');
    const value = sqlOf(entry.value, `set_["${key}"]`);
    if ('kind' in value) return value;
    pairs.push([key, value.expr]);
  }
  if (where === undefined) return { set: pairs };
  const condition = sqlOf(where, 'where');
  if ('kind' in condition) return condition;
  return { set: pairs, where: condition.expr };
}

function sqlOf(value: Value, what: string): { expr: SqlExpr } | Value {
  if (value.kind === 'opaque') return value;
  const expr = toSqlExpr(value);
  return expr ? { expr } : opaque(`on_conflict_*(${what}) is not a literal or SQL expression`);
}

/** `insert_stmt.excluded`: the columns of the refused row, PostgreSQL's `excluded` pseudo-table. */
export function excludedColumns(stmt: DmlStatement): Value | undefined {
  if (stmt.kind !== 'insert' || !stmt.postgresql) return undefined;
  return { kind: 'tableColumns', table: { name: 'excluded', columns: stmt.table.columns } };
}
