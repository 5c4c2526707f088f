/**
 * Python's `min`, `max`, `sum`, `any`, `all`, `abs`, `round` and `bool` of values the interpreter
 * knows (batch sizes, seed values, flags). Only what is exact here is followed: numbers of one
 * kind or strings for min/max, ints for sum (Python 3.12 sums floats with compensation, 3.11
 * does not), round() to an int; `key=`, `default=` and round()'s digits stay unknown.
 */
import type { CallArgs } from './args';
import { opaque, raising, truthiness, type Value } from './values';
import { compareCodePoints } from './codePointOrder';

type NumberValue = Extract<Value, { kind: 'num' }>;

/** The items of the single iterable argument, or the positional arguments themselves. */
function candidates(args: CallArgs): Value[] | undefined {
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length === 0) return undefined;
  if (args.positional.length > 1) return args.positional.map((arg) => arg.value);
  const only = args.positional[0].value;
  if (only.kind === 'seq') return only.items;
  if (only.kind === 'str') return Array.from(only.value).map((char) => ({ kind: 'str', value: char }));
  return undefined;
}

/** Numbers (bools count as 0 and 1) compared by value, or strings by code point; undefined for a mix. */
function comparableKey(value: Value): number | string | undefined {
  if (value.kind === 'num' && !value.exact) return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  if (value.kind === 'str') return value.value;
  return undefined;
}

/** min() or max(): the first of the smallest (largest) items, as Python keeps the first in a tie. */
function extreme(name: 'min' | 'max'): (args: CallArgs) => Value {
  return (args) => {
    const items = candidates(args);
    if (!items) return opaque(`${name}() of values known only at run time`);
    if (items.length === 0) return raising(`${name}() arg is an empty sequence: Python raises ValueError`);
    const keys = items.map(comparableKey);
    if (keys.some((key) => key === undefined || (typeof key === 'number' && Number.isNaN(key)))) return opaque(`${name}() of values other than numbers or strings`);
    const strings = keys.every((key) => typeof key === 'string');
    if (!strings && !keys.every((key) => typeof key === 'number')) return raising(`${name}() of strings and numbers together: Python raises TypeError`);
    let best = 0;
    for (let at = 1; at < items.length; at++) {
      const order = strings ? compareCodePoints(keys[at] as string, keys[best] as string) : (keys[at] as number) - (keys[best] as number);
      if (name === 'min' ? order < 0 : order > 0) best = at;
    }
    return items[best];
  };
}

function sum(args: CallArgs): Value {
  if (args.unknownSplat || args.positional.length === 0 || args.positional.length > 2 || [...args.keywords.keys()].some((key) => key !== 'start')) return opaque('sum() of values known only at run time');
  const iterable = args.positional[0].value;
  const start = args.positional[1]?.value ?? args.keywords.get('start')?.value ?? ({ kind: 'num', value: 0 } as Value);
  if (iterable.kind !== 'seq') return opaque('sum() of a value known only at run time');
  let total = 0;
  for (const item of [start, ...iterable.items]) {
    const value = item.kind === 'bool' ? (item.value ? 1 : 0) : item.kind === 'num' && !item.float && !item.exact ? item.value : undefined;
    if (value === undefined) return opaque('sum() of values other than ints');
    total += value;
  }
  return Number.isSafeInteger(total) ? { kind: 'num', value: total } : opaque('sum() beyond 2**53');
}

function anyOrAll(name: 'any' | 'all'): (args: CallArgs) => Value {
  return (args) => {
    const iterable = args.positional[0]?.value;
    if (args.unknownSplat || args.keywords.size > 0 || args.positional.length !== 1 || iterable?.kind !== 'seq') return opaque(`${name}() of values known only at run time`);
    for (const item of iterable.items) {
      const truth = truthiness(item);
      if (truth === undefined) return opaque(`${name}() of values known only at run time`);
      if (truth === (name === 'any')) return { kind: 'bool', value: truth };
    }
    return { kind: 'bool', value: name === 'all' };
  };
}

function abs(args: CallArgs): Value {
  const given = args.positional[0]?.value;
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length !== 1) return opaque('abs() of values known only at run time');
  if (given.kind === 'bool') return { kind: 'num', value: given.value ? 1 : 0 };
  if (given.kind !== 'num' || given.exact) return opaque('abs() of a value known only at run time');
  const value: NumberValue = { kind: 'num', value: Math.abs(given.value) };
  if (given.float) value.float = true;
  return value;
}

/** round(x): to the nearest int, ties to even, of the float's exact value; round(int, n) only for an int x and n >= 0. */
function round(args: CallArgs): Value {
  const given = args.positional[0]?.value;
  const digits = args.positional[1]?.value ?? args.keywords.get('ndigits')?.value;
  if (args.unknownSplat || args.positional.length === 0 || args.positional.length > 2 || [...args.keywords.keys()].some((key) => key !== 'ndigits')) return opaque('round() of values known only at run time');
  if (given.kind !== 'num' || given.exact) return opaque('round() of a value known only at run time');
  if (digits !== undefined && digits.kind !== 'none') {
    if (given.float || digits.kind !== 'num' || digits.float || !Number.isInteger(digits.value) || digits.value < 0) return opaque('round() to a number of digits of a float or to tens, which the engine does not follow');
    return given;
  }
  if (!given.float) return given;
  if (Number.isNaN(given.value)) return raising('round() of a float NaN: Python raises ValueError');
  if (!Number.isFinite(given.value)) return raising('round() of an infinite float: Python raises OverflowError');
  const floor = Math.floor(given.value);
  const fraction = given.value - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return Number.isSafeInteger(rounded) ? { kind: 'num', value: rounded || 0 } : opaque('round() beyond 2**53');
}

function bool(args: CallArgs): Value {
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length > 1) return opaque('bool() of values known only at run time');
  if (args.positional.length === 0) return { kind: 'bool', value: false };
  const truth = truthiness(args.positional[0].value);
  return truth === undefined ? opaque('bool() of a value known only at run time') : { kind: 'bool', value: truth };
}

export const AGGREGATE_BUILTINS: Record<string, (args: CallArgs) => Value> = {
  min: extreme('min'),
  max: extreme('max'),
  sum,
  any: anyOrAll('any'),
  all: anyOrAll('all'),
  abs,
  round,
  bool,
};
