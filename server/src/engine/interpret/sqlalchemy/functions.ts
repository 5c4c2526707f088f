/**
 * `sa.func.name(...)`: SQLAlchemy's function generator. A name it has registered (looked up
 * case-insensitively, the last `_` of each dotted part dropped as `func.now_` drops it) builds
 * that generic function, whose return type is fixed (`now()` DateTime, `count()` Integer) or the
 * type of its first argument that has one (`coalesce`, `max`, `min`, `sum`); any other name builds
 * a plain Function of NullType. `type_=` overrides either. The type decides how SQLAlchemy prints
 * the expression around the call: the divisor's cast in `/`, `//` as `/` or `FLOOR()`, `+` as
 * `||`, the binds of Python values compared with it.
 */
import type { SqlExpr, SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlType } from './types';
import { toSqlExpr } from './expressions';
import { boundLiteral } from '../boundPythonValue';
import { valueBindType } from '../../render/valueBindType';
import { exprHasBinds } from '../../render/bindParameters';

const typeNamed = (name: string): SqlType => ({ name, args: [], kwargs: {} });

/** The type SQLAlchemy calls NullType: what a function of no known return type has. */
export const NULL_TYPE: SqlType = typeNamed('NullType');

export function isNullType(type: SqlType): boolean {
  return type.name === 'NullType' && type.module === undefined;
}

/** Generic functions whose class fixes the return type (sql/functions.py); `random`, `cube`, `rollup` and `grouping_sets` have none. */
const FIXED_RETURN_TYPES: Record<string, SqlType> = {
  now: typeNamed('DateTime'),
  count: typeNamed('Integer'),
  char_length: typeNamed('Integer'),
  concat: typeNamed('String'),
  current_date: typeNamed('Date'),
  current_time: typeNamed('Time'),
  current_timestamp: typeNamed('DateTime'),
  localtime: typeNamed('DateTime'),
  localtimestamp: typeNamed('DateTime'),
  current_user: typeNamed('String'),
  session_user: typeNamed('String'),
  user: typeNamed('String'),
  rank: typeNamed('Integer'),
  dense_rank: typeNamed('Integer'),
  percent_rank: typeNamed('Numeric'),
  cume_dist: typeNamed('Numeric'),
  random: NULL_TYPE,
  cube: NULL_TYPE,
  rollup: NULL_TYPE,
  grouping_sets: NULL_TYPE,
  any: NULL_TYPE,
  all: NULL_TYPE,
  some: NULL_TYPE,
};

/** SQLAlchemy 2.1's collection aggregate functions: a comparison with one is negated as NOT (...), never flipped. */
const COLLECTION_AGGREGATES = new Set(['any', 'all', 'some']);

/** ReturnTypeFromArgs: the type of the first argument whose type is not NullType. */
const RETURN_TYPE_FROM_ARGS = new Set(['coalesce', 'max', 'min', 'sum', 'pow']);

/**
 * Every name SQLAlchemy 2.1 registers with the PostgreSQL dialect loaded, lower case. Those not
 * above have a type the engine does not work out here (ARRAY, HSTORE, TSVECTOR, ...): their
 * calls keep an unknown type, so that what depends on it is refused.
 */
const REGISTERED = new Set([
  ...Object.keys(FIXED_RETURN_TYPES), ...RETURN_TYPE_FROM_ARGS,
  'aggregate_strings', 'akeys', 'ansifunction', 'array_agg', 'avals', 'cast', 'extract', 'defined',
  'delete', 'hstore', 'hstore_to_array', 'hstore_to_matrix', 'slice', 'mode', 'next_value', 'orderedsetagg',
  'percentile_cont', 'percentile_disc', 'returntypefromargs', 'returntypefromoptionalargs', 'sysdate',
  'to_tsquery', 'to_tsvector', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery', 'ts_headline', '_regconfig_fn',
]);

/**
 * Registered functions whose SQL the engine does not print as SQLAlchemy does: `cast` / `extract`
 * are other constructs, the collection aggregates and ordered-set ones have their own forms,
 * `next_value` takes a Sequence. (`pow` is followed in part: powerCall.)
 */
const NOT_FOLLOWED = new Set(['cast', 'extract', 'next_value', 'aggregate_strings', 'ansifunction', 'orderedsetagg', 'returntypefromargs', 'returntypefromoptionalargs', '_regconfig_fn']);

/** Keywords a generic function's own signature takes by name, read as its argument. */
const ARGUMENT_KEYWORDS: Record<string, string> = { count: 'expression', char_length: 'arg' };

/** The name SQLAlchemy's generator builds from `func.a.b_`: each part without one trailing `_`. */
export function generatedFunctionName(written: string): string {
  return written.split('.').map((part) => (part.endsWith('_') ? part.slice(0, -1) : part)).join('.');
}

/** The registered generic function `name` calls (lower case), or undefined for a plain Function (any dotted name: `func.pg_catalog.now`). */
function registeredName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return !name.includes('.') && REGISTERED.has(lower) ? lower : undefined;
}

