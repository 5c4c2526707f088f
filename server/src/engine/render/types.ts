/**
 * Column type descriptors → PostgreSQL type names, as SQLAlchemy's PostgreSQL type compiler
 * prints them. Each SQLAlchemy class name maps to a small function that reads the constructor
 * arguments it cares about; positional and keyword forms are both accepted.
 */
import type { Literal, SqlType } from '../ops';
import type { RenderState } from './context';
import { quoteIdentifier } from './identifiers';
import { namedTypeName } from './namedTypes';

type TypeArg = Literal | SqlType;

/** Reads constructor argument `index`/`keyword` of a type, whichever form was written. */
export function typeArg(type: SqlType, index: number, keyword: string): TypeArg | undefined {
  if (keyword in type.kwargs) return type.kwargs[keyword];
  return index >= 0 && index < type.args.length ? type.args[index] : undefined;
}

export function isSqlType(value: unknown): value is SqlType {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'name' in value && 'args' in value && 'kwargs' in value;
}

const numberArg = (type: SqlType, index: number, keyword: string): number | undefined => {
  const value = typeArg(type, index, keyword);
  return typeof value === 'number' ? value : undefined;
};

/**
 * An argument SQLAlchemy's compiler prints with str() (`f"({length})"`, `"%(precision)s"`): a
 * number, or a string as it was written (`sa.Float(precision="5")` is `FLOAT(5)`, peek-plugin-diagram;
 * it was dropped). None and an absent argument are undefined; any other value is reported, not guessed.
 */
function printedArg(type: SqlType, index: number, keyword: string, state: RenderState): string | undefined {
  const value = typeArg(type, index, keyword);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  state.report('unsupported-sql-expression', `${type.name}(${keyword}=${JSON.stringify(value)}): the engine prints numbers and strings there, not this value`);
  return undefined;
}

/** Python's truth of an argument SQLAlchemy tests with `if value:` (0 and '' are false). */
function isTruthyPrinted(text: string | undefined, type: SqlType, index: number, keyword: string): boolean {
  return text !== undefined && text !== '' && typeArg(type, index, keyword) !== 0;
}

/**
 * An argument the compiler prints with `%d`: an integer (a float is truncated, as Python does); a
 * string is Python's TypeError there, so Alembic fails (`postgresql.TIMESTAMP(precision="3")`).
 */
function integerArg(type: SqlType, index: number, keyword: string, state: RenderState): number | undefined {
  const value = typeArg(type, index, keyword);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Math.trunc(value);
  state.report('invalid-operation-option', `${type.name}(${keyword}=${JSON.stringify(value)}) cannot be compiled: SQLAlchemy prints it with %d (TypeError: %d format: a real number is required, not ${typeof value === 'string' ? 'str' : typeof value}), so Alembic fails here too`);
  return undefined;
}
const truthyArg = (type: SqlType, index: number, keyword: string): boolean => {
  const value = typeArg(type, index, keyword);
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
};

type TypeRenderer = (type: SqlType, state: RenderState) => string | undefined;

const fixed = (sql: string): TypeRenderer => () => sql;

/**
 * `VARCHAR(n) COLLATE utf8_bin`, `COLLATE "C"`: SQLAlchemy 2.1 quotes a collation as an identifier,
 * only when it must (upper case, a reserved word, other characters); 2.0 quoted every one.
 */
function withCollation(base: string, type: SqlType, state: RenderState, collationIndex: number): string {
  const collation = typeArg(type, collationIndex, 'collation');
  if (typeof collation !== 'string' || collation === '') return base;
  return `${base} COLLATE ${quoteIdentifier(collation, state)}`;
}

/** `NAME(n)`, or the bare name when the length is absent or 0 (SQLAlchemy tests it for truth). */
const sized =
  (name: string): TypeRenderer =>
  (type, state) => {
    const length = printedArg(type, 0, 'length', state);
    return withCollation(isTruthyPrinted(length, type, 0, 'length') ? `${name}(${length})` : name, type, state, 1);
  };

