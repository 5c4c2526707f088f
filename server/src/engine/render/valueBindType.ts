/**
 * The type SQLAlchemy gives a bind of a Python value when nothing else types it (a `text()`
 * parameter: `_resolve_value_to_type`), for the values whose printing depends on it: a date is
 * a Date, a datetime a DateTime, a time a Time (aware ones too: their timezone=True variants print
 * alike), a timedelta an Interval, a Decimal a Numeric. Undefined for
 * the others, which print by their Python type (render/literals.ts scalarLiteral).
 */
import { isDecimalLiteral, isTemporalLiteral, type Literal, type SqlType } from '../ops';

const TEMPORAL_TYPES = { date: 'Date', datetime: 'DateTime', time: 'Time', timedelta: 'Interval' } as const;

export function valueBindType(value: Literal): SqlType | undefined {
  if (isTemporalLiteral(value)) return { name: TEMPORAL_TYPES[value.$temporal], module: 'sa', args: [], kwargs: {} };
  if (isDecimalLiteral(value)) return { name: 'Numeric', module: 'sa', args: [], kwargs: {} };
  return undefined;
}
