/**
 * The type SQLAlchemy gives a Python value compared with (or combined by an operator with) a typed
 * column: `column.type.coerce_compared_value(op, value)`. Its literal processor prints the value,
 * or, for a type without one (INET, JSONB, ...), literal binds fail.
 */
import type { Literal, SqlType } from '../ops';
import { isSqlAlchemyPostgresqlType, typeAffinity, valueAffinity } from './types';

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
  if (isSqlAlchemyPostgresqlType(column)) {
    if (NETWORK_TYPES.has(column.name) || column.name === 'CITEXT') return column;
    if (STRING_KEEPING_TYPES.has(column.name) && typeof value === 'string') return column;
  }
  // TypeEngine's default: the column's type when the value's own has the same affinity (`n == 7`
  // on an Integer), else the value's (`n == "7"` renders `'7'`).
  const own = isFloat ? 'Numeric' : valueAffinity(value);
  return own === undefined || own === typeAffinity(column) ? column : { name: own, args: [], kwargs: {} };
}
