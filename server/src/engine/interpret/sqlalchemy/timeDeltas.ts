/**
 * A Python `datetime.timedelta` on one side of a SQL operator (`t.c.created_at - timedelta(days=1)`,
 * `sa.func.now() - timedelta(days=30)`, `t.c.duration > timedelta(hours=1)`): SQLAlchemy binds it
 * with the type the other side's `coerce_compared_value` gives, which for every SQLAlchemy and
 * PostgreSQL type is an Interval (the timedelta's own type, or the other side's when that is an
 * Interval too, which PostgreSQL prints alike). Its literal is `make_interval(secs=>86400.0)`, a
 * live run binds it as psycopg2 adapts a timedelta (`'1 days 0.000000 seconds'::interval`).
 */
import type { SqlExpr, SqlType } from '../../ops';
import { temporalLiteral } from '../datetimes';
import { isEmulatedInterval } from '../../render/types';
import { opaque, type Value } from '../values';

const INTERVAL: SqlType = { name: 'Interval', module: 'sa', args: [], kwargs: {} };

/**
 * The bind of `value` when it is a timedelta and `other` a SQL expression: a literal of SQLAlchemy's
 * Interval; an opaque value when the other side's type is an application's, whose
 * coerce_compared_value may bind it otherwise; undefined when the pair is not of that shape.
 */
export function timeDeltaOperand(value: Value, other: Value): { kind: 'expr'; expr: SqlExpr } | { kind: 'opaque'; refusal: Value } | undefined {
  if (value.kind !== 'timedelta' || other.kind !== 'sql') return undefined;
  const module = other.type?.module;
  if (module !== undefined && module !== 'sa' && module !== 'postgresql') return { kind: 'opaque', refusal: opaque(`a timedelta compared with an expression of the type ${other.type?.name ?? ''}, which may bind it with a type of its own: not followed`) };
  // Bound like sa.literal(value, sa.Interval): its own type, whatever the other side is written to.
  return { kind: 'expr', expr: timeDeltaLiteral(value) };
}

/** A timedelta bound with its own type, SQLAlchemy's Interval: `make_interval(secs=>86400.0)`. */
export function timeDeltaLiteral(value: Extract<Value, { kind: 'timedelta' }>): SqlExpr {
  return { kind: 'literal', value: temporalLiteral(value), construct: true, bindType: INTERVAL };
}

/**
 * `.in_([timedelta(days=1), None])` / `.not_in(...)` on an expression of `type`: SQLAlchemy binds
 * each item with the type the expression's `coerce_compared_value` gives, an Interval for every
 * SQLAlchemy and PostgreSQL type, so the list prints `(make_interval(...), NULL)`. The whole list
 * shares the type coerced from its FIRST item. A None first leaves the expression's own type:
 * PostgreSQL's INTERVAL renders the timedeltas alike (`(NULL, make_interval(...))`), while every
 * other type either raises (a CompileError: SQLAlchemy's Interval coerces to its DateTime, a
 * String, a number) or prints something else (a Uuid prints `'1 day, 0:00:00'`): refused. So a
 * timedelta first, or a None first beside a PostgreSQL INTERVAL, then timedeltas and Nones, is
 * followed; an application's type may bind them otherwise: refused. Undefined when no item is a
 * timedelta.
 */
export function timeDeltaInList(list: Value | undefined, type: SqlType | undefined): { kind: 'expr'; expr: SqlExpr } | { kind: 'opaque'; refusal: Value } | undefined {
  if (list?.kind !== 'seq' || !list.items.some((item) => item.kind === 'timedelta')) return undefined;
  const boundAsInterval = list.items[0].kind === 'timedelta' || (list.items[0].kind === 'none' && isPostgresqlInterval(type));
  if (!boundAsInterval || !list.items.every((item) => item.kind === 'timedelta' || item.kind === 'none')) return { kind: 'opaque', refusal: opaque('in_() of a list of timedeltas that does not start with one (unless beside a PostgreSQL INTERVAL), or mixes in other values (bound with the first item\'s type): not followed') };
  const module = type?.module;
  if (module !== undefined && module !== 'sa' && module !== 'postgresql') return { kind: 'opaque', refusal: opaque(`in_() of timedeltas beside an expression of the type ${type?.name ?? ''}, which may bind them with a type of its own: not followed`) };
  const items = list.items.map((item): SqlExpr => (item.kind === 'timedelta' ? timeDeltaLiteral(item) : { kind: 'literal', value: null }));
  return { kind: 'expr', expr: { kind: 'tuple', items, role: 'inList' } };
}

/** PostgreSQL's own INTERVAL (any fields or precision), whose coerce_compared_value keeps it for a None. */
function isPostgresqlInterval(type: SqlType | undefined): boolean {
  return type !== undefined && type.module === 'postgresql' && type.name === 'INTERVAL' && type.ddl === undefined;
}

/**
 * A timedelta given as the value of a column in `values()`: SQLAlchemy binds it with the column's
 * type, which prints it as `make_interval(secs=>...)` for a native Interval (SQLAlchemy's or
 * PostgreSQL's). Any other column type (a Date, an emulated `Interval(native=False)`, which binds
 * a DateTime) fails to render it (CompileError), and a column of no type or an application's type
 * binds it in ways not followed here: refused.
 */
export function timeDeltaColumnValue(value: Extract<Value, { kind: 'timedelta' }>, column: string, type: SqlType | undefined): { kind: 'expr'; expr: SqlExpr } | { kind: 'failure'; failure: Value } {
  const native = type !== undefined && (type.module === undefined || type.module === 'sa' || type.module === 'postgresql') && type.ddl === undefined && (type.name === 'INTERVAL' || (type.name === 'Interval' && !isEmulatedInterval(type)));
  if (!native) return { kind: 'failure', failure: opaque(`a timedelta as the value of ${column}, whose type is ${type === undefined ? 'not known' : `${type.name}, not a native Interval`}: SQLAlchemy binds it with that type (a CompileError for most), not followed`) };
  return { kind: 'expr', expr: { kind: 'literal', value: temporalLiteral(value), construct: true, bindType: INTERVAL } };
}
