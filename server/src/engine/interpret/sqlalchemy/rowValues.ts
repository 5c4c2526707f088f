/**
 * `sa.tuple_(a, b)`, SQLAlchemy's row value `(a, b)`: compared with a Python sequence or another
 * tuple (`== (1, "x")`), tested against rows (`.in_([(1, "x"), (2, "y")])`). SQLAlchemy zips a
 * Python row with the tuple's items, silently dropping what is left over on either side; the
 * engine follows rows of the tuple's own length only and refuses the others.
 */
import { isTemporalLiteral, type SqlExpr } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

type TupleExpr = Extract<SqlExpr, { kind: 'tuple' }>;

/** `sa.tuple_(*clauses)`: each item a SQL expression or a Python value bound by its own type. */
export function buildTuple(args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.tuple_() with arguments that are not static: ${args.unknownSplat}`);
  // types= binds the Python values among the items with the given types: not followed.
  const unknown = [...args.keywords.keys()].find((key) => key !== 'types');
  if (unknown !== undefined) return raising(`tuple_() got an unexpected keyword argument '${unknown}' (TypeError)`);
  if (args.keywords.has('types')) return opaque('sa.tuple_() with types=: the types it binds its Python values with are not followed');
  if (args.positional.length === 0) return opaque('sa.tuple_() of no items: SQLAlchemy prints an empty "()", not followed');
  const items: SqlExpr[] = [];
  for (const { value } of args.positional) {
    if (value.kind === 'opaque') return value;
    const item = toSqlExpr(value);
    if (!item || !isRowItem(item)) return opaque('sa.tuple_() of an item that is not a SQL expression or a plain Python value');
    items.push(item);
  }
  return { kind: 'sql', expr: { kind: 'tuple', items } };
}

/** A SQL expression, or a Python scalar (not a list or dict, which has no literal of its own). */
function isRowItem(expr: SqlExpr): boolean {
  if (expr.kind === 'select' || expr.kind === 'tuple') return false;
  if (expr.kind !== 'literal') return true;
  const value = expr.value;
  return value === null || typeof value !== 'object' || isTemporalLiteral(value);
}

/** A Python row (tuple or list) of plain values, as literals; a message when it is not one. */
function pythonRow(value: Value, width: number, what: string): SqlExpr[] | Value {
  if (value.kind === 'opaque') return value;
  if (value.kind === 'sql' && value.expr.kind === 'tuple' && value.expr.role === undefined) {
    return value.expr.items.length === width && value.expr.items.every((item) => item.kind === 'literal') ? value.expr.items : opaque(`${what}: a sa.tuple_() row other than of ${width} Python values`);
  }
  if (value.kind === 'num' || value.kind === 'bool' || value.kind === 'none') return raising(`${what}: a row that is a single value, not a tuple (Python raises TypeError: object is not iterable)`);
  if (value.kind !== 'seq') return opaque(`${what}: a row that is not a tuple or list of Python values`);
  if (value.items.length !== width) return opaque(`${what}: a row of ${value.items.length} values for a tuple of ${width} (SQLAlchemy silently drops the values or items left over), not followed`);
  const items: SqlExpr[] = [];
  for (const item of value.items) {
    if (item.kind === 'opaque') return item;
    const expr = item.kind === 'sql' ? undefined : toSqlExpr(item);
    if (!expr || expr.kind !== 'literal' || !isRowItem(expr)) return opaque(`${what}: a row item that is not a plain Python value`);
    items.push(expr);
  }
  return items;
}

/** `tuple_(...) <op> other`: another tuple as it is, a Python row bound item by item; None stays for IS NULL. */
export function tupleOperand(left: TupleExpr, right: Value): { expr: SqlExpr } | { failure: Value } {
  if (right.kind === 'none') return { expr: { kind: 'literal', value: null } };
  if (right.kind === 'sql' && right.expr.kind === 'tuple') {
    if (right.expr.items.length !== left.items.length) return { failure: opaque(`a comparison of a ${left.items.length}-item tuple_() with a ${right.expr.items.length}-item one`) };
    return { expr: right.expr };
  }
  const row = pythonRow(right, left.items.length, 'a tuple_() comparison');
  if (!Array.isArray(row)) return { failure: row };
  return { expr: { kind: 'tuple', items: row, role: 'compared' } };
}

/** Operators a row value is compared by; SQLAlchemy's others (arithmetic, LIKE) make no sense of one. */
export const TUPLE_COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** `tuple_(...).in_([(1, "x"), ...])` and `.not_in(...)`: rows of Python values, or a select. */
export function tupleIn(expr: TupleExpr, name: string, args: CallArgs): Value {
  if (args.positional.length !== 1 || args.keywords.size > 0) return raising(`${name}() takes exactly one argument (TypeError)`);
  const operator = name === 'in_' ? 'IN' : 'NOT IN';
  const given = args.positional[0].value;
  if (given.kind === 'opaque') return given;
  if (given.kind === 'sql' && given.expr.kind === 'select') {
    if (given.expr.columns.length !== expr.items.length) return opaque(`${name}() of a select of ${given.expr.columns.length} columns for a tuple of ${expr.items.length}`);
    return { kind: 'sql', expr: { kind: 'binary', operator, left: expr, right: given.expr } };
  }
  if (given.kind !== 'seq') return opaque(`a tuple_()'s ${name}() of something other than a list of rows or a select`);
  const rows: SqlExpr[] = [];
  for (const item of given.items) {
    const row = pythonRow(item, expr.items.length, `a tuple_()'s ${name}()`);
    if (!Array.isArray(row)) return row;
    rows.push({ kind: 'tuple', items: row });
  }
  return { kind: 'sql', expr: { kind: 'binary', operator, left: expr, right: { kind: 'tuple', items: rows, role: 'rows' } } };
}
