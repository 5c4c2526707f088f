/**
 * `datetime.datetime(2016, 6, 20)`, `datetime.date(...)`, `datetime.time(...)`,
 * `datetime.timedelta(...)` built from literals, their arithmetic (`+`, `-`, comparisons) and the
 * methods migrations call on them (`toordinal`, `isoformat`, `strftime`, `date`, `time`,
 * `replace(tzinfo=)`, `astimezone`, `combine`, `utcfromtimestamp`), naive or aware of a fixed
 * UTC offset (timeZones.ts). Anything that depends on the clock, the local time zone or the tz
 * database (`now()`, `today()`, `fromtimestamp()`, `ZoneInfo("Europe/Paris")`) stays a value
 * known only at run time. Values are kept as whole microseconds (a BigInt: year 9999 does not fit
 * a double's integers) of the wall clock from 1970-01-01 (a time's from midnight).
 */
import type { CallArgs } from './args';
import type { TemporalLiteral } from '../ops';
import { NONE, opaque, raising, str, type Value } from './values';
import { formatOffset, zoneArgument, type FixedZone } from './timeZones';
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

/**
 * `datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)`
 * and `date(year, month, day)`. A fixed-offset tzinfo (timeZones.ts) makes an aware datetime,
 * which prints its UTC offset; `fold` changes nothing a fixed offset prints.
 */
export function buildDateTime(args: CallArgs, dateOnly: boolean): Value {
  const what = dateOnly ? 'date' : 'datetime';
  const names = dateOnly ? DATE_FIELDS : [...DATE_FIELDS, ...TIME_FIELDS];
  if (args.unknownSplat) return opaque(`${what}() of values known only at run time`);
  const extra = signatureError(args, what, names, !dateOnly);
  if (extra) return extra;
  const parts = names.map((name, index) => integer(argument(args, index, name), index < 3 ? undefined : 0));
  if (parts.some((part) => part === undefined)) return opaque(`${what}() of values known only at run time`);
  const [year, month, day, hour = 0, minute = 0, second = 0, micro = 0] = parts as number[];
  if (!validDate(year, month, day) || !validClock(hour, minute, second, micro)) return raising(`${what}() of an invalid date: Python raises ValueError`);
  const zone = dateOnly ? {} : zoneArgument(argument(args, 7, 'tzinfo'));
  if ('stop' in zone) return zone.stop;
  const days = daysFromCivil(year, month, day);
  const micros = days * DAY + clockMicros(hour, minute, second, micro);
  return { kind: 'datetime', micros, dateOnly, ...(zone.zone ? { zone: zone.zone } : {}) };
}

/** `time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)`: a time of day, naive or of a fixed offset. */
export function buildTime(args: CallArgs): Value {
  if (args.unknownSplat) return opaque('time() of values known only at run time');
  const extra = signatureError(args, 'time', TIME_FIELDS, true);
  if (extra) return extra;
  const parts = TIME_FIELDS.map((name, index) => integer(argument(args, index, name), 0));
  if (parts.some((part) => part === undefined)) return opaque('time() of values known only at run time');
  const [hour, minute, second, micro] = parts as number[];
  if (!validClock(hour, minute, second, micro)) return raising('time() of an invalid time: Python raises ValueError');
  const zone = zoneArgument(argument(args, 4, 'tzinfo'));
  if ('stop' in zone) return zone.stop;
  return { kind: 'datetime', micros: clockMicros(hour, minute, second, micro), dateOnly: false, timeOnly: true, ...(zone.zone ? { zone: zone.zone } : {}) };
}

const DATE_FIELDS = ['year', 'month', 'day'];
const TIME_FIELDS = ['hour', 'minute', 'second', 'microsecond'];

/**
 * Python's TypeError for arguments the constructor does not take (a date has no tzinfo), and
 * ValueError for a fold other than 0 or 1; undefined when the call's shape is Python's.
 */
function signatureError(args: CallArgs, what: string, names: readonly string[], aware: boolean): Value | undefined {
  const positional = names.length + (aware ? 1 : 0);
  const keywords = new Set([...names, ...(aware ? ['tzinfo', 'fold'] : [])]);
  if (args.positional.length > positional) return raising(`${what}() takes at most ${positional} positional arguments (Python raises TypeError)`);
  const unknown = [...args.keywords.keys()].find((key) => !keywords.has(key));
  if (unknown !== undefined) return raising(`'${unknown}' is an invalid keyword argument for ${what}() (Python raises TypeError)`);
  const fold = args.keywords.get('fold')?.value;
  if (fold === undefined) return undefined;
  if (fold.kind !== 'num' || !Number.isInteger(fold.value)) return fold.kind === 'opaque' ? fold : opaque(`${what}() of a fold the engine does not read`);
  return fold.value === 0 || fold.value === 1 ? undefined : raising('fold must be either 0 or 1 (Python raises ValueError)');
}

