/**
 * The standard-library functions migrations call on literal data, evaluated as Python does:
 * `textwrap.dedent` (SQL written as an indented triple-quoted string), the logging levels, `json.dumps` of literal
 * data (jsonDumps.ts), `json.loads` / `json.load` of a string or an open file (jsonLoads.ts), `distutils.util.strtobool`, `typing.cast` (its value, unchanged), `itertools.product` and `chain` of
 * literal lists, the `datetime`
 * constructors of literal dates (datetimes.ts) and `decimal.Decimal` of a literal (decimals.ts). Everything else from the
 * standard library stays a value known only at run time (the caller says so).
 */
import type { CallArgs } from './args';
import { buildDateTime, buildTime, buildTimeDelta, combineDateTime, dateTimeConstant, utcFromTimestamp } from './datetimes';
import { buildTimeZone, namedZone, zoneInfo } from './timeZones';
import { fromIsoFormat } from './isoFormatParsing';
import { buildDecimal } from './decimals';
import { jsonDumps } from './jsonDumps';
import { jsonLoads } from './jsonLoads';
import { readRestOf } from './fileReads';
import { str, type Value } from './values';

type StdlibFunction = (args: CallArgs) => Value | undefined;

const FUNCTIONS: Record<string, StdlibFunction> = {
  'datetime.datetime': (args) => buildDateTime(args, false),
  'datetime.date': (args) => buildDateTime(args, true),
  'datetime.timedelta': (args) => buildTimeDelta(args),
  'datetime.time': (args) => buildTime(args),
  'datetime.timezone': (args) => buildTimeZone(args),
  'zoneinfo.ZoneInfo': (args) => zoneInfo(args),
  'decimal.Decimal': (args) => buildDecimal(args),
  'datetime.datetime.utcfromtimestamp': (args) => utcFromTimestamp(args),
  'datetime.datetime.combine': (args) => combineDateTime(args),
  'datetime.datetime.fromisoformat': (args) => fromIsoFormat(args, 'datetime'),
  'datetime.date.fromisoformat': (args) => fromIsoFormat(args, 'date'),
  'datetime.time.fromisoformat': (args) => fromIsoFormat(args, 'time'),
  'json.dumps': (args) => {
    const value = args.positional[0]?.value;
    const text = value && args.positional.length === 1 && args.keywords.size === 0 ? jsonDumps(value) : undefined;
    return text === undefined ? undefined : str(text);
  },
  // Data kept in a JSON file or string (`rows = json.load(f)` then `op.bulk_insert(table, rows)`).
  'json.loads': (args) => {
    const text = args.positional[0]?.value;
    return text?.kind === 'str' && args.positional.length === 1 && args.keywords.size === 0 ? jsonLoads(text.value) : undefined;
  },
  'json.load': (args) => {
    const file = args.positional[0]?.value;
    return file?.kind === 'textFile' && args.positional.length === 1 && args.keywords.size === 0 ? jsonLoads(readRestOf(file)) : undefined;
  },
  // `distutils.util.strtobool(value)` (Python 3.11 and before): 1 or 0 for the words it knows, else ValueError.
  'distutils.util.strtobool': (args) => {
    const text = args.positional[0]?.value;
    if (text?.kind !== 'str' || args.positional.length !== 1 || args.keywords.size > 0) return undefined;
    const word = text.value.toLowerCase();
    if (['y', 'yes', 't', 'true', 'on', '1'].includes(word)) return { kind: 'num', value: 1 };
    if (['n', 'no', 'f', 'false', 'off', '0'].includes(word)) return { kind: 'num', value: 0 };
    return undefined;
  },
  'uuid.UUID': (args) => {
    // Python's UUID(hex): braces, hyphens and a `urn:uuid:` prefix are dropped; 32 hex digits remain.
    const text = args.positional[0]?.value;
    if (text?.kind !== 'str' || args.positional.length !== 1 || args.keywords.size > 0) return undefined;
    const hex = text.value.replace(/urn:/g, '').replace(/uuid:/g, '').replace(/^[{}]+|[{}]+$/g, '').replace(/-/g, '');
    return /^[0-9a-fA-F]{32}$/.test(hex) ? { kind: 'uuid', hex: hex.toLowerCase() } : undefined;
  },
  // `typing.cast(T, value)` gives `value` back unchanged (pfml wraps a Sequence in it).
  'typing.cast': (args) => {
    const value = args.positional[1]?.value ?? args.keywords.get('val')?.value;
    return args.positional.length + args.keywords.size === 2 ? value : undefined;
  },
  // Loops over every pair of two literal lists (pass-culture drops each trigger on each table).
  'itertools.product': (args) => {
    const repeat = args.keywords.get('repeat')?.value;
    if ([...args.keywords.keys()].some((key) => key !== 'repeat') || (repeat !== undefined && (repeat.kind !== 'num' || !Number.isInteger(repeat.value) || repeat.value < 0))) return undefined;
    const pools = args.positional.map((arg) => literalItems(arg.value));
    if (pools.some((pool) => pool === undefined)) return undefined;
    const times = repeat?.kind === 'num' ? repeat.value : 1;
    const all = Array.from({ length: times }, () => pools as Value[][]).flat();
    let result: Value[][] = [[]];
    for (const pool of all) {
      result = result.flatMap((prefix) => pool.map((item) => [...prefix, item]));
      if (result.length > PRODUCT_LIMIT) return undefined;
    }
    return { kind: 'seq', items: result.map((items): Value => ({ kind: 'seq', items, tuple: true })), tuple: false };
  },
  'itertools.chain': (args) => {
    if (args.keywords.size > 0) return undefined;
    const pools = args.positional.map((arg) => literalItems(arg.value));
    return pools.some((pool) => pool === undefined) ? undefined : { kind: 'seq', items: (pools as Value[][]).flat(), tuple: false };
  },
  'textwrap.dedent': (args) => {
    const text = args.positional[0]?.value;
    return text?.kind === 'str' && args.positional.length === 1 && args.keywords.size === 0 ? str(dedent(text.value)) : undefined;
  },
};

