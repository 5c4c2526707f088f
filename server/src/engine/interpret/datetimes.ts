/**
 * `datetime.datetime(2016, 6, 20)`, `datetime.date(...)`, `datetime.timedelta(...)` built from
 * literals, their arithmetic (`+`, `-`, comparisons) and the methods migrations call on them
 * (`toordinal`, `isoformat`, `strftime`, `date`, `utcfromtimestamp`), as naive Python values.
 * Anything that depends on the clock or the local time zone (`now()`, `today()`,
 * `fromtimestamp()`) stays a value known only at run time. Values are kept as whole microseconds
 * (a BigInt: year 9999 does not fit a double's integers) from 1970-01-01.
 */
import type { CallArgs } from './args';
import type { TemporalLiteral } from '../ops';
import { opaque, str, type Value } from './values';
import { pythonDate, pythonDateTime, type WallClock } from '../../common/pythonDateTime';

export type DateTimeValue = Extract<Value, { kind: 'datetime' }>;
export type TimeDeltaValue = Extract<Value, { kind: 'timedelta' }>;

const MICRO = 1_000_000n;
const DAY = 86_400n * MICRO;
/** Days from 0001-01-01 (ordinal 1) to 1970-01-01. */
const EPOCH_ORDINAL = 719_163n;

function argument(args: CallArgs, index: number, name: string): Value | undefined {
  return args.keywords.get(name)?.value ?? args.positional[index]?.value;
}

function integer(value: Value | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  return value.kind === 'num' && Number.isInteger(value.value) ? value.value : undefined;
}

function daysFromCivil(year: number, month: number, day: number): bigint {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return BigInt(Math.round(date.getTime() / 86_400_000));
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDate() === day;
}

/** `datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0)` and `date(y, m, d)`. */
export function buildDateTime(args: CallArgs, dateOnly: boolean): Value {
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
  const parts = names.map((name, index) => integer(argument(args, index, name), index < 3 ? undefined : 0));
  if (parts.some((part) => part === undefined) || (dateOnly && args.positional.length > 3) || args.unknownSplat) {
    return opaque(`${dateOnly ? 'date' : 'datetime'}() of values known only at run time`);
  }
  // A time zone (tzinfo=timezone.utc, an 8th argument) makes an aware datetime, which prints its
  // offset (`2000-01-01 00:00:00+00:00`): not modelled, so refused rather than printed without it.
  const known = new Set(dateOnly ? names.slice(0, 3) : names);
  const tzinfo = args.keywords.get('tzinfo')?.value ?? args.positional[7]?.value;
  if ((tzinfo !== undefined && tzinfo.kind !== 'none') || [...args.keywords.keys()].some((key) => !known.has(key) && key !== 'tzinfo') || args.positional.length > 8) {
    return opaque(`${dateOnly ? 'date' : 'datetime'}() with a time zone or arguments the engine does not model (an aware datetime prints its UTC offset)`);
  }
  const [year, month, day, hour, minute, second, micro] = parts as number[];
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59 || micro > 999_999 || Math.min(hour, minute, second, micro) < 0) {
    return opaque(`${dateOnly ? 'date' : 'datetime'}() of an invalid date: Python raises ValueError`);
  }
  const days = daysFromCivil(year, month, day);
  const micros = days * DAY + BigInt(((hour * 60 + minute) * 60 + second)) * MICRO + BigInt(micro);
  return { kind: 'datetime', micros, dateOnly };
}

/** `timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)` of integers. */
export function buildTimeDelta(args: CallArgs): Value {
  const names: [string, bigint][] = [['days', DAY], ['seconds', MICRO], ['microseconds', 1n], ['milliseconds', 1000n], ['minutes', 60n * MICRO], ['hours', 3600n * MICRO], ['weeks', 7n * DAY]];
  let micros = 0n;
  for (let index = 0; index < names.length; index++) {
    const value = integer(argument(args, index, names[index][0]), 0);
    if (value === undefined) return opaque('timedelta() of values known only at run time (or fractions)');
    micros += BigInt(value) * names[index][1];
  }
  return args.unknownSplat ? opaque('timedelta() of values known only at run time') : { kind: 'timedelta', micros };
}

