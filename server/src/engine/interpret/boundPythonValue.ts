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