export function sqlFunction(written: string, args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.func.${written}() with arguments that are not static: ${args.unknownSplat}`);
  const name = generatedFunctionName(written);
  const generic = registeredName(name);
  if (generic !== undefined && NOT_FOLLOWED.has(generic)) return opaque(`sa.func.${written}(): SQLAlchemy builds its own construct for ${generic}, which the engine does not follow`);
  const positional = [...args.positional];
  let explicitType: SqlType | undefined;
  for (const [key, { value }] of args.keywords) {
    if (value.kind === 'opaque') return value;
    if (key === 'type_') {
      // type_=None leaves the function's own type, as SQLAlchemy's `type_ or cls.type` does.
      if (value.kind === 'none') continue;
      explicitType = toSqlType(value);
      if (explicitType === undefined) return opaque(`sa.func.${written}() with a type_= the engine does not know`);
    } else if (generic === undefined && key === 'packagenames') {
      return raising(`sa.func.${written}(packagenames=...): Function() got multiple values for keyword argument 'packagenames' (TypeError)`);
    } else if (generic === undefined && key === 'monotonic') {
      // A hint for the ORM's insertmanyvalues; the SQL is the same.
      if (value.kind !== 'bool') return opaque(`sa.func.${written}() with a monotonic= that is not a literal`);
    } else if (generic === undefined) {
      return raising(`sa.func.${written}(): Function.__init__() got an unexpected keyword argument '${key}' (TypeError)`);
    } else if (ARGUMENT_KEYWORDS[generic] === key && positional.length === 0) {
      positional.push(args.keywords.get(key)!);
    } else {
      return opaque(`sa.func.${written}() with the keyword ${key}=, which the engine does not model`);
    }
  }
  const converted: SqlExpr[] = [];
  for (const arg of positional) {
    if (arg.value.kind === 'opaque') return arg.value;
    const expr = toSqlExpr(arg.value) ?? boundArgument(arg.value);
    if (!expr) return opaque('unsupported SQL function argument');
    converted.push(expr);
  }
  const type = explicitType ?? ownReturnType(generic, positional.map((arg) => arg.value));
  const expr: SqlExpr = type === undefined ? { kind: 'function', name, args: converted } : { kind: 'function', name, args: converted, type };
  if (generic !== undefined && COLLECTION_AGGREGATES.has(generic) && expr.kind === 'function') expr.collectionAggregate = true;
  if (generic === 'pow' && expr.kind === 'function') return powerCall(written, expr, type);
  return type === undefined || isNullType(type) ? { kind: 'sql', expr } : { kind: 'sql', expr, type };
}

/**
 * `sa.func.pow(x, y)`: SQLAlchemy 2.1's PostgreSQL compiler prints it `power(x, y)`, labelled
 * `pow_1` in a columns clause, but compiles its arguments without the compiler's keywords, so
 * under `literal_binds` a bind among them still prints as a placeholder (`power(t.x,
 * %(pow_1)s::INTEGER)` for `pow(t.c.x, 2)`). Arguments without binds (columns, functions of
 * them, `sa.literal_column()`, `op.inline_literal()`, `sa.null()`) print as anywhere else; a
 * bind is refused rather than printed otherwise than Alembic prints it.
 */
function powerCall(written: string, expr: Extract<SqlExpr, { kind: 'function' }>, type: SqlType | undefined): Value {
  if (expr.args.some(exprHasBinds)) {
    return opaque(`sa.func.${written}() of a Python value or other bind parameter: SQLAlchemy's PostgreSQL compiler drops literal_binds inside pow() and prints a placeholder (power(x, %(pow_1)s::INTEGER)), not followed; write sa.func.power()`);
  }
  const power: SqlExpr = { ...expr, name: 'power', labelSeed: 'pow' };
  return type === undefined || isNullType(type) ? { kind: 'sql', expr: power } : { kind: 'sql', expr: power, type };
}

/** The type the function has without type_=; undefined where the engine cannot tell. */
function ownReturnType(generic: string | undefined, args: Value[]): SqlType | undefined {
  if (generic === undefined) return NULL_TYPE;
  if (Object.prototype.hasOwnProperty.call(FIXED_RETURN_TYPES, generic)) return FIXED_RETURN_TYPES[generic];
  if (!RETURN_TYPE_FROM_ARGS.has(generic)) return undefined;
  for (const arg of args) {
    const type = argumentType(arg);
    if (type === undefined) return undefined;
    if (!isNullType(type)) return type;
  }
  return NULL_TYPE;
}

/** An argument's type as SQLAlchemy coerces it (a Python value bound by its own type); undefined when the engine cannot tell. */
function argumentType(value: Value): SqlType | undefined {
  switch (value.kind) {
    case 'none':
      return NULL_TYPE;
    case 'bool':
      return typeNamed('Boolean');
    case 'str':
      return typeNamed('String');
    case 'num':
      // SQLAlchemy 2 binds a Python float as Double.
      return typeNamed(value.float ? 'Double' : 'Integer');
    case 'sql': {
      if (value.type !== undefined) return value.type;
      const expr = value.expr;
      // A table's column of no type, a column of no table, SQL text: NullType. A function's own type (NullType too) is on it.
      if (expr.kind === 'column' || expr.kind === 'text' || expr.kind === 'literalColumn') return NULL_TYPE;
      if (expr.kind === 'function') return expr.type;
      // sa.null(), sa.literal(v, type_): a bind of its own type.
      if (expr.kind === 'literal' && expr.construct) return expr.bindType ?? (expr.value === null ? NULL_TYPE : undefined);
      return undefined;
    }
    case 'datetime':
    case 'decimal': {
      // _resolve_value_to_type: a date is a Date, a datetime a DateTime, a Decimal a Numeric.
      const literal = boundLiteral(value);
      return literal === undefined ? undefined : valueBindType(literal);
    }
    default:
      return undefined;
  }
}

/**
 * A date, datetime or Decimal given to a function (`sa.func.greatest(t.c.day, date(...))`):
 * SQLAlchemy binds it with the type it infers from the value (`_resolve_value_to_type`), not the
 * other arguments', which the renderer prints by that type (render/valueBindType.ts).
 */
function boundArgument(value: Value): SqlExpr | undefined {
  if (value.kind !== 'datetime' && value.kind !== 'decimal') return undefined;
  const literal = boundLiteral(value);
  return literal === undefined ? undefined : { kind: 'literal', value: literal };
}