const numeric =
  (name: string): TypeRenderer =>
  (type, state) => {
    const precision = printedArg(type, 0, 'precision', state);
    const scale = printedArg(type, 1, 'scale', state);
    if (precision === undefined) return name;
    return scale === undefined ? `${name}(${precision})` : `${name}(${precision}, ${scale})`;
  };

/** PostgreSQL's visit_FLOAT: `if not type_.precision` prints the bare name. */
const float: TypeRenderer = (type, state) => {
  const precision = printedArg(type, 0, 'precision', state);
  return isTruthyPrinted(precision, type, 0, 'precision') ? `FLOAT(${precision})` : 'FLOAT';
};

/** TIMESTAMP/TIME: generic DateTime/Time take only `timezone`; the PG classes add `precision`. */
const temporal =
  (name: string, precisionIndex: number): TypeRenderer =>
  (type, state) => {
    const precision = precisionIndex >= 0 ? integerArg(type, precisionIndex, 'precision', state) : undefined;
    const zone = truthyArg(type, 0, 'timezone') ? 'WITH' : 'WITHOUT';
    return `${name}${precision !== undefined ? `(${precision})` : ''} ${zone} TIME ZONE`;
  };

/**
 * Generic `Interval(second_precision=n)` becomes PostgreSQL's INTERVAL with that precision;
 * `Interval(native=False)` is stored as its epoch-based DateTime (a TypeDecorator's impl).
 */
const interval: TypeRenderer = (type, state) => {
  if (isEmulatedInterval(type)) return 'TIMESTAMP WITHOUT TIME ZONE';
  const precision = integerArg(type, 0, 'precision', state) ?? (type.name === 'Interval' ? integerArg(type, 1, 'second_precision', state) : undefined);
  const fields = typeArg(type, 1, 'fields');
  let sql = 'INTERVAL';
  if (typeof fields === 'string') sql += ` ${fields}`;
  if (precision !== undefined) sql += ` (${precision})`;
  return sql;
};

const bit: TypeRenderer = (type, state) => {
  const length = integerArg(type, 0, 'length', state);
  const varying = truthyArg(type, 1, 'varying');
  if (varying) return length !== undefined ? `BIT VARYING(${length})` : 'BIT VARYING';
  return `BIT(${length ?? 1})`;
};

/** `ARRAY(item, as_tuple, dimensions)`: the item type followed by one `[]` per dimension. */
const array: TypeRenderer = (type, state) => {
  const item = typeArg(type, 0, 'item_type');
  if (!isSqlType(item)) return undefined;
  const inner = renderType(item, state);
  if (inner === undefined) return undefined;
  // As SQLAlchemy's visit_ARRAY: the brackets go before the item type's COLLATE
  // (`VARCHAR[] COLLATE "C"`), and `dimensions=0` prints none.
  const brackets = '[]'.repeat(Math.max(0, numberArg(type, 2, 'dimensions') ?? 1));
  const collate = inner.indexOf(' COLLATE');
  return collate < 0 ? inner + brackets : inner.slice(0, collate) + brackets + inner.slice(collate);
};

/** Enum and postgresql.ENUM: the named type itself, or VARCHAR(longest) when not native. */
const enumType: TypeRenderer = (type, state) => {
  const info = enumInfo(type, state.tableSchema);
  if (!info.native) {
    // An Enum of no values is VARCHAR without a length (SQLAlchemy prints `(n)` only for a truthy n).
    const length = info.length ?? Math.max(0, ...info.values.map((value) => value.length));
    return length ? `VARCHAR(${length})` : 'VARCHAR';
  }
  if (!info.name) {
    state.report('invalid-operation-option', 'PostgreSQL ENUM type requires a name (pass name="..." to the Enum).');
    return 'ENUM';
  }
  return namedTypeName(info.name, info.schema, state);
};

export interface EnumInfo {
  values: string[];
  name?: string;
  schema?: string;
  native: boolean;
  /** `postgresql.ENUM(..., create_type=False)` suppresses CREATE TYPE in create_table. */
  createType: boolean;
  length?: number;
}

