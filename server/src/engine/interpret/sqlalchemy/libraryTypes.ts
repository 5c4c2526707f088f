/**
 * Column types of widely used third-party packages, with the PostgreSQL DDL their classes print
 * under Alembic 1.20 offline. The figures were recorded by running Alembic with
 * sqlalchemy-utils (commit 6a964e8) and GeoAlchemy2 (commit f35da77) on the path; pgvector's,
 * fastapi-users', sqlalchemy-citext's and sqlalchemy-utc's are read from their source
 * (test/diff/library-types.test.ts checks them against Alembic with stand-ins); the few
 * sqlalchemy-utils types whose optional dependency was not installable here (ArrowType,
 * PasswordType, PhoneNumberType, LocaleType, TimezoneType, CurrencyType, ColorType, the range
 * types) are derived from their source: the `impl` or the PostgreSQL branch of
 * `load_dialect_impl`. See test/unit/interpret/libraryTypes.test.ts.
 *
 * GeoAlchemy2 types carry `spatialIndex` in their kwargs: GeoAlchemy2 adds a GiST index through
 * its table events, which spatialIndexes.ts turns into operations.
 */
import type { Literal, SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, toLiteral, type Value } from '../values';
import { toSqlType } from './types';

type Builder = (args: ArgReader) => SqlType | string;

/** Reads literal constructor arguments by position or keyword; a non-literal one is reported by name. */
class ArgReader {
  constructor(
    private readonly args: CallArgs,
    readonly className: string,
  ) {}

  value(index: number, keyword: string): Value | undefined {
    return this.args.keywords.get(keyword)?.value ?? (index >= 0 ? this.args.positional[index]?.value : undefined);
  }

  literal(index: number, keyword: string, fallback: Literal): Literal {
    const value = this.value(index, keyword);
    if (value === undefined) return fallback;
    const literal = toLiteral(value);
    if (literal === undefined) throw new NotStatic(`${keyword}= of ${this.className}() is not a literal`);
    return literal;
  }
}

class NotStatic extends Error {}

const sa = (name: string, args: (Literal | SqlType)[] = [], kwargs: SqlType['kwargs'] = {}): SqlType => ({ name, module: 'sa', args, kwargs });
const ddl = (className: string, text: string, kwargs: SqlType['kwargs'] = {}): SqlType => ({ name: className, module: 'third-party', args: [], kwargs, ddl: text });
const varchar = (length: Literal): SqlType => sa('String', [length]);
const truthy = (value: Literal): boolean => value !== null && value !== false && value !== 0 && value !== '';

const SQLALCHEMY_UTILS: Record<string, Builder> = {
  UUIDType: (args) => {
    if (truthy(args.literal(1, 'native', true))) return { name: 'UUID', module: 'postgresql', args: [], kwargs: {} };
    // Recorded: BINARY(16) when binary, else VARCHAR(32) (PostgreSQL's adaptation of the CHAR(32) fallback).
    return truthy(args.literal(0, 'binary', true)) ? ddl('UUIDType', 'BINARY(16)') : varchar(32);
  },
  JSONType: () => sa('JSON'),
  ChoiceType: (args) => {
    const impl = args.value(1, 'impl');
    if (impl === undefined || impl.kind === 'none') return varchar(255);
    const type = toSqlType(impl);
    if (!type) throw new NotStatic('impl= of ChoiceType() is not a column type the engine knows');
    return type;
  },
  EmailType: (args) => varchar(args.literal(0, 'length', 255)),
  URLType: () => sa('UnicodeText'),
  TSVectorType: () => ddl('TSVectorType', 'TSVECTOR'),
  ArrowType: (args) => sa('DateTime', [], { timezone: args.literal(-1, 'timezone', false) }),
  PasswordType: () => ddl('PasswordType', 'BYTEA'),
  IPAddressType: (args) => varchar(args.literal(0, 'max_length', 50)),
  CountryType: () => varchar(2),
  ScalarListType: () => sa('UnicodeText'),
  LtreeType: () => ddl('LtreeType', 'LTREE'),
  PhoneNumberType: (args) => varchar(args.literal(1, 'max_length', 20)),
  LocaleType: () => varchar(10),
  TimezoneType: () => varchar(50),
  CurrencyType: () => varchar(3),
  ColorType: (args) => varchar(args.literal(0, 'max_length', 20)),
  IntRangeType: () => ddl('IntRangeType', 'INT4RANGE'),
  Int8RangeType: () => ddl('Int8RangeType', 'INT8RANGE'),
  DateRangeType: () => ddl('DateRangeType', 'DATERANGE'),
  NumericRangeType: () => ddl('NumericRangeType', 'NUMRANGE'),
  DateTimeRangeType: () => ddl('DateTimeRangeType', 'TSRANGE'),
};

