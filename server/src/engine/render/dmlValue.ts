/**
 * A value an INSERT, UPDATE or ON CONFLICT DO UPDATE writes into a column, as SQLAlchemy compiles
 * it: a Python value is a bind of the column's type (printed as a literal), an operator expression
 * is grouped in parentheses (`value.self_group()`).
 */
import type { SqlExpr, SqlType } from '../ops';
import type { RenderState } from './context';
import { isGrouped, renderExpr, type ExprOptions } from './expressions';
import { constructLiteralSql, inlineLiteralSql, typedLiteral } from './typedLiterals';

export function valueSql(expr: SqlExpr, type: SqlType | undefined, state: RenderState, options: ExprOptions): string {
  // `sa.literal(value[, type_])` keeps its own type (the column's does not replace it).
  if (expr.kind === 'literal' && expr.construct) return constructLiteralSql(expr, state) ?? '';
  if (expr.kind === 'literal') return (expr.inline ? inlineLiteralSql(expr, state) : typedLiteral(expr.value, type, state, true, expr.float === true)) ?? '';
  const sql = renderExpr(expr, state, options, type);
  return isGrouped(expr, undefined) ? `(${sql})` : sql;
}