/** `datetime.utcfromtimestamp(n)`: UTC, so known statically (unlike `fromtimestamp`). */
export function utcFromTimestamp(args: CallArgs): Value {
  const seconds = integer(args.positional[0]?.value, undefined);
  if (seconds === undefined) return opaque('utcfromtimestamp() of a value known only at run time');
  return { kind: 'datetime', micros: BigInt(seconds) * MICRO, dateOnly: false };
}


function civil(value: DateTimeValue): WallClock {
  const days = floorDiv(value.micros, DAY);
  const rest = value.micros - days * DAY;
  const date = new Date(Number(days) * 86_400_000);
  const seconds = Number(rest / MICRO);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    microsecond: Number(rest % MICRO),
  };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? quotient - 1n : quotient;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Python's `str()` of a date, datetime or timedelta. */
export function dateTimeStr(value: DateTimeValue | TimeDeltaValue): string {
  if (value.kind === 'timedelta') {
    const days = floorDiv(value.micros, DAY);
    const rest = value.micros - days * DAY;
    const seconds = Number(rest / MICRO);
    const micro = Number(rest % MICRO);
    const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}${micro ? `.${pad(micro, 6)}` : ''}`;
    return days === 0n ? clock : `${days} day${days === 1n || days === -1n ? '' : 's'}, ${clock}`;
  }
  return isoFormat(value, ' ');
}

/** A date, datetime or timedelta as a bulk_insert row holds it (ops.ts TemporalLiteral). */
export function temporalLiteral(value: DateTimeValue | TimeDeltaValue): TemporalLiteral {
  if (value.kind === 'timedelta') return { $temporal: 'timedelta', iso: '', totalSeconds: Number(value.micros) / 1e6 };
  return { $temporal: value.dateOnly ? 'date' : 'datetime', iso: isoFormat(value, 'T') };
}

function isoFormat(value: DateTimeValue, separator: string): string {
  const parts = civil(value);
  return value.dateOnly ? pythonDate(parts) : pythonDateTime(parts, separator);
}

const STRFTIME: Record<string, (parts: WallClock) => string> = {
  Y: (p) => pad(p.year, 4),
  m: (p) => pad(p.month, 2),
  d: (p) => pad(p.day, 2),
  H: (p) => pad(p.hour, 2),
  M: (p) => pad(p.minute, 2),
  S: (p) => pad(p.second, 2),
  f: (p) => pad(p.microsecond, 6),
  y: (p) => pad(p.year % 100, 2),
  '%': () => '%',
};

/** Methods and attributes of dates, datetimes and timedeltas; undefined when not modelled. */
export function dateTimeMethod(value: DateTimeValue | TimeDeltaValue, name: string, args: CallArgs): Value | undefined {
  if (value.kind === 'timedelta') {
    if (name === 'total_seconds') return { kind: 'num', value: Number(value.micros) / 1e6 };
    return undefined;
  }
  switch (name) {
    case 'toordinal':
      return { kind: 'num', value: Number(floorDiv(value.micros, DAY) + EPOCH_ORDINAL) };
    case 'isoformat': {
      const separator = argument(args, 0, 'sep');
      if (separator !== undefined && separator.kind !== 'str') return undefined;
      return str(isoFormat(value, separator?.kind === 'str' ? separator.value : 'T'));
    }
    case 'date':
      return { kind: 'datetime', micros: floorDiv(value.micros, DAY) * DAY, dateOnly: true };
    case 'strftime': {
      const format = args.positional[0]?.value;
      if (format?.kind !== 'str') return undefined;
      const parts = civil(value);
      let unknown = false;
      const text = format.value.replace(/%(.)/g, (_match, code: string) => {
        const render = STRFTIME[code];
        if (!render) unknown = true;
        return render ? render(parts) : '';
      });
      return unknown ? opaque('strftime() with a directive the engine does not evaluate') : str(text);
    }
    default:
      return undefined;
  }
}

export function dateTimeAttribute(value: DateTimeValue | TimeDeltaValue, name: string): Value | undefined {
  if (value.kind === 'timedelta') {
    const days = floorDiv(value.micros, DAY);
    if (name === 'days') return { kind: 'num', value: Number(days) };
    if (name === 'seconds') return { kind: 'num', value: Number((value.micros - days * DAY) / MICRO) };
    if (name === 'microseconds') return { kind: 'num', value: Number((value.micros - days * DAY) % MICRO) };
    return undefined;
  }
  const parts = civil(value);
  const known: Record<string, number> = { year: parts.year, month: parts.month, day: parts.day };
  if (!value.dateOnly) Object.assign(known, { hour: parts.hour, minute: parts.minute, second: parts.second, microsecond: parts.microsecond });
  return name in known ? { kind: 'num', value: known[name] } : undefined;
}

/** `+`, `-` and comparisons between dates, datetimes and timedeltas; undefined when not one of them. */
export function dateTimeBinary(operator: string, left: Value, right: Value): Value | undefined {
  const isTime = (value: Value): value is DateTimeValue | TimeDeltaValue => value.kind === 'datetime' || value.kind === 'timedelta';
  if (!isTime(left) && !isTime(right)) return undefined;
  // `"%s" % dt` is string formatting: the caller formats with str().
  if (left.kind === 'str' || (left.kind === 'seq' && operator === '%')) return undefined;
  if (!isTime(left) || !isTime(right)) {
    if (operator === '*' && left.kind === 'timedelta' && right.kind === 'num' && Number.isInteger(right.value)) return { kind: 'timedelta', micros: left.micros * BigInt(right.value) };
    if (operator === '==' || operator === '!=') return { kind: 'bool', value: operator === '!=' };
    return opaque(`unsupported operation ${operator} between a ${left.kind} and a ${right.kind}`);
  }
  if (left.kind === 'datetime' && right.kind === 'datetime' && left.dateOnly !== right.dateOnly && operator !== '==' && operator !== '!=') {
    return opaque('comparing a date with a datetime raises TypeError');
  }
  switch (operator) {
    case '+':
      if (left.kind === 'datetime' && right.kind === 'datetime') return opaque('adding two datetimes raises TypeError');
      if (left.kind === 'datetime' || right.kind === 'datetime') {
        const base = (left.kind === 'datetime' ? left : right) as DateTimeValue;
        const delta = left.kind === 'timedelta' ? left : (right as TimeDeltaValue);
        // A date plus a timedelta keeps only whole days.
        const micros = base.dateOnly ? base.micros + floorDiv(delta.micros, DAY) * DAY : base.micros + delta.micros;
        return { kind: 'datetime', micros, dateOnly: base.dateOnly };
      }
      return { kind: 'timedelta', micros: left.micros + right.micros };
    case '-':
      if (left.kind === 'datetime' && right.kind === 'datetime') return { kind: 'timedelta', micros: left.micros - right.micros };
      if (left.kind === 'datetime' && right.kind === 'timedelta') {
        // A date minus a timedelta subtracts only its whole days (timedelta.days), as Python does.
        const micros = left.dateOnly ? left.micros - floorDiv(right.micros, DAY) * DAY : left.micros - right.micros;
        return { kind: 'datetime', micros, dateOnly: left.dateOnly };
      }
      if (left.kind === 'timedelta' && right.kind === 'timedelta') return { kind: 'timedelta', micros: left.micros - right.micros };
      return opaque('subtracting a datetime from a timedelta raises TypeError');
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (left.kind !== right.kind) return { kind: 'bool', value: operator === '!=' };
      const a = left.micros;
      const b = right.micros;
      const result = operator === '==' ? a === b && (left.kind !== 'datetime' || left.dateOnly === (right as DateTimeValue).dateOnly) : operator === '!=' ? a !== b : operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
      return { kind: 'bool', value: result };
    }
    default:
      return opaque(`unsupported operation ${operator} on a ${left.kind}`);
  }
}
