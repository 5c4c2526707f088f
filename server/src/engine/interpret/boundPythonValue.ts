/**
 * A Python value SQLAlchemy binds as a parameter (an `op.bulk_insert` row, `op.inline_literal()`,
 * `text().bindparams()`, `insert()/update().values()`), as the literal the renderer prints: plain
 * literals as they are, a date, datetime, time or timedelta as ops.ts's TemporalLiteral and a
 * `decimal.Decimal` as its DecimalLiteral. Undefined for anything else (known only at run time).
 */
import type { Literal } from '../ops';
import { temporalLiteral } from './datetimes';
import { toLiteral, type Value } from './values';

export function boundLiteral(value: Value): Literal | undefined {
  if (value.kind === 'datetime' || value.kind === 'timedelta') return temporalLiteral(value);
  if (value.kind === 'decimal') return { $decimal: value.text };
  return toLiteral(value);
}

/**
 * A list or tuple of such values, nested lists too (an ARRAY column's value in `bulk_insert` rows
 * and `insert()/update().values()`): the column's item type prints each item, as SQLAlchemy's
 * ARRAY literal processor does. Undefined unless every item is one.
 */
export function boundListLiteral(value: Value): Literal[] | undefined {
  if (value.kind !== 'seq') return undefined;
  const items: Literal[] = [];
  for (const item of value.items) {
    const literal = item.kind === 'seq' ? boundListLiteral(item) : boundLiteral(item);
    if (literal === undefined) return undefined;
    items.push(literal);
  }
  return items;
}
