/**
 * Whether a statement given to `op.execute` compiles with bind parameters: a Python value in an
 * INSERT's or UPDATE's values or in a comparison, a client-side default written as one, a
 * `sa.literal()`, a `text()` parameter. With `literal_binds=True` (the generic env.py's) they
 * print as literals; without it Alembic prints placeholders (`%(name)s::VARCHAR`), which the
 * engine does not reproduce: such a statement is not rendered (RenderContext.literalBinds).
 * Constructs that are not binds print the same either way: `op.inline_literal()`, `sa.null()`,
 * `sa.true()`, `== None` (IS NULL), `== True` (SQLAlchemy writes `= true`), SQL text, columns.
 */
import type { DmlStatement, ExecuteOp, FromItem, OnConflict, SqlExpr, TableRef } from '../ops';
import { sqlOperator } from './expressions';
import { hasTextBinds } from './text';

export function hasBindParameters(sql: ExecuteOp['sql']): boolean {
  switch (sql.kind) {
    case 'insert':
    case 'update':
    case 'delete':
      return dmlHasBinds(sql);
    case 'createSequence':
    case 'dropSequence':
    case 'createEnumType':
    case 'dropEnumType':
    case 'createSchema':
    case 'dropSchema':
      return false;
    case 'literal':
      // A plain string is SQL text.
      return typeof sql.value === 'string' ? hasTextBinds(sql.value) : exprHasBinds(sql);
    default:
      return exprHasBinds(sql);
  }
}

function dmlHasBinds(statement: DmlStatement): boolean {
  switch (statement.kind) {
    case 'insert':
      if (statement.onConflict && onConflictHasBinds(statement.onConflict)) return true;
      if (statement.fromSelect) return exprHasBinds(statement.fromSelect.select);
      return [statement.values, ...(statement.moreRows ?? [])].some((row) => Object.values(row).some(exprHasBinds) || writesBoundDefault(statement.table, row, 'insertDefault'));
    case 'update':
      return Object.values(statement.values).some(exprHasBinds) || writesBoundDefault(statement.table, statement.values, 'updateDefault') || (statement.where !== undefined && exprHasBinds(statement.where));
    case 'delete':
      return statement.where !== undefined && exprHasBinds(statement.where);
  }
}

/** ON CONFLICT's index WHERE, DO UPDATE's values and WHERE. */
function onConflictHasBinds(onConflict: OnConflict): boolean {
  const target = onConflict.target;
  if (target && 'elements' in target && (target.elements.some(exprHasBinds) || (target.where !== undefined && exprHasBinds(target.where)))) return true;
  const update = onConflict.update;
  return update !== undefined && (update.set.some(([, value]) => exprHasBinds(value)) || (update.where !== undefined && exprHasBinds(update.where)));
}

/** A Python-side default of a column the statement does not set is a bind parameter. */
function writesBoundDefault(table: TableRef, values: { [column: string]: SqlExpr }, which: 'insertDefault' | 'updateDefault'): boolean {
  return table.columns.some((column) => !(column.name in values) && column[which]?.kind === 'bound');
}

const EQUALITY = new Set(['=', '!=', 'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM']);

/** Whether `expr` compiles with a bind parameter somewhere inside it (a literal under literal_binds). */
export function exprHasBinds(expr: SqlExpr): boolean {
  switch (expr.kind) {
    case 'literal':
      return expr.inline !== true && !(expr.construct === true && expr.value === null);
    case 'text':
      return expr.ddl !== true && ((expr.params !== undefined && Object.keys(expr.params).length > 0) || hasTextBinds(expr.sql));
    case 'literalColumn':
    case 'column':
      return false;
    case 'function':
      return expr.args.some(exprHasBinds);
    case 'binary': {
      // `x == None` is IS NULL and `x == True` is `= true`: no bind.
      const equality = EQUALITY.has(sqlOperator(expr.operator) ?? expr.operator.toUpperCase());
      const constant = (side: SqlExpr): boolean => equality && side.kind === 'literal' && (side.value === null || typeof side.value === 'boolean');
      return (!constant(expr.left) && exprHasBinds(expr.left)) || (!constant(expr.right) && exprHasBinds(expr.right)) || (expr.replacement !== undefined && exprHasBinds(expr.replacement));
    }
    case 'unary':
      return exprHasBinds(expr.operand);
    case 'cast':
    case 'typeCoerce':
      return exprHasBinds(expr.expr);
    case 'select':
      // LIMIT and OFFSET are bound parameters too.
      return expr.limit !== undefined || expr.offset !== undefined || [...expr.columns, ...(expr.where ? [expr.where] : []), ...(expr.groupBy ?? []), ...(expr.having ? [expr.having] : []), ...(expr.orderBy ?? []), ...joinConditions(expr)].some(exprHasBinds);
    case 'label':
      return exprHasBinds(expr.expr);
    case 'between':
      return [expr.operand, expr.lower, expr.upper].some(exprHasBinds);
    case 'extract':
      return exprHasBinds(expr.expr);
    case 'tuple':
      return expr.items.some(exprHasBinds);
    case 'case':
      return (expr.value !== undefined && exprHasBinds(expr.value)) || expr.whens.some(({ when, then }) => exprHasBinds(when) || exprHasBinds(then)) || (expr.else !== undefined && exprHasBinds(expr.else));
  }
}

/** The ON clauses of a select's joins, given to select_from() or asked of the select. */
function joinConditions(select: Extract<SqlExpr, { kind: 'select' }>): SqlExpr[] {
  const ons = (item: FromItem): SqlExpr[] => ('kind' in item ? [...ons(item.left), item.on] : []);
  return [...(select.froms ?? []).flatMap(ons), ...(select.joins ?? []).map((join) => join.on)];
}
