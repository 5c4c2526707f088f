/**
 * `a // b`: SQLAlchemy 2 prints PostgreSQL's `/` when both sides have Integer affinity (its
 * dialect's `div_is_floordiv`: PostgreSQL divides integers to an integer), and `FLOOR(a / b)` for any
 * other pair (a Numeric, Float, a column of no type, SQL text, a bool). A Python value takes the
 * type a comparison with the other side gives it (`2` Integer, `2.5` Float, None the other's).
 * Where a side's type is not known here (another table's column, most functions, an application
 * type) the caller refuses rather than guess between the two.
 */
import type { SqlExpr, SqlType } from '../ops';
import { isIntegerType, isSqlAlchemyPostgresqlType, valueAffinity } from './types';
import { sqlOperator } from './expressions';

/** A column's type where the caller knows it: `known: false` for a column whose type is not at hand. */
export type ColumnTypeOf = (expr: Extract<SqlExpr, { kind: 'column' }>) => { known: boolean; type?: SqlType };

/** Whether `expr` has Integer affinity; undefined when the engine cannot tell. `other` is the operand it is combined with, whose type a None takes. */
export function hasIntegerAffinity(expr: SqlExpr, other: SqlExpr | undefined, columnTypeOf: ColumnTypeOf): boolean | undefined {
  switch (expr.kind) {
    case 'literal': {
      const own = expr.inline ? expr.type : expr.construct ? expr.bindType : undefined;
      if (own !== undefined) return typeIsInteger(own);
      if (expr.value === null) return expr.construct || expr.inline || other === undefined ? false : hasIntegerAffinity(other, undefined, columnTypeOf);
      if (expr.float === true) return false;
      if (Array.isArray(expr.value) || (typeof expr.value === 'object' && expr.value !== null && !('$temporal' in expr.value))) return undefined;
      return valueAffinity(expr.value) === 'Integer';
    }
    case 'column': {
      const { known, type } = columnTypeOf(expr);
      return known ? typeIsInteger(type) : undefined;
    }
    case 'cast':
    case 'typeCoerce':
      return typeIsInteger(expr.type);
    case 'text':
    case 'literalColumn':
      return false;
    case 'extract':
      return true;
    case 'label':
      return hasIntegerAffinity(expr.expr, other, columnTypeOf);
    case 'function':
      // The return type the interpreter worked out (functions.ts), else only count() is known here.
      if (expr.type !== undefined) return typeIsInteger(expr.type);
      return expr.name.toLowerCase() === 'count' ? true : undefined;
    case 'unary':
      return expr.operator === '-' ? hasIntegerAffinity(expr.operand, other, columnTypeOf) : undefined;
    case 'binary': {
      if (expr.pg !== undefined || expr.custom) return undefined;
      // Integer combined with Integer by + - * % // stays Integer (Integer._adapt_expression).
      const operator = sqlOperator(expr.operator) ?? expr.operator;
      if (!['+', '-', '*', '%', '//'].includes(operator)) return undefined;
      const left = hasIntegerAffinity(expr.left, expr.right, columnTypeOf);
      const right = hasIntegerAffinity(expr.right, expr.left, columnTypeOf);
      return left === true && right === true ? true : undefined;
    }
    default:
      return undefined;
  }
}

/** Integer affinity of a type SQLAlchemy's own; undefined for an application's (a TypeDecorator may have any). A missing type is NullType. */
function typeIsInteger(type: SqlType | undefined): boolean | undefined {
  if (type === undefined) return false;
  if (!isSqlAlchemyPostgresqlType(type) || type.ddl !== undefined) return undefined;
  return isIntegerType(type);
}
