/**
 * `dialect.type_descriptor(t)`, which a custom type's `load_dialect_impl()` returns: SQLAlchemy
 * adapts t to the driver's own class for it (`adapt_type` over the dialect's `colspecs`), and
 * that class may compile differently. Measured with SQLAlchemy 2.1 on the four PostgreSQL
 * drivers (psycopg2, psycopg, asyncpg, pg8000): `Text()` prints TEXT on psycopg2 but VARCHAR on
 * the others (their String class takes it over; quay's UTF8LongText), `CHAR(3)` VARCHAR(3) on
 * psycopg and pg8000, `DOUBLE_PRECISION()` / `REAL()` FLOAT and `DECIMAL(5, 1)` NUMERIC(5, 1)
 * everywhere, `TIMESTAMP(precision=3)` loses its precision on all but psycopg2. The engine does not know which driver the URL names, so it keeps t only for the
 * types whose DDL every driver leaves unchanged and leaves the rest opaque rather than guess.
 */
import { opaque, type Value } from '../values';

/** SQLAlchemy / PostgreSQL types whose DDL adapt_type() leaves unchanged on all four drivers. */
const UNCHANGED = new Set([
  'ARRAY', 'BIGINT', 'BINARY', 'BIT', 'BOOLEAN', 'BYTEA', 'BigInteger', 'Boolean', 'CIDR', 'CITEXT', 'DATE', 'DATEMULTIRANGE',
  'DATERANGE', 'Date', 'DateTime', 'Enum', 'FLOAT', 'Float', 'HSTORE', 'INET', 'INT', 'INT4MULTIRANGE', 'INT4RANGE',
  'INT8MULTIRANGE', 'INT8RANGE', 'INTEGER', 'INTERVAL', 'Integer', 'JSON', 'JSONB', 'JSONPATH', 'LargeBinary', 'MACADDR',
  'MACADDR8', 'MONEY', 'NUMERIC', 'NUMMULTIRANGE', 'NUMRANGE', 'Numeric', 'OID', 'REGCLASS', 'REGCONFIG', 'SMALLINT',
  'SmallInteger', 'String', 'TSMULTIRANGE', 'TSQUERY', 'TSRANGE', 'TSTZMULTIRANGE', 'TSTZRANGE', 'TSVECTOR', 'Time', 'UUID',
  'Unicode', 'Uuid', 'VARBINARY', 'VARCHAR',
]);

/** TIMESTAMP / TIME keep their DDL only without a precision (psycopg, asyncpg and pg8000 drop it). */
const WITHOUT_PRECISION = new Set(['TIMESTAMP', 'TIME']);

export function typeDescriptor(value: Value): Value {
  if (value.kind === 'type' && value.type.ddl === undefined && (value.type.module === undefined || value.type.module === 'sa' || value.type.module === 'postgresql')) {
    const { name, args, kwargs } = value.type;
    if (UNCHANGED.has(name)) return value;
    if (WITHOUT_PRECISION.has(name) && args.length <= 1 && !('precision' in kwargs)) return value;
  }
  const what = value.kind === 'type' ? value.type.name : 'this value';
  return opaque(`dialect.type_descriptor(${what}) adapts the type to the database driver's own class, whose DDL depends on the driver (TEXT or VARCHAR for Text), which the engine does not know`);
}
