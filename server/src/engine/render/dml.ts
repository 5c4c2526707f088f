/**
 * INSERT / UPDATE / DELETE on `sa.table(...)` with literal binds, as the offline branch of
 * Alembic's generic env.py renders them: SET and VALUES follow the table's column order,
 * WHERE qualifies columns with the (schema-qualified) table name. A full Table's columns with a
 * client-side `default=` (INSERT) or `onupdate=` (UPDATE) that the statement does not set are
 * written too, as SQLAlchemy's compiler adds them (ClientDefault).
 */
import type { ClientDefault, DmlStatement, Literal, SqlExpr, SqlType, TableRef } from '../ops';
import type { RenderState } from './context';
import { forEachColumn, isForeignColumn, renderExpr, renderSelect, type ExprOptions } from './expressions';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { typedLiteral } from './typedLiterals';
import { valueSql } from './dmlValue';
import { onConflictSql } from './onConflict';

function columnTypes(table: TableRef): Map<string, SqlType | undefined> {
  return new Map(table.columns.map((column) => [column.name, column.type]));
}

type DefaultFor = 'insertDefault' | 'updateDefault';

/**
 * Values in table column order, with the client-side default (`which`) of each column not given;
 * names the table does not have are reported (SQLAlchemy refuses them).
 */
function orderedValues(table: TableRef, values: { [column: string]: SqlExpr }, which: DefaultFor, state: RenderState): [string, SqlExpr][] {
  const known = new Set(table.columns.map((column) => column.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      state.report('invalid-operation-option', `Column '${name}' is not among the columns declared for table '${table.name}'.`);
    }
  }
  const entries: [string, SqlExpr][] = [];
  for (const column of table.columns) {
    if (column.name in values) entries.push([column.name, values[column.name]]);
    else {
      const fallback = column[which];
      const expr = fallback && defaultValue(fallback, table, column.name, state);
      if (expr) entries.push([column.name, expr]);
    }
  }
  return entries;
}

const NULL_VALUE: SqlExpr = { kind: 'literal', value: null };

/**
 * What the statement writes for a column's client-side default: a bind parameter computed when it
 * runs (NULL in literal binds, as Alembic prints it), or the SQL expression itself.
 */
function defaultValue(fallback: ClientDefault, table: TableRef, column: string, state: RenderState): SqlExpr | undefined {
  if (fallback.kind === 'bound') return NULL_VALUE;
  if (fallback.kind === 'sql') return fallback.expr;
  state.report('unsupported-sql-expression', `SQLAlchemy writes the default of ${table.name}.${column} into this statement, and ${fallback.reason}: not rendered.`);
  return undefined;
}

export function literalValue(value: Literal, type: SqlType | undefined, state: RenderState): string {
  return typedLiteral(value, type, state) ?? '';
}


/**
 * `moreRows` (values([row, ...])): each row gives the first row's columns, as SQLAlchemy's
 * multi-values INSERT takes them; a key only a later row has is left out, one it lacks is
 * SQLAlchemy's CompileError.
 */
/**
 * An INSERT or UPDATE given no values at all: SQLAlchemy then writes every column of the table as a
 * bind parameter, which `--sql` prints as the driver's placeholders (`type=%(type)s`,
 * `"Name"=%(Name)s::VARCHAR`), not rendered here; a table of no columns inserts DEFAULT VALUES.
 */
function withoutValues(table: TableRef, values: { [column: string]: SqlExpr }, statement: 'INSERT' | 'UPDATE', state: RenderState): boolean {
  if (Object.keys(values).length > 0) return false;
  if (statement === 'INSERT' && table.columns.length === 0) return false;
  state.report('unsupported-sql-expression', `This ${statement} is given no values: SQLAlchemy writes every column of ${table.name} as a bind parameter, which --sql prints as a placeholder; not rendered.`);
  return true;
}

export function insertStatement(table: TableRef, values: { [column: string]: SqlExpr }, state: RenderState, moreRows: readonly { [column: string]: SqlExpr }[] = []): string {
  if (withoutValues(table, values, 'INSERT', state)) return '';
  if (table.columns.length === 0 && Object.keys(values).length === 0) return `INSERT INTO ${qualifiedName(table.name, table.schema, state)} DEFAULT VALUES`;
  const types = columnTypes(table);
  const entries = orderedValues(table, values, 'insertDefault', state);
  const names = entries.map(([name]) => quoteIdentifier(name, state)).join(', ');
  const qualified = qualifiedName(table.name, table.schema, state);
  const options: ExprOptions = { columnPrefix: qualified, columnTypes: types, ownTable: table };
  const rows = [entries.map(([name, expr]) => valueSql(expr, types.get(name), state, options)).join(', ')];
  const defaults = new Map(table.columns.map((column) => [column.name, column.insertDefault]));
  for (const row of moreRows) {
    // A column a later row does not give takes its default, as in the first row; without one,
    // SQLAlchemy refuses.
    const missing = entries.find(([name]) => !(name in row) && defaults.get(name) === undefined);
    if (missing) {
      state.report('invalid-operation-option', `INSERT value for column ${table.name}.${missing[0]} is explicitly rendered as a boundparameter in the VALUES clause; a Python-side value or SQL expression is required (a later row of values([...]) lacks a column the first row gives).`);
      continue;
    }
    const exprs = entries.map(([name]): SqlExpr | undefined => (name in row ? row[name] : defaultValue(defaults.get(name)!, table, name, state)));
    rows.push(entries.map(([name], at) => (exprs[at] ? valueSql(exprs[at], types.get(name), state, options) : '')).join(', '));
  }
  return `INSERT INTO ${qualified} (${names}) VALUES ${rows.map((row) => `(${row})`).join(', ')}`;
}

