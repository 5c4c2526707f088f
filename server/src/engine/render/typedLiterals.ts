/**
 * Python values bound to a typed column (`op.bulk_insert` rows, `insert().values(...)`, a
 * comparison in a WHERE) rendered as SQLAlchemy's literal processors render them offline.
 * Where SQLAlchemy has no literal rendering for the pair (a string for a Date column, any
 * JSON value, a number for a String column, anything for an untyped `sa.column("x")`),
 * `alembic upgrade --sql` fails with a CompileError; so does this renderer.
 */
import { isDecimalLiteral, isTemporalLiteral, type Literal, type SqlExpr, type SqlType } from '../ops';
import { OFFLINE_ONLY, type RenderState } from './context';
import { scalarLiteral, stringLiteral } from './literals';
import { isCharacterUuid, isEmulatedInterval, isIntegerType, isNumericAffinity, isSqlAlchemyPostgresqlType, isSqlType, typeArg } from './types';
import { pythonFloatRepr, pythonNumberText } from '../../common/pythonFloat';
import { boundJsonText, isJsonType } from './boundJson';
import { liveBoundLiteral } from './liveBinds';

type Processor = (value: Exclude<Literal, null>, type: SqlType, state: RenderState, isFloat: boolean) => string | undefined;

const STRING_TYPES = new Set([
  'String', 'VARCHAR', 'Unicode', 'NVARCHAR', 'Text', 'TEXT', 'UnicodeText', 'CHAR', 'NCHAR',
  'CITEXT', 'Enum', 'ENUM',
]);
const UUID_TYPES = new Set(['Uuid', 'UUID']);
const BOOLEAN_TYPES = new Set(['Boolean', 'BOOLEAN']);

/** Python's `int(value)`: truncates floats and Decimals, maps booleans to 1/0, parses digit strings. */
const integer: Processor = (value) => {
  if (typeof value === 'number') return String(Math.trunc(value) || 0);
  if (isDecimalLiteral(value)) return truncatedDecimal(value.$decimal);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return String(BigInt(value.trim()));
  return undefined;
};

/** `int(Decimal(text))` of a Decimal's str(): toward zero, exponent applied (`1E+3` is 1000, `-0.5` is 0). */
function truncatedDecimal(text: string): string | undefined {
  const match = /^([+-]?)(\d+)(?:\.(\d*))?(?:E([+-]?\d+))?$/i.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  const shift = Number(match[4] ?? '0') - fraction.length;
  const digits = `${match[2]}${fraction}`;
  // A shift this large is not a seed value; not worth a huge string.
  if (Math.abs(shift) > 4096) return undefined;
  const whole = shift >= 0 ? `${digits}${'0'.repeat(shift)}` : digits.slice(0, Math.max(0, digits.length + shift));
  const magnitude = BigInt(whole === '' ? '0' : whole);
  return String(match[1] === '-' ? -magnitude : magnitude);
}

