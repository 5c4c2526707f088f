/**
 * Methods of lists, tuples and dicts beyond append/extend/get (builtins.ts), as Python runs them:
 * a list's `sort` (of numbers or of strings, `reverse=`), `pop`, `insert`, `remove`, `index`,
 * `count`, `copy`, `clear`, `reverse`; a tuple's `index` and `count`; a dict's `update`, `copy`
 * and `clear`. Lists and dicts are shared objects in the interpreter as in Python, so a method
 * that changes one changes it in place. Each was refused ("unsupported method").
 */
import type { CallArgs } from './args';
import { equalityKey, NONE, opaque, raising, toLiteral, type Value } from './values';
import { compareCodePoints } from './codePointOrder';
import { intArgument } from './intArgument';

type Sequence = Extract<Value, { kind: 'seq' }>;
type Dictionary = Extract<Value, { kind: 'dict' }>;

function plain(args: CallArgs, most: number, keywords: readonly string[] = []): boolean {
  return !args.unknownSplat && args.positional.length <= most && [...args.keywords.keys()].every((name) => keywords.includes(name));
}

/** Where `value` first stands in `items` from start to end (slice bounds), -1 when it does not; undefined when it cannot be compared. */
function positionOf(items: readonly Value[], value: Value, start = 0, end = items.length): number | undefined {
  const key = equalityKey(value);
  if (key === undefined) return undefined;
  const from = start < 0 ? Math.max(0, start + items.length) : start;
  const to = end < 0 ? Math.max(0, end + items.length) : Math.min(end, items.length);
  for (let at = from; at < to; at++) {
    const itemKey = equalityKey(items[at]);
    if (itemKey === undefined) return undefined;
    if (itemKey === key) return at;
  }
  return -1;
}

function countOf(items: readonly Value[], value: Value): number | undefined {
  const key = equalityKey(value);
  if (key === undefined) return undefined;
  let found = 0;
  for (const item of items) {
    const itemKey = equalityKey(item);
    if (itemKey === undefined) return undefined;
    if (itemKey === key) found++;
  }
  return found;
}

/** index() and count() of a list or a tuple. */
function searchMethod(target: Sequence, name: string, args: CallArgs): Value | undefined {
  const wanted = args.positional[0]?.value;
  if (name === 'count') {
    if (!plain(args, 1) || !wanted) return opaque(`${name}() of values the engine does not follow`);
    const found = countOf(target.items, wanted);
    return found === undefined ? opaque('count() of values the engine cannot compare') : { kind: 'num', value: found };
  }
  if (name === 'index') {
    const start = intArgument(args.positional[1]?.value);
    const end = intArgument(args.positional[2]?.value);
    if (!plain(args, 3) || !wanted || start === null || end === null) return opaque('index() of values the engine does not follow');
    const at = positionOf(target.items, wanted, start, end);
    if (at === undefined) return opaque('index() of values the engine cannot compare');
    return at < 0 ? raising('index() of a value the sequence does not hold: Python raises ValueError') : { kind: 'num', value: at };
  }
  return undefined;
}

/** Python's list.sort() of numbers (bools count) or of strings (by code point), stable; undefined for other items. */
function sortedItems(items: readonly Value[], reverse: boolean): Value[] | undefined {
  const keys = items.map((item) => (item.kind === 'bool' ? (item.value ? 1 : 0) : item.kind === 'num' && !item.exact ? item.value : toLiteral(item)));
  const strings = keys.every((key) => typeof key === 'string');
  if (!strings && !keys.every((key) => typeof key === 'number' && !Number.isNaN(key))) return undefined;
  const compare = (a: number, b: number): number => {
    const left = keys[a] as string | number;
    const right = keys[b] as string | number;
    return typeof left === 'number' ? left - (right as number) : compareCodePoints(left, right as string);
  };
  // Python's reverse=True keeps equal items in their order (it is not a reversed sort).
  const order = items.map((_, at) => at).sort((a, b) => (reverse ? compare(b, a) : compare(a, b)) || a - b);
  return order.map((at) => items[at]);
}