export function enumInfo(type: SqlType, tableSchema?: string): EnumInfo {
  const values = type.args.filter((arg): arg is string => typeof arg === 'string');
  const name = type.kwargs.name;
  const schema = type.kwargs.schema ?? (type.kwargs.inherit_schema === true ? tableSchema : undefined);
  const length = type.kwargs.length;
  return {
    values,
    name: typeof name === 'string' ? name : undefined,
    schema: typeof schema === 'string' ? schema : undefined,
    native: type.kwargs.native_enum !== false,
    createType: type.kwargs.create_type !== false,
    length: typeof length === 'number' ? length : undefined,
  };
}

export function isEnumType(type: SqlType): boolean {
  return type.name === 'Enum' || type.name === 'ENUM';
}

/** `DOMAIN`-like or user types that name themselves are not guessed: only these are known. */
const RENDERERS: Record<string, TypeRenderer> = {
  String: sized('VARCHAR'),
  VARCHAR: sized('VARCHAR'),
  Unicode: sized('VARCHAR'),
  NVARCHAR: sized('NVARCHAR'),
  CHAR: sized('CHAR'),
  NCHAR: sized('NCHAR'),
  Text: sized('TEXT'),
  TEXT: sized('TEXT'),
  UnicodeText: sized('TEXT'),
  CITEXT: fixed('CITEXT'),
  Integer: fixed('INTEGER'),
  INTEGER: fixed('INTEGER'),
  INT: fixed('INTEGER'),
  BigInteger: fixed('BIGINT'),
  BIGINT: fixed('BIGINT'),
  SmallInteger: fixed('SMALLINT'),
  SMALLINT: fixed('SMALLINT'),
  Numeric: numeric('NUMERIC'),
  NUMERIC: numeric('NUMERIC'),
  DECIMAL: numeric('DECIMAL'),
  Float: float,
  FLOAT: float,
  REAL: fixed('REAL'),
  Double: fixed('DOUBLE PRECISION'),
  DOUBLE: fixed('DOUBLE'),
  DOUBLE_PRECISION: fixed('DOUBLE PRECISION'),
  Boolean: fixed('BOOLEAN'),
  BOOLEAN: fixed('BOOLEAN'),
  Date: fixed('DATE'),
  DATE: fixed('DATE'),
  DateTime: temporal('TIMESTAMP', -1),
  // SQLAlchemy's generic DATETIME prints its own name on PostgreSQL too (which has no such type).
  DATETIME: fixed('DATETIME'),
  TIMESTAMP: temporal('TIMESTAMP', 1),
  Time: temporal('TIME', -1),
  TIME: temporal('TIME', 1),
  Interval: interval,
  INTERVAL: interval,
  LargeBinary: fixed('BYTEA'),
  PickleType: fixed('BYTEA'),
  BYTEA: fixed('BYTEA'),
  // SQLAlchemy's generic binary and LOB types print under their own names on PostgreSQL (which
  // has none of them: the statement fails there, as it does when Alembic's SQL runs; nyaa).
  BINARY: sized('BINARY'),
  VARBINARY: sized('VARBINARY'),
  BLOB: fixed('BLOB'),
  CLOB: fixed('CLOB'),
  JSON: fixed('JSON'),
  JSONB: fixed('JSONB'),
  JSONPATH: fixed('JSONPATH'),
  // `Uuid(native_uuid=False)` keeps its hex digits in a CHAR(32), even where the database has UUID.
  Uuid: (type) => (isCharacterUuid(type) ? 'CHAR(32)' : 'UUID'),
  UUID: fixed('UUID'),
  ARRAY: array,
  INET: fixed('INET'),
  CIDR: fixed('CIDR'),
  MACADDR: fixed('MACADDR'),
  MACADDR8: fixed('MACADDR8'),
  MONEY: fixed('MONEY'),
  OID: fixed('OID'),
  REGCLASS: fixed('REGCLASS'),
  REGCONFIG: fixed('REGCONFIG'),
  TSVECTOR: fixed('TSVECTOR'),
  TSQUERY: fixed('TSQUERY'),
  HSTORE: fixed('HSTORE'),
  BIT: bit,
  INT4RANGE: fixed('INT4RANGE'),
  INT8RANGE: fixed('INT8RANGE'),
  NUMRANGE: fixed('NUMRANGE'),
  DATERANGE: fixed('DATERANGE'),
  TSRANGE: fixed('TSRANGE'),
  TSTZRANGE: fixed('TSTZRANGE'),
  INT4MULTIRANGE: fixed('INT4MULTIRANGE'),
  INT8MULTIRANGE: fixed('INT8MULTIRANGE'),
  NUMMULTIRANGE: fixed('NUMMULTIRANGE'),
  DATEMULTIRANGE: fixed('DATEMULTIRANGE'),
  TSMULTIRANGE: fixed('TSMULTIRANGE'),
  TSTZMULTIRANGE: fixed('TSTZMULTIRANGE'),
  Enum: enumType,
  ENUM: enumType,
};