const numeric: Processor = (value, _type, _state, isFloat) => {
  // A Decimal prints as its str() (Numeric and Float alike); NaN and the infinities are never made (decimals.ts).
  if (isDecimalLiteral(value)) return value.$decimal;
  if (typeof value === 'number') return isFloat ? pythonFloatRepr(value) : pythonNumberText(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  // A string that parses as a Decimal prints as written (Numeric's processor checks, then str()s it).
  if (typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return value;
  return undefined;
};

/** SQLAlchemy's strict boolean: True/False or the integers 1/0. */
const boolean: Processor = (value) => {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === 1 || value === 0) return value === 1 ? 'true' : 'false';
  return undefined;
};

const string: Processor = (value, _type, state) => (typeof value === 'string' ? stringLiteral(value, state) : undefined);

/**
 * SQLAlchemy's Uuid (and PostgreSQL's UUID) literal: with `as_uuid=False` the string's hyphens
 * are removed (`'12345678123456781234567812345678'`), with the default `as_uuid=True` it prints
 * as written (a uuid.UUID value as its hyphenated form).
 */
const uuid: Processor = (value, type, state) => {
  if (typeof value !== 'string') return undefined;
  const asUuid = typeArg(type, 0, 'as_uuid');
  // A character-based Uuid with as_uuid=True prints `value.hex`: a uuid.UUID's digits, an
  // AttributeError for a str. The engine does not tell the two apart here, so it prints neither.
  if (isCharacterUuid(type) && asUuid !== false) return undefined;
  return stringLiteral(asUuid === false ? value.replace(/-/g, '') : value, state);
};

/**
 * ARRAY's literal processor (SQLAlchemy's `_apply_item_processor`): `ARRAY[...]` of the item
 * type's literal processor, nested lists as nested `ARRAY[...]`. Without `dimensions` a level is
 * the innermost when it is empty or its first element is not a list or tuple; with `dimensions=n`
 * the n-th level is. A str where a level is iterated is its characters; the item type's processor
 * gets each innermost element as it is, None included (ARRAY[1, NULL] is no literal SQLAlchemy
 * prints). An item type without a literal processor leaves the ARRAY without one.
 */
const array: Processor = (value, type, state) => {
  const item = typeArg(type, 0, 'item_type');
  const itemProcessor = isSqlType(item) ? processorFor(item) : undefined;
  if (!isSqlType(item) || itemProcessor === undefined) return undefined;
  const dimensions = typeArg(type, 2, 'dimensions');
  const element = (each: Literal): string | undefined => (each === null ? nullArrayItem(item, state) : itemProcessor(each, item, state, false));
  return arrayLevel(value, typeof dimensions === 'number' ? dimensions : undefined, element);
};

/** What Python's iteration of a level gives: a list's (or tuple's) elements, a str's characters; undefined where it raises. */
function iterated(value: Literal): Literal[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  return undefined;
}

function arrayLevel(value: Literal, dimensions: number | undefined, element: (each: Literal) => string | undefined): string | undefined {
  const elements = iterated(value);
  if (elements === undefined) return undefined;
  const innermost = dimensions === 1 || (dimensions === undefined && (elements.length === 0 || !Array.isArray(elements[0])));
  const parts: string[] = [];
  for (const each of elements) {
    // A None between lists stays None, which joining the level's text refuses (TypeError).
    const sql = innermost ? element(each) : each === null ? undefined : arrayLevel(each, dimensions === undefined ? undefined : dimensions - 1, element);
    if (sql === undefined) return undefined;
    parts.push(sql);
  }
  return `ARRAY[${parts.join(', ')}]`;
}

/**
 * None given to an item type's literal processor: Boolean's prints false (its strict bool of None),
 * Uuid's with as_uuid=True prints `'None'` (str() of it); the others raise.
 */
function nullArrayItem(item: SqlType, state: RenderState): string | undefined {
  if (BOOLEAN_TYPES.has(item.name)) return 'false';
  if (UUID_TYPES.has(item.name) && typeArg(item, 0, 'as_uuid') !== false) return stringLiteral('None', state);
  return undefined;
}

const DATE_TYPES = new Set(['Date', 'DATE']);
const DATETIME_TYPES = new Set(['DateTime', 'DATETIME', 'TIMESTAMP']);
const TIME_TYPES = new Set(['Time', 'TIME']);
const INTERVAL_TYPES = new Set(['Interval', 'INTERVAL']);

/**
 * SQLAlchemy's ISO 8601 literal processors (no `T`): a Date column prints the part before the `T`
 * of the value's isoformat(), a Time column the part after it, a DateTime column the whole with a
 * space; each takes a date or a datetime alike.
 */
function isoPortion(portion: 'date' | 'time' | 'whole'): Processor {
  return (value) => {
    if (!isTemporalLiteral(value) || value.$temporal === 'timedelta') return undefined;
    const parts = value.iso.split('T');
    return `'${portion === 'whole' ? value.iso.replace('T', ' ') : portion === 'date' ? parts[0] : parts[parts.length - 1]}'`;
  };
}

/**
 * PostgreSQL's INTERVAL literal: make_interval of the timedelta's total seconds (a Python float).
 * `Interval(native=False)` renders with its DateTime impl's processor, which fails on a timedelta.
 */
const interval: Processor = (value, type) => (!isEmulatedInterval(type) && isTemporalLiteral(value) && value.$temporal === 'timedelta' && value.totalSeconds !== undefined ? `make_interval(secs=>${pythonFloatRepr(value.totalSeconds)})` : undefined);

function processorFor(type: SqlType): Processor | undefined {
  if (DATE_TYPES.has(type.name)) return isoPortion('date');
  if (DATETIME_TYPES.has(type.name)) return isoPortion('whole');
  if (TIME_TYPES.has(type.name)) return isoPortion('time');
  if (INTERVAL_TYPES.has(type.name)) return interval;
  if (isIntegerType(type)) return integer;
  if (isNumericAffinity(type)) return numeric;
  if (BOOLEAN_TYPES.has(type.name)) return boolean;
  if (STRING_TYPES.has(type.name)) return string;
  if (UUID_TYPES.has(type.name)) return uuid;
  if (type.name === 'ARRAY') return array;
  return undefined;
}

/** Whether the engine knows SQLAlchemy's literal processor of this type (else a value of it is printed by its Python type). */
export function hasLiteralProcessor(type: SqlType): boolean {
  return processorFor(type) !== undefined;
}

/**
 * SQLAlchemy (2.1) and PostgreSQL dialect types whose `literal_processor()` is None: a Python
 * value bound with one of them makes the literal-binds compiler raise CompileError ("No literal
 * value renderer is available ..."), whatever the value. Checked type by type against
 * `_cached_literal_processor()` of the psycopg2 dialect.
 */
const NO_LITERAL_RENDERER = new Set([
  'JSON', 'JSONB', 'HSTORE', 'INET', 'CIDR', 'MACADDR', 'MACADDR8', 'BIT', 'MONEY', 'OID', 'REGCLASS',
  'REGCONFIG', 'TSVECTOR', 'TSQUERY', 'DOMAIN',
  'INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'DATERANGE', 'TSRANGE', 'TSTZRANGE',
  'INT4MULTIRANGE', 'INT8MULTIRANGE', 'NUMMULTIRANGE', 'DATEMULTIRANGE', 'TSMULTIRANGE', 'TSTZMULTIRANGE',
]);

/** Whether SQLAlchemy is known to have no literal rendering at all for a value bound with this type. */
export function lacksLiteralRenderer(type: SqlType): boolean {
  return NO_LITERAL_RENDERER.has(type.name) && isSqlAlchemyPostgresqlType(type);
}

/** Whether a value bound with this type prints (or fails) by the type, as far as the engine knows it. */
export function rendersByBindType(type: SqlType): boolean {
  return hasLiteralProcessor(type) || lacksLiteralRenderer(type);
}

function describe(value: Literal): string {
  if (Array.isArray(value)) return 'a list';
  if (isTemporalLiteral(value)) return `a datetime.${value.$temporal}`;
  if (isDecimalLiteral(value)) return 'a decimal.Decimal';
  if (typeof value === 'object' && value !== null) return 'a dict';
  return typeof value === 'string' ? 'a str' : typeof value === 'boolean' ? 'a bool' : 'a number';
}

/**
 * The literal for `value` in a column of `type` (undefined type: an untyped `sa.column`).
 * Reports and returns undefined when SQLAlchemy could not render it either; `place` says where
 * the value got its type when that is not a column (`cast to JSONB`).
 */
export function typedLiteral(value: Literal, type: SqlType | undefined, state: RenderState, report = true, isFloat = false, place?: string): string | undefined {
  // A live run binds the value: what psycopg2 sends, where the engine knows it (liveBinds.ts). A
  // column without a type here may be one whose type the engine could not read (an application's
  // TypeDecorator may process the value): it keeps the printed literal, or the refusal.
  const bound = isLiveBind(state) && type !== undefined ? liveBoundLiteral(value, type, state, isFloat) : undefined;
  return bound ?? printedLiteral(value, type, state, report, isFloat, place);
}

/** Whether a value is bound as a parameter here: a live run's DML or bulk_insert (DDL prints literals in a live run too). */
export function isLiveBind(state: RenderState): boolean {
  return state.context.liveRun === true && state.liveRunBinds;
}

/** The literal SQLAlchemy's literal processor of `type` prints (`--sql`, and literals a live run prints too). */
function printedLiteral(value: Literal, type: SqlType | undefined, state: RenderState, report: boolean, isFloat: boolean, place?: string): string | undefined {
  if (value === null) {
    // SQLAlchemy's JSON type binds None as JSON's null unless `none_as_null=True` (--sql prints NULL).
    if (type && state.context.liveRun && isJsonType(type.name) && typeArg(type, 0, 'none_as_null') !== true) return stringLiteral('null', state);
    return 'NULL';
  }
  const processor = type ? processorFor(type) : undefined;
  let sql = processor && type ? processor(value, type, state, isFloat) : undefined;
  if (sql === undefined && type && state.context.liveRun && isJsonType(type.name)) {
    const text = boundJsonText(value);
    if (text !== undefined) sql = stringLiteral(text, state);
  }
  if (sql === undefined && report) {
    const where = place ?? (type ? `in a ${type.name} column` : 'in a column declared without a type');
    const why = type && lacksLiteralRenderer(type) ? ` (SQLAlchemy's ${type.name} has no literal value renderer: "No literal value renderer is available ... with datatype ${type.name}")` : '';
    state.report(
      'invalid-operation-option',
      `SQLAlchemy has no literal rendering for ${describe(value)} ${where}${why}: Alembic's \`--sql\` fails here with a CompileError. Give the column a matching type or write the statement as SQL text.`,
      undefined,
      // A live run binds the value instead of printing it: only the offline SQL fails.
      OFFLINE_ONLY,
    );
  }
  return sql;
}

/**
 * `sa.literal(value[, type_])`: SQLAlchemy makes its bind where it is written, of `type_` or else
 * of the type it infers from the Python value (str String, int Integer, ...), so the column it is
 * later written to, compared with or cast to does not retype it (`ip=sa.literal("1.1.1.1")` into
 * an INET column prints `'1.1.1.1'`). A `type_` the engine does not know is left unrendered.
 */
export function constructLiteralSql(expr: Extract<SqlExpr, { kind: 'literal' }>, state: RenderState): string | undefined {
  const isFloat = expr.float === true;
  // None bound with a JSON type is JSON's null in a live run (`--sql` prints NULL).
  if (expr.bindType && expr.value === null && isLiveBind(state)) return liveBoundLiteral(null, expr.bindType, state) ?? 'NULL';
  if (expr.bindType && expr.value !== null) {
    if (rendersByBindType(expr.bindType)) return typedLiteral(expr.value, expr.bindType, state, true, isFloat, `given sa.literal(..., ${expr.bindType.name})`);
    // An application's type (a TypeDecorator's process_literal_param): not followed here.
    state.report('unsupported-sql-expression', `sa.literal(..., ${expr.bindType.name}): the engine does not know how that type prints a literal.`);
    return undefined;
  }
  // Of no type_, SQLAlchemy takes the type from the Python value; none of those has a bind processor psycopg2's adaptation depends on.
  const sql = (isLiveBind(state) ? liveBoundLiteral(expr.value, undefined, state, isFloat) : undefined) ?? scalarLiteral(expr.value, state, isFloat);
  if (sql === undefined) state.report('unsupported-sql-expression', 'sa.literal() of a list or dict has no literal SQL rendering here.');
  return sql;
}

/**
 * `op.inline_literal(value[, type_])`, wherever it is written: a bind parameter of its own type
 * (`type_`, else the one SQLAlchemy infers from the Python value), so the column it is written to
 * or compared with does not decide its rendering (an untyped `sa.column("a")` takes it as it is).
 */
export function inlineLiteralSql(expr: Extract<SqlExpr, { kind: 'literal' }>, state: RenderState): string | undefined {
  const isFloat = expr.float === true;
  // Printed into the statement in a live run too (Alembic compiles it as a literal bind).
  if (expr.type) return printedLiteral(expr.value, expr.type, state, true, isFloat);
  const sql = scalarLiteral(expr.value, state, isFloat);
  if (sql === undefined) state.report('unsupported-sql-expression', 'op.inline_literal() of a list or dict has no literal SQL rendering here.');
  return sql;
}
