/**
 * What a live run sends for a Python value that SQLAlchemy binds as a parameter (a DML statement's
 * values and comparisons, bulk_insert rows, `sa.literal`, `sa.cast`, text() bind values). There
 * the value is not printed by the type's *literal* processor, as `--sql` prints it: the type's
 * *bind* processor hands it to psycopg2, which writes it into the statement its own way
 * (`adapt(value).getquoted()`), and for an ARRAY SQLAlchemy adds a cast to the array type. The two
 * can mean different things to PostgreSQL: `3.7` bound to an Integer column is `3.7` (stored as 4,
 * where `--sql` prints 3), a datetime compared with a Date column is `'...'::timestamp` (where
 * `--sql` prints its date part), a timedelta is `'1 days 5.000007 seconds'::interval` (stored as
 * `1 day 00:00:05.000007`, where make_interval() stores `24:00:05.000007`), `True` for an Integer
 * column is `true` (PostgreSQL refuses it, where `--sql` prints 1). The online engine writes what
 * psycopg2 writes, so PostgreSQL reads the same thing from both.
 *
 * Only the types whose bind processing is known are followed (checked against SQLAlchemy 2.1's
 * psycopg2 dialect): most have none on PostgreSQL (integers, numerics, floats, strings, dates,
 * times, intervals, native UUID, the network and text-search types), Boolean checks the value
 * strictly, JSON dumps it, ARRAY applies its item type's processing to each item, Enum passes
 * strings, and so do psycopg2's range types. For any other type the caller keeps its printed
 * literal.
 */
import { isTemporalLiteral, type Literal, type SqlType } from '../ops';
import type { RenderState } from './context';
import { stringLiteral } from './literals';
import { isEmulatedInterval, isNumericAffinity, isSqlAlchemyPostgresqlType, isSqlType, renderType, typeArg } from './types';
import { pythonFloatRepr } from '../../common/pythonFloat';
import { boundJsonText, isJsonType } from './boundJson';

