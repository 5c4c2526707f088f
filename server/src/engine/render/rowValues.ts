/**
 * SQLAlchemy's row values (`sa.tuple_(a, b)`) as its compiler prints them with literal binds:
 * `(a, b)`, its items never grouped; a Python row compared with one is bound item by item as a
 * comparison with the tuple's item at its place binds it; `in_()` rows are expanded with one
 * type per place, the tuple item's type compared with the *first* row's value there (a later
 * row's value that type cannot print makes SQLAlchemy fail, as the engine then does too).
 */
import type { Literal, SqlExpr, SqlType } from '../ops';
import type { RenderState } from './context';
import { comparedType } from './comparedType';
import { typedLiteral } from './typedLiterals';
import { valueAffinity } from './types';

type TupleExpr = Extract<SqlExpr, { kind: 'tuple' }>;
type LiteralExpr = Extract<SqlExpr, { kind: 'literal' }>;

/** How the caller renders an item: `hint` is the type a Python value there is bound as compared with. */
export type RenderItem = (item: SqlExpr, hint: SqlType | undefined) => string;

/** `(a, b)`; a compared Python row takes its hints from the tuple it is compared with. */
export function renderTuple(expr: TupleExpr, render: RenderItem, hints: readonly (SqlType | undefined)[] = []): string {
  return `(${expr.items.map((item, at) => render(item, expr.role === 'compared' ? hints[at] : undefined)).join(', ')})`;
}

/**
 * `(a, b) IN ((1, 'x'), (2, 'y'))`, NOT IN in parentheses; no rows is SQLAlchemy's empty-set
 * stand-in, one NULL per item of the tuple.
 */
export function renderTupleIn(left: string, operator: 'IN' | 'NOT IN', rows: TupleExpr, itemTypes: readonly (SqlType | undefined)[], state: RenderState): string {
  if (rows.items.length === 0) {
    const nulls = `(${itemTypes.map(() => 'NULL').join(', ')})`;
    return operator === 'IN' ? `${left} IN (${nulls}) AND (1 != 1)` : `(${left} NOT IN (${nulls}) OR (1 = 1))`;
  }
  const first = rowItems(rows.items[0]);
  const types = itemTypes.map((column, at) => placeType(column, first[at]));
  const list = rows.items.map((row) => `(${rowItems(row).map((item, at) => typedLiteral(item.value, types[at], state, true, item.float === true) ?? '').join(', ')})`).join(', ');
  return operator === 'IN' ? `${left} IN (${list})` : `(${left} NOT IN (${list}))`;
}

function rowItems(row: SqlExpr): LiteralExpr[] {
  return row.kind === 'tuple' ? row.items.filter((item): item is LiteralExpr => item.kind === 'literal') : [];
}

/** TupleType.coerce_compared_value at one place: the item's type against the first row's value (None keeps it); an untyped item takes the value's. */
function placeType(column: SqlType | undefined, first: LiteralExpr | undefined): SqlType | undefined {
  const value: Literal = first?.value ?? null;
  if (column !== undefined) return comparedType(column, value, first?.float === true);
  const affinity = first?.float === true ? 'Numeric' : valueAffinity(value);
  return affinity === undefined ? undefined : { name: affinity, args: [], kwargs: {} };
}