/** Generic types of these names behave as integers for SERIAL and autoincrement decisions. */
const INTEGER_NAMES = new Set(['Integer', 'INTEGER', 'INT', 'BigInteger', 'BIGINT', 'SmallInteger', 'SMALLINT']);
const NUMERIC_NAMES = new Set(['Numeric', 'NUMERIC', 'DECIMAL', 'Float', 'FLOAT', 'REAL', 'Double', 'DOUBLE', 'DOUBLE_PRECISION']);
const FLOAT_NAMES = new Set(['Float', 'FLOAT', 'REAL', 'Double', 'DOUBLE', 'DOUBLE_PRECISION']);

export function isIntegerType(type: SqlType | undefined): boolean {
  return type !== undefined && INTEGER_NAMES.has(type.name);
}
/** Python's truth of a constructor argument given as a literal (undefined when not given). */
function givenFalsy(value: TypeArg | undefined): boolean {
  return value === false || value === 0 || value === null || value === '';
}

/** `sa.Interval(native=False)` (generic Interval only): stored as a DateTime counted from the epoch. */
export function isEmulatedInterval(type: SqlType): boolean {
  return type.name === 'Interval' && givenFalsy(typeArg(type, 0, 'native'));
}

/** `sa.Uuid(native_uuid=False)` (generic Uuid only): stored as 32 hex digits in a CHAR(32). */
export function isCharacterUuid(type: SqlType): boolean {
  return type.name === 'Uuid' && givenFalsy(typeArg(type, 1, 'native_uuid'));
}

/** SQLAlchemy's Numeric family without the floats (Numeric, NUMERIC, DECIMAL): it has a scale. */
export function isFixedPointType(type: SqlType | undefined): boolean {
  return type !== undefined && NUMERIC_NAMES.has(type.name) && !FLOAT_NAMES.has(type.name);
}
export function isNumericAffinity(type: SqlType | undefined): boolean {
  return type !== undefined && (INTEGER_NAMES.has(type.name) || NUMERIC_NAMES.has(type.name));
}
export function isFloatType(type: SqlType | undefined): boolean {
  return type !== undefined && FLOAT_NAMES.has(type.name);
}
const STRING_AFFINITY = new Set(['AutoString', 'String', 'VARCHAR', 'Unicode', 'NVARCHAR', 'Text', 'TEXT', 'UnicodeText', 'CHAR', 'NCHAR', 'CITEXT', 'Enum', 'ENUM']);

/** SQLAlchemy's `_type_affinity`, for the families where it matters to literal rendering. */
export function typeAffinity(type: SqlType): string {
  if (INTEGER_NAMES.has(type.name)) return 'Integer';
  if (NUMERIC_NAMES.has(type.name)) return 'Numeric';
  if (type.name === 'BOOLEAN') return 'Boolean';
  if (STRING_AFFINITY.has(type.name)) return 'String';
  return type.name;
}

