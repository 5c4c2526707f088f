/**
 * `datetime.fromisoformat(text)`, `date.fromisoformat(text)` and `time.fromisoformat(text)` of a
 * literal string, for the ISO 8601 forms every Python since 3.7 reads alike: `YYYY-MM-DD`, then
 * `T` or a space and `HH[:MM[:SS[.fff|.ffffff]]]`, then `Z` (3.11), or `+HH:MM[:SS[.ffffff]]`. Other
 * spellings Python 3.11 also reads (basic `YYYYMMDD`, week dates, other separators, other
 * fraction lengths) stay values known only at run time rather than guessed.
 */
import { dateTimeOfFields } from './datetimes';
import type { CallArgs } from './args';
import type { FixedZone } from './timeZones';
import { opaque, raising, type Value } from './values';

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const CLOCK = String.raw`(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{3}|\d{6}))?)?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{6})?)?)?`;

const FORMS = {
  date: new RegExp(`^${DATE}$`),
  datetime: new RegExp(`^${DATE}(?:[T ]${CLOCK}${ZONE})?$`),
  time: new RegExp(`^${CLOCK}${ZONE}$`),
} as const;

const MICRO = 1_000_000n;
const DAY = 86_400n * MICRO;

/** `+05:30`, `-02:30:15.000007` or `Z` as a fixed zone; a raising value for 24 hours or more. */
function zoneOf(text: string): FixedZone | Value {
  if (text === 'Z') return { offsetMicros: 0n };
  const [hours, minutes, seconds = '0'] = text.slice(1).split(':');
  const [whole, fraction = '0'] = seconds.split('.');
  const size = ((BigInt(hours) * 60n + BigInt(minutes)) * 60n + BigInt(whole)) * MICRO + BigInt(fraction.padEnd(6, '0'));
  if (BigInt(minutes) > 59n || BigInt(whole) > 59n || size >= DAY) return raising(`fromisoformat() of an offset out of range (${text}): Python raises ValueError`);
  return { offsetMicros: text.startsWith('-') ? -size : size };
}

export function fromIsoFormat(args: CallArgs, flavour: keyof typeof FORMS): Value {
  const text = args.positional[0]?.value;
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.unknownSplat) return opaque(`${flavour}.fromisoformat() of arguments the engine does not read`);
  if (text?.kind !== 'str') return text?.kind === 'opaque' ? text : opaque(`${flavour}.fromisoformat() of a value known only at run time`);
  const match = FORMS[flavour].exec(text.value);
  if (!match) return opaque(`${flavour}.fromisoformat("${text.value}"): a spelling the engine does not read`);
  const groups = match.slice(1);
  const [year, month, day] = flavour === 'time' ? [] : groups.splice(0, 3).map(Number);
  const [hour, minute, second, fraction, zoneText] = groups;
  const zone = zoneText === undefined ? undefined : zoneOf(zoneText);
  if (zone && 'kind' in zone) return zone;
  const number = (part: string | undefined): number | undefined => (part === undefined ? undefined : Number(part));
  const micro = fraction === undefined ? undefined : Number(fraction.padEnd(6, '0'));
  return dateTimeOfFields(flavour, { year, month, day, hour: number(hour), minute: number(minute), second: number(second), micro }, zone);
}
