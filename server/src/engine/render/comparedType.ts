/**
 * The type SQLAlchemy gives a Python value compared with (or combined by an operator with) a typed
 * column: `column.type.coerce_compared_value(op, value)`. Its literal processor prints the value,
 * or, for a type without one (INET, JSONB, ...), literal binds fail.
 */
import type { Literal, SqlType } from '../ops';
import { isSqlAlchemyPostgresqlType, typeAffinity, valueAffinity } from './types';
import { hasLiteralProcessor } from './typedLiterals';
import { valueBindType } from './valueBindType';

/** PostgreSQL's network address types (`_NetworkAddressTypeMixin`): every value compared with them takes their type. */
const NETWORK_TYPES = new Set(['INET', 'CIDR', 'MACADDR', 'MACADDR8']);
/** Types that keep their own type for a Python str compared with them (Uuid, BIT, the binary types). */
const STRING_KEEPING_TYPES = new Set(['Uuid', 'UUID', 'BIT', 'LargeBinary', 'BYTEA', 'BINARY', 'VARBINARY', 'BLOB', 'PickleType']);

const BOOLEAN: SqlType = { name: 'Boolean', args: [], kwargs: {} };

export function comparedType(column: SqlType | undefined, value: Literal, isFloat = false): SqlType | undefined {
  if (!column || value === null) return column;
  // `col == True` is compared with the constant true (default_comparator's _boolean_compare),
  // whatever the column's type.
  if (typeof value === 'boolean') return BOOLEAN;
  // A date, datetime or Decimal takes its own type (Date, DateTime, Numeric) against any type
  // whose literal rendering the engine knows: one of another affinity gives way to it, and one
  // of the same prints the value alike (checked against SQLAlchemy 2.1). Others keep the column's.
  const bound = valueBindType(value);
  if (bound) return hasLiteralProcessor(column) ? bound : column;
  if (isSqlAlchemyPostgresqlType(column)) {
    if (NETWORK_TYPES.has(column.name) || column.name === 'CITEXT') return column;
    if (STRING_KEEPING_TYPES.has(column.name) && typeof value === 'string') return column;
  }
  // TypeEngine's default: the column's type when the value's own has the same affinity (`n == 7`
  // on an Integer), else the value's (`n == "7"` renders `'7'`).
  const own = isFloat ? 'Numeric' : valueAffinity(value);
  return own === undefined || own === typeAffinity(column) ? column : { name: own, args: [], kwargs: {} };
}