/** `Geometry(geometry_type="GEOMETRY", srid=-1, dimension=None, spatial_index=True, use_N_D_index=False, ...)`. */
function spatialType(typeName: 'geometry' | 'geography'): Builder {
  return (args) => {
    const rawType = args.literal(0, 'geometry_type', 'GEOMETRY');
    const srid = args.literal(1, 'srid', -1);
    const name = args.literal(7, 'name', typeName);
    if ((rawType !== null && typeof rawType !== 'string') || typeof srid !== 'number' || !Number.isInteger(srid) || typeof name !== 'string') {
      return `the arguments of ${args.className}() are not the literals the engine reads`;
    }
    if (truthy(args.literal(4, 'use_N_D_index', false))) return `${args.className}(use_N_D_index=True) indexes with an operator class the engine does not model`;
    const geometryType = rawType ? rawType.toUpperCase() : '';
    const text = geometryType ? `${name}(${geometryType},${srid})` : name;
    return ddl(args.className, text, { spatialIndex: truthy(args.literal(3, 'spatial_index', true)) });
  };
}

const GEOALCHEMY2: Record<string, Builder> = {
  Geometry: spatialType('geometry'),
  Geography: spatialType('geography'),
};

/**
 * pgvector's types (`pgvector.sqlalchemy`, and `pgvector.sqlalchemy.vector.VECTOR` as autogenerate
 * writes it): user-defined types whose DDL is their name, with the dimension (a bit string's
 * length) in parentheses when one is given, formatted as Python's `%d` formats an integer.
 */
function pgvectorType(name: string, size: string): Builder {
  return (args) => {
    const given = args.literal(0, size, null);
    if (given === null) return ddl(args.className, name);
    if (typeof given !== 'number' || !Number.isFinite(given)) return `${size}= of ${args.className}() is not a number the engine reads`;
    return ddl(args.className, `${name}(${Math.trunc(given)})`);
  };
}

const PGVECTOR: Record<string, Builder> = {
  Vector: pgvectorType('VECTOR', 'dim'),
  VECTOR: pgvectorType('VECTOR', 'dim'),
  HALFVEC: pgvectorType('HALFVEC', 'dim'),
  SPARSEVEC: pgvectorType('SPARSEVEC', 'dim'),
  BIT: pgvectorType('BIT', 'length'),
  Bit: pgvectorType('BIT', 'length'),
};

/** fastapi-users' SQLAlchemy adapter (`fastapi_users_db_sqlalchemy.generics`, once `.guid`): TypeDecorators. */
const FASTAPI_USERS: Record<string, Builder> = {
  // PostgreSQL's UUID on PostgreSQL (load_dialect_impl), CHAR(36) elsewhere.
  GUID: () => ({ name: 'UUID', module: 'postgresql', args: [], kwargs: {} }),
  // impl = TIMESTAMP, built from the call's arguments.
  TIMESTAMPAware: (args) => sa('TIMESTAMP', [], { timezone: args.literal(0, 'timezone', false) }),
};

const LIBRARIES: Record<string, Record<string, Builder>> = {
  sqlalchemy_utils: SQLALCHEMY_UTILS,
  geoalchemy2: GEOALCHEMY2,
  pgvector: PGVECTOR,
  fastapi_users_db_sqlalchemy: FASTAPI_USERS,
  // sqlalchemy-citext: a user-defined type printing CITEXT.
  citext: { CIText: (args) => ddl(args.className, 'CITEXT') },
  // sqlalchemy-utc: impl is the instance DateTime(timezone=True), which the call's arguments do not change.
  sqlalchemy_utc: { UtcDateTime: () => sa('DateTime', [], { timezone: true }) },
};

/** The type a third-party class call stands for; undefined when the class is not one of these. */
export function libraryType(qname: string, args: CallArgs): Value | undefined {
  const head = qname.split('.')[0];
  const name = qname.slice(qname.lastIndexOf('.') + 1);
  const table = Object.prototype.hasOwnProperty.call(LIBRARIES, head) ? LIBRARIES[head] : undefined;
  const builder = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!builder) return undefined;
  if (args.unknownSplat) return opaque(`the arguments of ${name}() are not static: ${args.unknownSplat}`);
  try {
    const type = builder(new ArgReader(args, name));
    return typeof type === 'string' ? opaque(type) : { kind: 'type', type };
  } catch (error) {
    if (error instanceof NotStatic) return opaque(error.message);
    throw error;
  }
}

/** True for a GeoAlchemy2 Geometry or Geography type (its kwargs say whether it has a spatial index). */
export function isSpatialType(type: SqlType | undefined): boolean {
  return type?.module === 'third-party' && typeof type.kwargs.spatialIndex === 'boolean';
}

/** True for a GeoAlchemy2 type that makes GeoAlchemy2 add a spatial index when its column is created. */
export function hasSpatialIndex(type: SqlType | undefined): boolean {
  return type?.module === 'third-party' && type.kwargs.spatialIndex === true;
}
