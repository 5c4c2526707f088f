/**
 * The standard-library functions migrations call on literal data, evaluated as Python does:
 * `textwrap.dedent` (SQL written as an indented triple-quoted string), `json.dumps` of literal
 * data (jsonDumps.ts), `typing.cast` (its value, unchanged) and the `datetime`
 * constructors of literal dates (datetimes.ts). Everything else from the
 * standard library stays a value known only at run time (the caller says so).
 */
import type { CallArgs } from './args';
import { buildDateTime, buildTimeDelta, utcFromTimestamp } from './datetimes';
import { jsonDumps } from './jsonDumps';
import { str, type Value } from './values';

type StdlibFunction = (args: CallArgs) => Value | undefined;

const FUNCTIONS: Record<string, StdlibFunction> = {
  'datetime.datetime': (args) => buildDateTime(args, false),
  'datetime.date': (args) => buildDateTime(args, true),
  'datetime.timedelta': (args) => buildTimeDelta(args),
  'datetime.datetime.utcfromtimestamp': (args) => utcFromTimestamp(args),
  'json.dumps': (args) => {
    const value = args.positional[0]?.value;
    const text = value && args.positional.length === 1 && args.keywords.size === 0 ? jsonDumps(value) : undefined;
    return text === undefined ? undefined : str(text);
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
  'textwrap.dedent': (args) => {
    const text = args.positional[0]?.value;
    return text?.kind === 'str' && args.positional.length === 1 && args.keywords.size === 0 ? str(dedent(text.value)) : undefined;
  },
};

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