/** The type SQLAlchemy infers from a Python value (str → String, int → Integer, ...). */
export function valueAffinity(value: Literal): string | undefined {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Numeric';
  return undefined;
}

export function serialName(type: SqlType): string {
  if (type.name === 'BigInteger' || type.name === 'BIGINT') return 'BIGSERIAL';
  if (type.name === 'SmallInteger' || type.name === 'SMALLINT') return 'SMALLSERIAL';
  return 'SERIAL';
}

/**
 * SQLModel's own types (sqlmodel.sql.sqltypes), TypeDecorators, as PostgreSQL gets them from
 * their load_dialect_impl: AutoString is its String (MySQL alone gets a default length), GUID
 * (SQLModel before 0.0.12) PostgreSQL's UUID, UTCDateTime a DateTime(timezone=True).
 */
const SQLMODEL_RENDERERS: Record<string, TypeRenderer> = {
  AutoString: sized('VARCHAR'),
  GUID: fixed('UUID'),
  UTCDateTime: fixed('TIMESTAMP WITH TIME ZONE'),
};

/**
 * MySQL's types in a PostgreSQL history (a project that ran on both; autogenerate wrote them):
 * SQLAlchemy's PostgreSQL compiler prints the ones with a generic name as that name (the MySQL
 * options, display widths, `unsigned`, `fsp`, dropped), and cannot print the others.
 */
