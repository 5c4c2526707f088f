/**
 * More of Python's str methods, as CPython computes them: searching (`find`, `rfind`, `index`,
 * `rindex`, `count`, `startswith`, `endswith` with a tuple and start/end, which counted only
 * without them: `"abc".startswith("b", 1)` was False), padding (`zfill`, `ljust`, `rjust`,
 * `center`), `partition`, `removeprefix`, and the case methods (`title`, `capitalize`,
 * `swapcase`, `casefold`, the `is...` tests). Positions count code points, as Python's do. The case
 * methods are followed on ASCII text only: Unicode case mapping has special cases (titlecase
 * digraphs, final sigma, `ß`) the engine does not reproduce.
 */
import type { CallArgs } from './args';
import { isPythonSpace } from '../../common/pythonStrip';
import { opaque, raising, str, type Value } from './values';
import { intArgument } from './intArgument';

type Method = (text: string, args: CallArgs) => Value;

const ASCII = /^[\x00-\x7f]*$/;

/** A str method's start, end or width: None counts as not given, as CPython's slice arguments do. */
function integerArgument(value: Value | undefined): number | undefined | null {
  return value?.kind === 'none' ? undefined : intArgument(value);
}

/** CPython's ADJUST_INDICES of start and end over `length` code points; null when one is not an int. */
function bounds(args: CallArgs, from: number, length: number): { start: number; end: number } | null {
  const start = integerArgument(args.positional[from]?.value);
  const end = integerArgument(args.positional[from + 1]?.value);
  if (start === null || end === null) return null;
  let first = start ?? 0;
  let last = end ?? length;
  if (last > length) last = length;
  else if (last < 0) last = Math.max(0, last + length);
  if (first < 0) first = Math.max(0, first + length);
  return { start: first, end: last };
}

/** The strings a prefix/suffix argument names: a str, or a tuple of them. */
function affixes(value: Value | undefined): string[] | undefined {
  if (value?.kind === 'str') return [value.value];
  if (value?.kind === 'seq' && value.tuple && value.items.every((item) => item.kind === 'str')) return value.items.map((item) => (item as { value: string }).value);
  return undefined;
}

function plainArguments(args: CallArgs, most: number): boolean {
  return !args.unknownSplat && args.keywords.size === 0 && args.positional.length <= most;
}

function affixMatch(name: 'startswith' | 'endswith'): Method {
  return (text, args) => {
    const wanted = affixes(args.positional[0]?.value);
    const points = Array.from(text);
    const range = bounds(args, 1, points.length);
    if (!plainArguments(args, 3) || !wanted || !range) return opaque(`str.${name}() of values the engine does not follow`);
    const { start, end } = range;
    const found = wanted.some((affix) => {
      const length = Array.from(affix).length;
      if (start > points.length || end - start < length) return false;
      const at = name === 'startswith' ? start : end - length;
      return points.slice(at, at + length).join('') === affix;
    });
    return { kind: 'bool', value: found };
  };
}

/** find / rfind / index / rindex: the code point position of `sub` within start..end, -1 (or ValueError) when absent. */
function search(name: 'find' | 'rfind' | 'index' | 'rindex'): Method {
  return (text, args) => {
    const sub = args.positional[0]?.value;
    const points = Array.from(text);
    const range = bounds(args, 1, points.length);
    if (!plainArguments(args, 3) || sub?.kind !== 'str' || !range) return opaque(`str.${name}() of values the engine does not follow`);
    const needle = Array.from(sub.value);
    let found = -1;
    if (range.start <= points.length) {
      const last = range.end - needle.length;
      const matchesAt = (at: number): boolean => needle.every((point, offset) => points[at + offset] === point);
      if (name === 'find' || name === 'index') {
        for (let at = range.start; at <= last; at++) if (matchesAt(at)) { found = at; break; }
      } else {
        for (let at = last; at >= range.start; at--) if (matchesAt(at)) { found = at; break; }
      }
    }
    if (found < 0 && (name === 'index' || name === 'rindex')) return raising('substring not found: Python raises ValueError');
    return { kind: 'num', value: found };
  };
}

function count(text: string, args: CallArgs): Value {
  const sub = args.positional[0]?.value;
  const points = Array.from(text);
  const range = bounds(args, 1, points.length);
  if (!plainArguments(args, 3) || sub?.kind !== 'str' || !range) return opaque('str.count() of values the engine does not follow');
  if (range.start > points.length) return { kind: 'num', value: 0 };
  const window = points.slice(range.start, Math.max(range.start, range.end)).join('');
  if (sub.value === '') return { kind: 'num', value: Array.from(window).length + 1 };
  return { kind: 'num', value: window.split(sub.value).length - 1 };
}