/** Types SQLAlchemy's psycopg2 dialect binds without a bind processor: psycopg2 adapts the Python value as it is. */
const UNPROCESSED_TYPES = new Set([
  'String', 'VARCHAR', 'Unicode', 'NVARCHAR', 'Text', 'TEXT', 'UnicodeText', 'CHAR', 'NCHAR', 'CITEXT',
  'Date', 'DATE', 'DateTime', 'DATETIME', 'TIMESTAMP', 'Time', 'TIME', 'Interval', 'INTERVAL',
  'INET', 'CIDR', 'MACADDR', 'MACADDR8', 'MONEY', 'TSVECTOR', 'TSQUERY', 'BIT', 'OID', 'REGCLASS',
]);
/** psycopg2's range types: their bind processor converts a Range object and passes anything else (a str such as '[1,5)') on. */
const RANGE_TYPES = new Set(['INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'DATERANGE', 'TSRANGE', 'TSTZRANGE']);
const UUID_TYPES = new Set(['Uuid', 'UUID']);
const BOOLEAN_TYPES = new Set(['Boolean', 'BOOLEAN']);
const ENUM_TYPES = new Set(['Enum', 'ENUM']);

/**
 * The SQL a live run sends for `value` bound with `type` (undefined: a bind of no type, NullType,
 * which psycopg2 adapts as it is), or undefined where the engine does not know what it sends
 * (the caller then keeps the printed literal or refuses).
 */
export function liveBoundLiteral(value: Literal, type: SqlType | undefined, state: RenderState, isFloat = false): string | undefined {
  if (type === undefined) return adapted(value, state, isFloat);
  // An application's type (its own DDL, a module of its own) may process the value itself.
  if (!isSqlAlchemyPostgresqlType(type) || type.ddl !== undefined) return undefined;
  if (isJsonType(type.name)) {
    // SQLAlchemy's JSON type binds None as JSON's null unless `none_as_null=True`.
    if (value === null) return typeArg(type, 0, 'none_as_null') === true ? 'NULL' : stringLiteral('null', state);
    // json.dumps(2.0) is `2.0`, which JSONB keeps: an integral float written as one stays a float.
    const text = typeof value === 'number' && isFloat && Number.isFinite(value) ? pythonFloatRepr(value) : boundJsonText(value);
    return text === undefined ? undefined : stringLiteral(text, state);
  }
  if (value === null) return 'NULL';
  if (BOOLEAN_TYPES.has(type.name)) return strictBoolean(value);
  if (type.name === 'ARRAY') return boundArray(value, type, state);
  // Enum's processor looks the value up; a str not among its members still passes (validate_strings=False).
  if (ENUM_TYPES.has(type.name)) return typeof value === 'string' ? adapted(value, state, false) : undefined;
  // A UUID with native_uuid=False is bound as its hex string, which the engine does not follow.
  if (UUID_TYPES.has(type.name)) return typeArg(type, 2, 'native_uuid') === false ? undefined : adapted(value, state, isFloat);
  // Interval(native=False) is a TIMESTAMP column: its bind processor adds the value to the epoch.
  if (isEmulatedInterval(type)) return undefined;
  if (RANGE_TYPES.has(type.name)) return typeof value === 'string' ? adapted(value, state, false) : undefined;
  if (UNPROCESSED_TYPES.has(type.name) || isNumericAffinity(type)) return adapted(value, state, isFloat);
  return undefined;
}

/** Boolean's bind processor: True/False or a value equal to them (1, 0) becomes a bool; anything else raises. */
function strictBoolean(value: Exclude<Literal, null>): string | undefined {
  if (value === true || value === 1) return 'true';
  if (value === false || value === 0) return 'false';
  return undefined;
}

/**
 * ARRAY's bind processor (`_apply_item_processor`): every level is made a list (a str's
 * characters), its innermost items go through the item type's processing, and psycopg2 adapts
 * the lists; SQLAlchemy's psycopg2 dialect casts the bind to the array type (`::VARCHAR(20)[]`),
 * which also gives an empty list (`'{}'`) its type.
 */
function boundArray(value: Exclude<Literal, null>, type: SqlType, state: RenderState): string | undefined {
  const item = typeArg(type, 0, 'item_type');
  if (!isSqlType(item)) return undefined;
  const dimensions = typeArg(type, 2, 'dimensions');
  const processed = processedLevel(value, typeof dimensions === 'number' ? dimensions : undefined, item, state);
  if (processed === undefined) return undefined;
  const cast = renderType(type, state);
  const sql = adaptedList(processed);
  return sql === undefined || cast === undefined ? undefined : `${sql}::${cast}`;
}

/** A level of an ARRAY value after the bind processor: nested lists, innermost items already SQL. */
type Processed = { sql: string } | Processed[] | null;

function processedLevel(value: Literal, dimensions: number | undefined, item: SqlType, state: RenderState): Processed[] | undefined {
  const elements = Array.isArray(value) ? value : typeof value === 'string' ? Array.from(value) : undefined;
  if (elements === undefined) return undefined;
  const first = elements[0];
  const innermost = dimensions === 1 || (dimensions === undefined && (elements.length === 0 || !Array.isArray(first)));
  const out: Processed[] = [];
  for (const each of elements) {
    if (innermost) {
      if (each === null) out.push(null);
      else {
        const sql = liveBoundLiteral(each, item, state);
        if (sql === undefined) return undefined;
        out.push({ sql });
      }
    } else if (each === null) out.push(null);
    else {
      const inner = processedLevel(each, dimensions === undefined ? undefined : dimensions - 1, item, state);
      if (inner === undefined) return undefined;
      out.push(inner);
    }
  }
  return out;
}

/**
 * psycopg2's adaptation of a list: `'{}'` when empty; `ARRAY[a,b]` of the adapted items, an empty
 * nested list there as `ARRAY[]`; but `'{NULL,...}'` (nested: `'{{NULL},NULL}'`) when every item
 * is None or such a list of None, which the ARRAY constructor cannot type.
 */
function adaptedList(items: readonly Processed[]): string | undefined {
  if (items.length === 0) return "'{}'";
  let allNulls = true;
  const parts: string[] = [];
  for (const each of items) {
    if (each === null) {
      parts.push('NULL');
      continue;
    }
    if (!Array.isArray(each)) {
      allNulls = false;
      parts.push(each.sql);
      continue;
    }
    const inner = adaptedList(each);
    if (inner === undefined) return undefined;
    if (inner.startsWith('A')) allNulls = false;
    else if (inner === "'{}'") {
      allNulls = false;
      parts.push('ARRAY[]');
      continue;
    }
    parts.push(inner);
  }
  if (!allNulls) return `ARRAY[${parts.join(',')}]`;
  return `'{${parts.map((part) => (part.startsWith("'") ? part.slice(1, -1) : part)).join(',')}}'`;
}

/**
 * psycopg2's `adapt(value).getquoted()` for the values the engine models: booleans, ints, floats
 * (`'NaN'::float` and the infinities), strings, lists (ARRAY), dates and datetimes with their
 * cast, timedeltas as `'<days> days <seconds>.<micro> seconds'::interval`. A dict has no adapter
 * (psycopg2 raises "can't adapt type 'dict'"): undefined.
 */
function adapted(value: Literal, state: RenderState, isFloat: boolean): string | undefined {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return adaptedNumber(value, isFloat);
  if (typeof value === 'string') return stringLiteral(value, state);
  if (Array.isArray(value)) {
    const items = adaptedItems(value, state);
    return items === undefined ? undefined : adaptedList(items);
  }
  if (isTemporalLiteral(value)) return adaptedTemporal(value);
  return undefined;
}

function adaptedItems(values: readonly Literal[], state: RenderState): Processed[] | undefined {
  const items: Processed[] = [];
  for (const each of values) {
    if (each === null) items.push(null);
    else if (Array.isArray(each)) {
      const inner = adaptedItems(each, state);
      if (inner === undefined) return undefined;
      items.push(inner);
    } else {
      const sql = adapted(each, state, false);
      if (sql === undefined) return undefined;
      items.push({ sql });
    }
  }
  return items;
}

/** An int as str() prints it, a float as repr() does (an integral one with `.0`), NaN and the infinities as quoted floats. */
function adaptedNumber(value: number, isFloat: boolean): string {
  if (Number.isNaN(value)) return "'NaN'::float";
  if (!Number.isFinite(value)) return value > 0 ? "'Infinity'::float" : "'-Infinity'::float";
  if (Number.isInteger(value) && !isFloat) return String(value);
  return pythonFloatRepr(value);
}

const MICROS_PER_DAY = 86_400_000_000;

function adaptedTemporal(value: Extract<Literal, { $temporal: string }>): string | undefined {
  if (value.$temporal === 'date') return `'${value.iso}'::date`;
  if (value.$temporal === 'datetime') return `'${value.iso}'::${value.aware ? 'timestamptz' : 'timestamp'}`;
  if (value.$temporal === 'time') return `'${value.iso}'::${value.aware ? 'timetz' : 'time'}`;
  if (value.totalSeconds === undefined) return undefined;
  // total_seconds() holds whole microseconds exactly while they stay below 2**53 (about 285 years).
  const micros = Math.round(value.totalSeconds * 1e6);
  if (!Number.isSafeInteger(micros)) return undefined;
  // Python's timedelta keeps days (any sign), then seconds and microseconds (never negative).
  const days = Math.floor(micros / MICROS_PER_DAY);
  const rest = micros - days * MICROS_PER_DAY;
  const seconds = Math.floor(rest / 1e6);
  const micro = rest - seconds * 1e6;
  return `'${days} days ${seconds}.${String(micro).padStart(6, '0')} seconds'::interval`;
}