export function listMethod(target: Sequence, name: string, args: CallArgs): Value | undefined {
  const first = args.positional[0]?.value;
  if (name === 'index' || name === 'count') return searchMethod(target, name, args);
  if (target.tuple) return undefined;
  switch (name) {
    case 'sort': {
      const reverse = args.keywords.get('reverse')?.value;
      if (!plain(args, 0, ['reverse']) || (reverse !== undefined && reverse.kind !== 'bool')) return opaque('list.sort() with a key or values the engine does not follow');
      const sorted = sortedItems(target.items, reverse?.kind === 'bool' && reverse.value);
      if (!sorted) return opaque('list.sort() of values other than numbers or strings of one kind');
      target.items.splice(0, target.items.length, ...sorted);
      return NONE;
    }
    case 'pop': {
      const index = intArgument(first);
      if (!plain(args, 1) || index === null) return opaque('list.pop() of values the engine does not follow');
      if (target.items.length === 0) return raising('pop from empty list: Python raises IndexError');
      const at = index === undefined ? target.items.length - 1 : index < 0 ? index + target.items.length : index;
      if (at < 0 || at >= target.items.length) return raising('pop index out of range: Python raises IndexError');
      return target.items.splice(at, 1)[0];
    }
    case 'insert': {
      const index = intArgument(first);
      const item = args.positional[1]?.value;
      if (!plain(args, 2) || index === null || index === undefined || !item) return opaque('list.insert() of values the engine does not follow');
      const at = index < 0 ? Math.max(0, index + target.items.length) : Math.min(index, target.items.length);
      target.items.splice(at, 0, item);
      return NONE;
    }
    case 'remove': {
      if (!plain(args, 1) || !first) return opaque('list.remove() of values the engine does not follow');
      const at = positionOf(target.items, first);
      if (at === undefined) return opaque('list.remove() of values the engine cannot compare');
      if (at < 0) return raising('list.remove(x): x not in list: Python raises ValueError');
      target.items.splice(at, 1);
      return NONE;
    }
    case 'copy':
      return plain(args, 0) ? { kind: 'seq', items: [...target.items], tuple: false } : undefined;
    case 'clear':
      if (!plain(args, 0)) return undefined;
      target.items.length = 0;
      return NONE;
    case 'reverse':
      if (!plain(args, 0)) return undefined;
      target.items.reverse();
      return NONE;
    default:
      return undefined;
  }
}

/** Sets `key` in the dict in place: a key already there keeps its position, as in Python. */
function put(target: Dictionary, key: Value, value: Value): boolean {
  const wanted = equalityKey(key);
  if (wanted === undefined) return false;
  const entry = target.entries.find((candidate) => equalityKey(candidate.key) === wanted);
  if (entry) entry.value = value;
  else target.entries.push({ key, value });
  return true;
}

export function dictMethod(target: Dictionary, name: string, args: CallArgs): Value | undefined {
  switch (name) {
    case 'update': {
      if (args.unknownSplat || args.positional.length > 1) return opaque('dict.update() of values the engine does not follow');
      const source = args.positional[0]?.value;
      const pairs: [Value, Value][] = [];
      if (source?.kind === 'dict') pairs.push(...source.entries.map((entry): [Value, Value] => [entry.key, entry.value]));
      else if (source?.kind === 'seq') {
        for (const pair of source.items) {
          if (pair.kind !== 'seq' || pair.items.length !== 2) return opaque('dict.update() of values that are not pairs');
          pairs.push([pair.items[0], pair.items[1]]);
        }
      } else if (source !== undefined) return opaque('dict.update() of a value known only at run time');
      for (const [name, arg] of args.keywords) pairs.push([{ kind: 'str', value: name }, arg.value]);
      for (const [key, value] of pairs) if (!put(target, key, value)) return opaque('dict.update() with keys the engine cannot compare');
      return NONE;
    }
    case 'copy':
      return plain(args, 0) ? { kind: 'dict', entries: target.entries.map((entry) => ({ ...entry })) } : undefined;
    case 'clear':
      if (!plain(args, 0)) return undefined;
      target.entries.length = 0;
      return NONE;
    default:
      return undefined;
  }
}