/**
 * `op.execute(table.insert().values(...))`: one row, so SQLAlchemy adds what the database generates
 * for the keys not given (TableRef.generatedKeys): `nextval('seq')` among the values and
 * `RETURNING table.key`. (op.bulk_insert inserts "inline", without them.)
 */
function executedInsert(table: TableRef, values: { [column: string]: SqlExpr }, state: RenderState, moreRows: readonly { [column: string]: SqlExpr }[] | undefined, onConflict: string): string {
  if (withoutValues(table, values, 'INSERT', state)) return '';
  const keys = table.generatedKeys;
  if (moreRows) {
    // Several rows: no RETURNING of generated keys (SQLAlchemy adds it to a single row's INSERT).
    if (keys) state.report('unsupported-sql-expression', 'This INSERT of several rows is into a table whose keys the database generates: not rendered.');
    return insertStatement(table, values, state, moreRows) + onConflict;
  }
  if (!keys) return insertStatement(table, values, state) + onConflict;
  if (!Array.isArray(keys)) {
    if (keys.columns.some((column) => !(column in values))) state.report('unsupported-sql-expression', `This INSERT does not give the primary key, and ${keys.unknown}: not rendered.`);
    return insertStatement(table, values, state) + onConflict;
  }
  const missing = keys.filter((key) => !(key.column in values));
  if (missing.length === 0) return insertStatement(table, values, state) + onConflict;
  const withSequences = { ...values };
  for (const key of missing) if (key.nextval !== undefined) withSequences[key.column] = { kind: 'literalColumn', sql: `nextval('${quoteIdentifier(key.nextval, state)}')` };
  const qualified = qualifiedName(table.name, table.schema, state);
  // PostgreSQL's ON CONFLICT comes before the RETURNING SQLAlchemy adds.
  return `${insertStatement(table, withSequences, state)}${onConflict} RETURNING ${missing.map((key) => `${qualified}.${quoteIdentifier(key.column, state)}`).join(', ')}`;
}

/** `insert().from_select(names, select)`: the names as given, then the select (no correlation). */
function insertFromSelect(table: TableRef, fromSelect: { columns: string[]; select: SqlExpr }, state: RenderState): string {
  if (fromSelect.select.kind !== 'select') return '';
  const names = fromSelect.columns.map((name) => quoteIdentifier(name, state)).join(', ');
  return `INSERT INTO ${qualifiedName(table.name, table.schema, state)} (${names}) ${renderSelect(fromSelect.select, state, {}, true)}`;
}

/**
 * The tables other than `own` whose columns the expressions use, qualified, in the order they are
 * first met (left to right): PostgreSQL's UPDATE ... FROM and DELETE ... USING list, as
 * SQLAlchemy adds it when a statement's criteria or values name another `sa.table()`.
 */
function otherTables(exprs: SqlExpr[], own: TableRef, state: RenderState): string[] {
  const seen = new Set<string>();
  for (const expr of exprs) {
    forEachColumn(expr, (column) => {
      if (isForeignColumn(column, own)) seen.add(qualifiedName(column.table, column.schema, state));
    });
  }
  return [...seen];
}

const RENDERERS: { [K in DmlStatement['kind']]: (statement: Extract<DmlStatement, { kind: K }>, state: RenderState) => string } = {
  insert: (statement, state) => {
    const onConflict = statement.onConflict ? ` ${onConflictSql(statement.onConflict, statement.table, state)}` : '';
    if (statement.fromSelect) return insertFromSelect(statement.table, statement.fromSelect, state) + onConflict;
    return executedInsert(statement.table, statement.values, state, statement.moreRows, onConflict);
  },
  update: (statement, state) => {
    if (withoutValues(statement.table, statement.values, 'UPDATE', state)) return '';
    const table = qualifiedName(statement.table.name, statement.table.schema, state);
    const types = columnTypes(statement.table);
    const options: ExprOptions = { columnPrefix: table, columnTypes: types, ownTable: statement.table };
    const sets = orderedValues(statement.table, statement.values, 'updateDefault', state).map(
      ([name, expr]) => `${quoteIdentifier(name, state)}=${valueSql(expr, types.get(name), state, options)}`,
    );
    // SQLAlchemy looks for other tables in the WHERE criteria first, then in the values given.
    const others = otherTables([...(statement.where ? [statement.where] : []), ...Object.values(statement.values)], statement.table, state);
    const from = others.length > 0 ? ` FROM ${others.join(', ')}` : '';
    const where = statement.where ? ` WHERE ${renderExpr(statement.where, state, options)}` : '';
    return `UPDATE ${table} SET ${sets.join(', ')}${from}${where}`;
  },
  delete: (statement, state) => {
    const table = qualifiedName(statement.table.name, statement.table.schema, state);
    const options: ExprOptions = { columnPrefix: table, columnTypes: columnTypes(statement.table), ownTable: statement.table };
    const others = statement.where ? otherTables([statement.where], statement.table, state) : [];
    const using = others.length > 0 ? ` USING ${others.join(', ')}` : '';
    const where = statement.where ? ` WHERE ${renderExpr(statement.where, state, options)}` : '';
    return `DELETE FROM ${table}${using}${where}`;
  },
};

export function dmlStatement(statement: DmlStatement, state: RenderState): string {
  return (RENDERERS[statement.kind] as (s: DmlStatement, st: RenderState) => string)(statement, state);
}