/** ljust / rjust / center / zfill: `width` code points, padded with one fill character. */
function pad(name: 'ljust' | 'rjust' | 'center' | 'zfill'): Method {
  return (text, args) => {
    const width = integerArgument(args.positional[0]?.value);
    const fillValue = args.positional[1]?.value;
    const fill = name === 'zfill' ? '0' : fillValue === undefined ? ' ' : fillValue.kind === 'str' ? fillValue.value : undefined;
    if (!plainArguments(args, name === 'zfill' ? 1 : 2) || width === null || width === undefined || fill === undefined) return opaque(`str.${name}() of values the engine does not follow`);
    if (Array.from(fill).length !== 1) return raising('The fill character must be exactly one character long: Python raises TypeError');
    const length = Array.from(text).length;
    const margin = width - length;
    if (margin <= 0) return str(text);
    if (name === 'ljust') return str(text + fill.repeat(margin));
    if (name === 'rjust') return str(fill.repeat(margin) + text);
    if (name === 'zfill') return str(text[0] === '+' || text[0] === '-' ? text[0] + '0'.repeat(margin) + text.slice(1) : '0'.repeat(margin) + text);
    // CPython's center: the odd character goes left when the width is odd.
    const left = Math.floor(margin / 2) + (margin & width & 1);
    return str(fill.repeat(left) + text + fill.repeat(margin - left));
  };
}

function partition(name: 'partition' | 'rpartition'): Method {
  return (text, args) => {
    const sep = args.positional[0]?.value;
    if (!plainArguments(args, 1) || sep?.kind !== 'str') return opaque(`str.${name}() of values the engine does not follow`);
    if (sep.value === '') return raising('empty separator: Python raises ValueError');
    const at = name === 'partition' ? text.indexOf(sep.value) : text.lastIndexOf(sep.value);
    const parts = at < 0 ? (name === 'partition' ? [text, '', ''] : ['', '', text]) : [text.slice(0, at), sep.value, text.slice(at + sep.value.length)];
    return { kind: 'seq', items: parts.map(str), tuple: true };
  };
}

function affixRemoval(name: 'removeprefix' | 'removesuffix'): Method {
  return (text, args) => {
    const affix = args.positional[0]?.value;
    if (!plainArguments(args, 1) || affix?.kind !== 'str') return opaque(`str.${name}() of values the engine does not follow`);
    if (affix.value === '') return str(text);
    if (name === 'removeprefix') return str(text.startsWith(affix.value) ? text.slice(affix.value.length) : text);
    return str(text.endsWith(affix.value) ? text.slice(0, text.length - affix.value.length) : text);
  };
}

const isCased = (char: string): boolean => /[A-Za-z]/.test(char);

/** A case method on ASCII text; other text is left unknown (see the file's comment). */
function asciiCase(name: string, change: (text: string) => Value): Method {
  return (text, args) => {
    if (!plainArguments(args, 0)) return opaque(`str.${name}() with arguments`);
    if (!ASCII.test(text)) return opaque(`str.${name}() of text beyond ASCII, whose case mapping the engine does not reproduce`);
    return change(text);
  };
}

function title(text: string): Value {
  let previousCased = false;
  let out = '';
  for (const char of text) {
    out += isCased(char) ? (previousCased ? char.toLowerCase() : char.toUpperCase()) : char;
    previousCased = isCased(char);
  }
  return str(out);
}

/** str.isupper() / islower(): at least one cased character, and none of the other case. */
function caseTest(upper: boolean): (text: string) => Value {
  return (text) => {
    const cased = [...text].filter(isCased);
    return { kind: 'bool', value: cased.length > 0 && cased.every((char) => (upper ? char === char.toUpperCase() : char === char.toLowerCase())) };
  };
}

const allOf = (test: RegExp) => (text: string): Value => ({ kind: 'bool', value: text.length > 0 && [...text].every((char) => test.test(char)) });

export const STRING_METHODS: Record<string, Method> = {
  startswith: affixMatch('startswith'),
  endswith: affixMatch('endswith'),
  find: search('find'),
  rfind: search('rfind'),
  index: search('index'),
  rindex: search('rindex'),
  count,
  ljust: pad('ljust'),
  rjust: pad('rjust'),
  center: pad('center'),
  zfill: pad('zfill'),
  partition: partition('partition'),
  rpartition: partition('rpartition'),
  removeprefix: affixRemoval('removeprefix'),
  removesuffix: affixRemoval('removesuffix'),
  title: asciiCase('title', title),
  capitalize: asciiCase('capitalize', (text) => str(text.slice(0, 1).toUpperCase() + text.slice(1).toLowerCase())),
  swapcase: asciiCase('swapcase', (text) => str([...text].map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join(''))),
  casefold: asciiCase('casefold', (text) => str(text.toLowerCase())),
  isupper: asciiCase('isupper', caseTest(true)),
  islower: asciiCase('islower', caseTest(false)),
  isdigit: asciiCase('isdigit', allOf(/[0-9]/)),
  isdecimal: asciiCase('isdecimal', allOf(/[0-9]/)),
  isnumeric: asciiCase('isnumeric', allOf(/[0-9]/)),
  isalpha: asciiCase('isalpha', allOf(/[A-Za-z]/)),
  isalnum: asciiCase('isalnum', allOf(/[A-Za-z0-9]/)),
  isspace: (text, args) => (plainArguments(args, 0) ? { kind: 'bool', value: text.length > 0 && [...text].every(isPythonSpace) } : opaque('str.isspace() with arguments')),
};
