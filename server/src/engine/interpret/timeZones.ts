/**
 * Fixed-offset time zones, the only ones whose effect on a value is known without the tz
 * database: `datetime.timezone.utc` (and `datetime.UTC`), `timezone.min`/`max`,
 * `datetime.timezone(timedelta(...)[, name])` and `zoneinfo.ZoneInfo("UTC")`. An aware datetime
 * or time prints its UTC offset after the wall clock (`+05:30`, `-02:30:15.000007`), which is all
 * SQLAlchemy's literal processors and psycopg2 take from the zone. Zones of the tz database
 * (`ZoneInfo("Europe/Paris")`, pytz) change offset with the date and the database's release: refused.
 */
import type { CallArgs } from './args';
import { opaque, raising, type Value } from './values';

export interface FixedZone {
  /** utcoffset() in microseconds, strictly between -24 h and +24 h. */
  offsetMicros: bigint;
}

const MICRO = 1_000_000n;
const HOUR = 3600n * MICRO;
const DAY = 24n * HOUR;
/** timezone.max is 23:59 ahead of UTC, timezone.min as far behind. */
const EXTREME = DAY - 60n * MICRO;

/** The standard library's ready-made zones, read as names (`datetime.timezone.utc`). */
const NAMED_ZONES: Record<string, bigint> = {
  'datetime.timezone.utc': 0n,
  'datetime.UTC': 0n,
  'datetime.timezone.min': -EXTREME,
  'datetime.timezone.max': EXTREME,
};

/** `datetime.timezone.utc` and the like as a tzinfo value; undefined for other names. */
export function namedZone(qname: string): Value | undefined {
  const offset = NAMED_ZONES[qname];
  return offset === undefined ? undefined : { kind: 'tzinfo', zone: { offsetMicros: offset } };
}

/** `datetime.timezone(offset, name=None)`: Python's checks, in its order. */
export function buildTimeZone(args: CallArgs): Value {
  const offset = args.positional[0]?.value ?? args.keywords.get('offset')?.value;
  const name = args.positional[1]?.value ?? args.keywords.get('name')?.value;
  if (args.positional.length > 2 || [...args.keywords.keys()].some((key) => key !== 'offset' && key !== 'name')) return raising('timezone() takes an offset and a name only (Python raises TypeError)');
  if (offset === undefined) return raising('timezone() without an offset (Python raises TypeError)');
  if (offset.kind !== 'timedelta') return offset.kind === 'opaque' ? offset : raising('timezone() of an offset that is not a timedelta (Python raises TypeError)');
  if (name !== undefined && name.kind !== 'str') return name.kind === 'opaque' ? name : raising('timezone() of a name that is not a str (Python raises TypeError)');
  if (offset.micros <= -DAY || offset.micros >= DAY) return raising('timezone() of an offset not strictly between -timedelta(hours=24) and timedelta(hours=24) (Python raises ValueError)');
  return { kind: 'tzinfo', zone: { offsetMicros: offset.micros } };
}

/**
 * `zoneinfo.ZoneInfo(key)`: "UTC" is always 0 from UTC (its file in the tz database says nothing
 * else); any other key's offsets come from the database installed where Alembic runs.
 */
export function zoneInfo(args: CallArgs): Value {
  const key = args.positional[0]?.value ?? args.keywords.get('key')?.value;
  if (key?.kind === 'str' && key.value === 'UTC' && args.positional.length + args.keywords.size === 1) return { kind: 'tzinfo', zone: { offsetMicros: 0n } };
  return opaque(`zoneinfo.ZoneInfo(${key?.kind === 'str' ? JSON.stringify(key.value) : '...'}): its UTC offset comes from the tz database where Alembic runs (only "UTC" is known statically)`);
}

/**
 * The zone a `tzinfo=` argument gives: none for None (or no argument), the zone of a fixed-offset
 * tzinfo, or the value that stops the call (why the zone is not known, or that Python raises).
 */
export function zoneArgument(value: Value | undefined): { zone?: FixedZone } | { stop: Value } {
  if (value === undefined || value.kind === 'none') return {};
  if (value.kind === 'tzinfo') return { zone: value.zone };
  const named = value.kind === 'symbol' ? namedZone(value.qname) : undefined;
  if (named?.kind === 'tzinfo') return { zone: named.zone };
  if (value.kind === 'opaque') return { stop: value };
  if (value.kind === 'symbol' && /^(pytz|dateutil|pendulum|arrow)\b/.test(value.qname)) {
    return { stop: opaque(`a time zone of ${value.qname.split('.')[0]} (${value.text}): third-party time zones are not followed (their offsets come from their own copy of the tz database)`) };
  }
  if (value.kind === 'symbol') return { stop: opaque(`a time zone the engine does not model (${value.text})`) };
  return { stop: raising('tzinfo argument must be None or of a tzinfo subclass (Python raises TypeError)') };
}

const pad = (value: bigint, width: number): string => String(value).padStart(width, '0');

/** Python's offset in isoformat(): `+HH:MM`, then `:SS` and `.ffffff` only when not zero. */
export function formatOffset(offsetMicros: bigint): string {
  const sign = offsetMicros < 0n ? '-' : '+';
  const size = offsetMicros < 0n ? -offsetMicros : offsetMicros;
  const hours = size / HOUR;
  const minutes = (size % HOUR) / (60n * MICRO);
  const seconds = (size % (60n * MICRO)) / MICRO;
  const micros = size % MICRO;
  let text = `${sign}${pad(hours, 2)}:${pad(minutes, 2)}`;
  if (seconds || micros) text += `:${pad(seconds, 2)}`;
  if (micros) text += `.${pad(micros, 6)}`;
  return text;
}