/** More combinations than any migration loops over: the engine declines rather than build them. */
const PRODUCT_LIMIT = 10_000;

/** The items a literal iterable gives, in order (a dict's keys, a string's characters). */
function literalItems(value: Value): Value[] | undefined {
  if (value.kind === 'seq') return value.items;
  if (value.kind === 'str') return [...value.value].map(str);
  if (value.kind === 'dict') return value.entries.map((entry) => entry.key);
  return undefined;
}

/** The logging module's levels: fixed numbers (canonical/maas formats `loglevel_info=logging.INFO` into its SQL). */
const LOGGING_LEVELS: Readonly<Record<string, number>> = {
  'logging.NOTSET': 0,
  'logging.DEBUG': 10,
  'logging.INFO': 20,
  'logging.WARN': 30,
  'logging.WARNING': 30,
  'logging.ERROR': 40,
  'logging.CRITICAL': 50,
  'logging.FATAL': 50,
};

/** The value of a standard-library constant the engine knows by its qualified name, or undefined. */
export function stdlibConstant(qname: string): Value | undefined {
  // `datetime.timezone.utc`, `datetime.UTC`, `timezone.min` / `max`: fixed-offset zones; `time.min`, `date.max` and the like.
  const zone = namedZone(qname) ?? dateTimeConstant(qname);
  if (zone) return zone;
  const level = LOGGING_LEVELS[qname];
  return level === undefined ? undefined : { kind: 'num', value: level };
}

/** The value of a modelled standard-library call, or undefined (the caller keeps its reason). */
export function callStdlib(qname: string, args: CallArgs): Value | undefined {
  if (args.unknownSplat) return undefined;
  return FUNCTIONS[qname]?.(args);
}

/**
 * Python's textwrap.dedent: lines of only spaces and tabs become empty, then the longest run of
 * leading whitespace common to every other line (compared character by character, so a tab and
 * spaces do not match) is removed.
 */
export function dedent(text: string): string {
  const normalized = text.replace(/^[ \t]+$/gm, '');
  let margin: string | undefined;
  for (const match of normalized.matchAll(/^([ \t]*)[^ \t\n]/gm)) {
    const indent = match[1];
    if (margin === undefined) margin = indent;
    else if (indent.startsWith(margin)) continue;
    else if (margin.startsWith(indent)) margin = indent;
    else {
      let common = 0;
      while (common < margin.length && common < indent.length && margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  if (!margin) return normalized;
  const prefix = margin;
  return normalized
    .split('\n')
    .map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line))
    .join('\n');
}