const MYSQL_RENDERERS: Record<string, TypeRenderer> = {
  VARCHAR: sized('VARCHAR'),
  CHAR: sized('CHAR'),
  NVARCHAR: sized('NVARCHAR'),
  NCHAR: sized('NCHAR'),
  TEXT: sized('TEXT'),
  VARBINARY: sized('VARBINARY'),
  BINARY: sized('BINARY'),
  INTEGER: fixed('INTEGER'),
  BIGINT: fixed('BIGINT'),
  SMALLINT: fixed('SMALLINT'),
  DECIMAL: numeric('DECIMAL'),
  NUMERIC: numeric('NUMERIC'),
  FLOAT: float,
  DOUBLE: fixed('DOUBLE'),
  REAL: fixed('REAL'),
  BOOLEAN: fixed('BOOLEAN'),
  DATE: fixed('DATE'),
  DATETIME: fixed('DATETIME'),
  TIMESTAMP: fixed('TIMESTAMP WITHOUT TIME ZONE'),
  TIME: fixed('TIME WITHOUT TIME ZONE'),
  JSON: fixed('JSON'),
  BLOB: fixed('BLOB'),
};
/** MySQL types SQLAlchemy's PostgreSQL compiler has no rendering for (UnsupportedCompilationError). */
const MYSQL_UNPRINTABLE = new Set(['TINYINT', 'MEDIUMINT', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT', 'TINYBLOB', 'MEDIUMBLOB', 'LONGBLOB', 'YEAR', 'SET']);
const MYSQL_MODULES = new Set(['mysql', 'sqlalchemy.dialects.mysql']);

/** How migrations name SQLAlchemy's own type module (the written prefix: `sa.`, `sqlalchemy.types.`). */
const SQLALCHEMY_MODULES = new Set(['sa', 'sqlalchemy', 'types', 'sa.types', 'sqlalchemy.types', 'sqltypes']);
/** Type names SQLAlchemy 1.3 had and 1.4 removed, with the class they stood for (old migrations still name them). */
const REMOVED_TYPES: Record<string, string> = { Binary: 'LargeBinary' };

/** Renders a type, or reports `unknown-column-type` and returns undefined. */
export function renderType(type: SqlType, state: RenderState): string | undefined {
  if (type.ddl !== undefined) return type.ddl;
  if (type.module !== undefined && MYSQL_MODULES.has(type.module)) return renderMysqlType(type, state);
  if (type.module !== undefined && SQLITE_MODULES.has(type.module)) return renderType(sqliteAsGeneric(type), state);
  const table = type.module === 'sqlmodel' ? SQLMODEL_RENDERERS : RENDERERS;
  const renderer = Object.prototype.hasOwnProperty.call(table, type.name) ? table[type.name] : undefined;
  const known = renderer !== undefined && (type.module === undefined || type.module === 'sqlmodel' || KNOWN_MODULES.has(type.module));
  const sql = known ? renderer(type, state) : undefined;
  if (sql === undefined) {
    const where = type.module ? `${type.module}.${type.name}` : type.name;
    const replacement = type.module !== undefined && SQLALCHEMY_MODULES.has(type.module) ? REMOVED_TYPES[type.name] : undefined;
    if (replacement !== undefined) {
      state.report(
        'unknown-column-type',
        `${where} was removed in SQLAlchemy 1.4 (it was ${replacement}): Python raises AttributeError (module 'sqlalchemy' has no attribute '${type.name}') when Alembic runs this with SQLAlchemy 1.4 or later. Use sa.${replacement}.`,
        undefined,
        { type: type.name, module: type.module },
      );
      return undefined;
    }
    state.report(
      'unknown-column-type',
      `The column type ${where} is not one the bundled renderer knows; its PostgreSQL name cannot be determined statically.`,
      undefined,
      { type: type.name, module: type.module },
    );
  }
  return sql;
}

function renderMysqlType(type: SqlType, state: RenderState): string | undefined {
  const renderer = Object.prototype.hasOwnProperty.call(MYSQL_RENDERERS, type.name) ? MYSQL_RENDERERS[type.name] : undefined;
  if (renderer) return renderer(type, state);
  if (MYSQL_UNPRINTABLE.has(type.name)) {
    state.report('invalid-operation-option', `SQLAlchemy's PostgreSQL compiler cannot print mysql.${type.name} (UnsupportedCompilationError): Alembic's \`--sql\` fails here. Use a type PostgreSQL has.`);
    return undefined;
  }
  state.report('unknown-column-type', `The column type ${type.module}.${type.name} is not one the bundled renderer knows; its PostgreSQL name cannot be determined statically.`, undefined, { type: type.name, module: type.module });
  return undefined;
}

const SQLITE_MODULES = new Set(['sqlite', 'sqlalchemy.dialects.sqlite']);
/** SQLite's own type classes, by the generic type PostgreSQL's compiler prints them as (the rest are SQLAlchemy's generic classes re-exported). */
const SQLITE_OWN_TYPES: Readonly<Record<string, string>> = { DATETIME: 'DateTime', TIME: 'Time', DATE: 'Date' };
/** Keywords of SQLite's date and time types that only SQLite's storage reads. */
const SQLITE_STORAGE_KEYWORDS = new Set(['storage_format', 'regexp', 'truncate_microseconds']);

/**
 * `sqlite.DATETIME()`, `sqlite.JSON()`, `sqlite.INTEGER()` in a migration run on PostgreSQL (autogenerate
 * against a SQLite development database writes them; ixmp4): SQLAlchemy's PostgreSQL compiler
 * prints each as the generic type it derives from (`TIMESTAMP WITHOUT TIME ZONE`, `JSON`, `INTEGER`).
 */
function sqliteAsGeneric(type: SqlType): SqlType {
  const kwargs = Object.fromEntries(Object.entries(type.kwargs).filter(([key]) => !SQLITE_STORAGE_KEYWORDS.has(key)));
  return { ...type, name: SQLITE_OWN_TYPES[type.name] ?? type.name, module: undefined, kwargs };
}

/** Modules whose type classes this renderer understands (`sa.types.X`, `postgresql.X`, ...). */
const KNOWN_MODULES = new Set(['sa', 'sqlalchemy', 'types', 'sa.types', 'sqlalchemy.types', 'postgresql', 'sqlalchemy.dialects.postgresql', 'pg', 'sqltypes']);

/** A type class of SQLAlchemy itself or of its PostgreSQL dialect (not an application's class of the same name). */
export function isSqlAlchemyPostgresqlType(type: SqlType): boolean {
  return type.module === undefined || KNOWN_MODULES.has(type.module);
}