/**
 * A date, datetime or time from its fields as Python's constructors check them (ValueError for
 * a day or clock out of range), for the parsers of its text (isoFormatParsing.ts).
 */
export function dateTimeOfFields(flavour: 'date' | 'datetime' | 'time', fields: { year?: number; month?: number; day?: number; hour?: number; minute?: number; second?: number; micro?: number }, zone?: FixedZone): Value {
  const { year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0 } = fields;
  if (!validDate(year, month, day) || !validClock(hour, minute, second, micro)) return raising(`${flavour}.fromisoformat() of a date or time out of range: Python raises ValueError`);
  const clock = clockMicros(hour, minute, second, micro);
  if (flavour === 'time') return { kind: 'datetime', micros: clock, dateOnly: false, timeOnly: true, ...(zone ? { zone } : {}) };
  const micros = daysFromCivil(year, month, day) * DAY + clock;
  return { kind: 'datetime', micros, dateOnly: flavour === 'date', ...(zone && flavour === 'datetime' ? { zone } : {}) };
}

function validClock(hour: number, minute: number, second: number, micro: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59 && micro <= 999_999 && Math.min(hour, minute, second, micro) >= 0;
}

function clockMicros(hour: number, minute: number, second: number, micro: number): bigint {
  return BigInt((hour * 60 + minute) * 60 + second) * MICRO + BigInt(micro);
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

/**
 * `datetime.combine(date, time, tzinfo=time.tzinfo)`: the date's day at the time's clock, aware
 * when the time is or a zone is given. A datetime given as the date gives its date part.
 */
export function combineDateTime(args: CallArgs): Value {
  const day = argument(args, 0, 'date');
  const clock = argument(args, 1, 'time');
  if (args.unknownSplat || day === undefined || clock === undefined) return opaque('combine() of values known only at run time');
  for (const part of [day, clock]) if (part.kind === 'opaque') return part;
  if (day.kind !== 'datetime' || day.timeOnly || clock.kind !== 'datetime' || !clock.timeOnly) return raising('combine() takes a date and a time (Python raises TypeError)');
  const given = args.keywords.get('tzinfo')?.value ?? args.positional[2]?.value;
  const zone = given === undefined ? { zone: clock.zone } : zoneArgument(given);
  if ('stop' in zone) return zone.stop;
  const micros = floorDiv(day.micros, DAY) * DAY + clock.micros;
  return { kind: 'datetime', micros, dateOnly: false, ...(zone.zone ? { zone: zone.zone } : {}) };
}

/** The earliest and latest values of `date`, `datetime` and `time` (`datetime.time.min`, `date.max`), by qualified name. */
const DATE_TIME_CONSTANTS: ReadonlyMap<string, Value> = (() => {
  const lastClock = DAY - 1n;
  const first = daysFromCivil(1, 1, 1) * DAY;
  const last = daysFromCivil(9999, 12, 31) * DAY;
  return new Map<string, Value>([
    ['datetime.date.min', { kind: 'datetime', micros: first, dateOnly: true }],
    ['datetime.date.max', { kind: 'datetime', micros: last, dateOnly: true }],
    ['datetime.datetime.min', { kind: 'datetime', micros: first, dateOnly: false }],
    ['datetime.datetime.max', { kind: 'datetime', micros: last + lastClock, dateOnly: false }],
    ['datetime.time.min', { kind: 'datetime', micros: 0n, dateOnly: false, timeOnly: true }],
    ['datetime.time.max', { kind: 'datetime', micros: lastClock, dateOnly: false, timeOnly: true }],
  ]);
})();

export function dateTimeConstant(qname: string): Value | undefined {
  return DATE_TIME_CONSTANTS.get(qname);
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
  // A time's strftime() reads its date fields as 1900-01-01.
  const date = value.timeOnly ? new Date(Date.UTC(1900, 0, 1)) : new Date(Number(days) * 86_400_000);
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

/** Python's `str()` of a date, datetime, time or timedelta. */
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

/** A date, datetime, time or timedelta as a bound value holds it (ops.ts TemporalLiteral). */
export function temporalLiteral(value: DateTimeValue | TimeDeltaValue): TemporalLiteral {
  if (value.kind === 'timedelta') return { $temporal: 'timedelta', iso: '', totalSeconds: Number(value.micros) / 1e6 };
  return { $temporal: value.dateOnly ? 'date' : value.timeOnly ? 'time' : 'datetime', iso: isoFormat(value, 'T'), ...(value.zone ? { aware: true as const } : {}) };
}

/** Python's isoformat(): a time's clock alone, and an aware value's UTC offset after the clock. */
function isoFormat(value: DateTimeValue, separator: string): string {
  const parts = civil(value);
  if (value.dateOnly) return pythonDate(parts);
  const clock = pythonDateTime(parts, separator);
  const text = value.timeOnly ? clock.slice(clock.indexOf(separator) + separator.length) : clock;
  return value.zone ? text + formatOffset(value.zone.offsetMicros) : text;
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

/** Methods and attributes of dates, datetimes, times and timedeltas; undefined when not modelled. */
export function dateTimeMethod(value: DateTimeValue | TimeDeltaValue, name: string, args: CallArgs): Value | undefined {
  if (value.kind === 'timedelta') {
    if (name === 'total_seconds') return { kind: 'num', value: Number(value.micros) / 1e6 };
    return undefined;
  }
  switch (name) {
    case 'toordinal':
      return value.timeOnly ? undefined : { kind: 'num', value: Number(floorDiv(value.micros, DAY) + EPOCH_ORDINAL) };
    case 'isoformat': {
      // A time's first parameter is timespec, not a separator.
      if (value.timeOnly) return args.positional.length === 0 && args.keywords.size === 0 ? str(isoFormat(value, 'T')) : undefined;
      const separator = argument(args, 0, 'sep');
      if (separator !== undefined && separator.kind !== 'str') return undefined;
      return str(isoFormat(value, separator?.kind === 'str' ? separator.value : 'T'));
    }
    case 'date':
      return value.dateOnly || value.timeOnly ? undefined : { kind: 'datetime', micros: floorDiv(value.micros, DAY) * DAY, dateOnly: true };
    case 'time':
    case 'timetz': {
      // The wall clock's time of day; timetz() keeps the zone, time() drops it.
      if (value.dateOnly || value.timeOnly || args.positional.length > 0 || args.keywords.size > 0) return undefined;
      const clock = value.micros - floorDiv(value.micros, DAY) * DAY;
      return { kind: 'datetime', micros: clock, dateOnly: false, timeOnly: true, ...(name === 'timetz' && value.zone ? { zone: value.zone } : {}) };
    }
    case 'utcoffset':
      if (value.dateOnly || args.positional.length > 0 || args.keywords.size > 0) return undefined;
      return value.zone ? { kind: 'timedelta', micros: value.zone.offsetMicros } : NONE;
    case 'replace':
      return replacedZone(value, args);
    case 'astimezone':
      return convertedZone(value, args);
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

/** `value.replace(tzinfo=...)`: the same wall clock, made aware (or naive with None); other fields are not followed. */
function replacedZone(value: DateTimeValue, args: CallArgs): Value | undefined {
  if (value.dateOnly || args.positional.length > 0 || args.keywords.size !== 1 || !args.keywords.has('tzinfo')) return undefined;
  const zone = zoneArgument(args.keywords.get('tzinfo')?.value);
  if ('stop' in zone) return zone.stop;
  const { zone: _dropped, ...naive } = value;
  return zone.zone ? { ...naive, zone: zone.zone } : naive;
}

/**
 * `aware.astimezone(tz)`: the same instant on the other zone's wall clock. A naive datetime (or
 * no argument) is read in the local time zone of the machine running Alembic: not known.
 */
function convertedZone(value: DateTimeValue, args: CallArgs): Value | undefined {
  if (value.dateOnly || value.timeOnly || args.positional.length + args.keywords.size !== 1) return undefined;
  if (!value.zone) return opaque('astimezone() of a naive datetime reads the local time zone where Alembic runs');
  const zone = zoneArgument(args.positional[0]?.value ?? args.keywords.get('tz')?.value);
  if ('stop' in zone) return zone.stop;
  if (!zone.zone) return opaque('astimezone() without a time zone converts to the local time zone where Alembic runs');
  return { ...value, micros: value.micros - value.zone.offsetMicros + zone.zone.offsetMicros, zone: zone.zone };
}

export function dateTimeAttribute(value: DateTimeValue | TimeDeltaValue, name: string): Value | undefined {
  if (value.kind === 'timedelta') {
    const days = floorDiv(value.micros, DAY);
    if (name === 'days') return { kind: 'num', value: Number(days) };
    if (name === 'seconds') return { kind: 'num', value: Number((value.micros - days * DAY) / MICRO) };
    if (name === 'microseconds') return { kind: 'num', value: Number((value.micros - days * DAY) % MICRO) };
    return undefined;
  }
  if (name === 'tzinfo' && !value.dateOnly) return value.zone ? { kind: 'tzinfo', zone: value.zone } : NONE;
  const parts = civil(value);
  const known: Record<string, number> = {};
  if (!value.timeOnly) Object.assign(known, { year: parts.year, month: parts.month, day: parts.day });
  if (!value.dateOnly) Object.assign(known, { hour: parts.hour, minute: parts.minute, second: parts.second, microsecond: parts.microsecond });
  return name in known ? { kind: 'num', value: known[name] } : undefined;
}

type Flavour = 'date' | 'datetime' | 'time';
const flavour = (value: DateTimeValue): Flavour => (value.dateOnly ? 'date' : value.timeOnly ? 'time' : 'datetime');

/** The instant an aware value stands for (UTC microseconds), or its wall clock when naive. */
const instant = (value: DateTimeValue): bigint => (value.zone ? value.micros - value.zone.offsetMicros : value.micros);

/** `+`, `-` and comparisons between dates, datetimes, times and timedeltas; undefined when not one of them. */
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
  if (left.kind === 'datetime' && right.kind === 'datetime' && flavour(left) !== flavour(right) && operator !== '==' && operator !== '!=') {
    return opaque(`${operator} between a ${flavour(left)} and a ${flavour(right)} raises TypeError`);
  }
  const times = [left, right].filter((value): value is DateTimeValue => value.kind === 'datetime');
  if (times.some((value) => value.timeOnly) && (operator === '+' || operator === '-')) return raising(`${operator} with a datetime.time raises TypeError`);
  // Naive and aware values: equality is False, ordering and subtraction raise TypeError.
  const mixed = times.length === 2 && flavour(times[0]) === flavour(times[1]) && !times[0].zone !== !times[1].zone;
  if (mixed && (operator === '==' || operator === '!=')) return { kind: 'bool', value: operator === '!=' };
  if (mixed) return raising(`${operator} between offset-naive and offset-aware values raises TypeError`);
  switch (operator) {
    case '+':
      if (left.kind === 'datetime' && right.kind === 'datetime') return opaque('adding two datetimes raises TypeError');
      if (left.kind === 'datetime' || right.kind === 'datetime') {
        const base = (left.kind === 'datetime' ? left : right) as DateTimeValue;
        const delta = left.kind === 'timedelta' ? left : (right as TimeDeltaValue);
        // A date plus a timedelta keeps only whole days.
        const micros = base.dateOnly ? base.micros + floorDiv(delta.micros, DAY) * DAY : base.micros + delta.micros;
        return { ...base, micros };
      }
      return { kind: 'timedelta', micros: left.micros + right.micros };
    case '-':
      if (left.kind === 'datetime' && right.kind === 'datetime') return { kind: 'timedelta', micros: instant(left) - instant(right) };
      if (left.kind === 'datetime' && right.kind === 'timedelta') {
        // A date minus a timedelta subtracts only its whole days (timedelta.days), as Python does.
        const micros = left.dateOnly ? left.micros - floorDiv(right.micros, DAY) * DAY : left.micros - right.micros;
        return { ...left, micros };
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
      const a = left.kind === 'datetime' ? instant(left) : left.micros;
      const b = right.kind === 'datetime' ? instant(right) : right.micros;
      const sameFlavour = left.kind !== 'datetime' || flavour(left) === flavour(right as DateTimeValue);
      const result = operator === '==' ? a === b && sameFlavour : operator === '!=' ? a !== b || !sameFlavour : operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
      return { kind: 'bool', value: result };
    }
    default:
      return opaque(`unsupported operation ${operator} on a ${left.kind}`);
  }
}
