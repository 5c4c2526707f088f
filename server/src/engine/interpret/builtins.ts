/**
 * The few Python builtins migrations use on literals (`range`, `len`, `str`, `enumerate`, ...),
 * plus string, list and dict methods. Anything else is left to the caller to make opaque.
 */
import type { CallArgs } from './args';
import { isPythonSpace, pythonStrip } from '../../common/pythonStrip';
import { formatWithSpec } from './formatSpec';
import { isinstanceCall } from './isinstance';
import { floatCall, intCall } from './numberConversions';
import { AGGREGATE_BUILTINS } from './aggregateBuiltins';
import { STRING_METHODS } from './stringMethods';
import { compareCodePoints } from './codePointOrder';
import { dictMethod, listMethod } from './containerMethods';
import { LIMITS } from './state';
import { NONE, opaque, pythonRepr, pythonStr, raising, str, stringSet, toLiteral, type Value } from './values';

type Builtin = (args: CallArgs) => Value;

function items(value: Value | undefined): Value[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'seq') return value.items;
  if (value.kind === 'str') return [...value.value].map(str);
  if (value.kind === 'dict') return value.entries.map((entry) => entry.key);
  return undefined;
}

function seq(values: Value[], tuple = false): Value {
  return { kind: 'seq', items: values, tuple };
}


/** The set a value stands for (`set(...)`, or list()/tuple() of one), still unordered. */
function setOf(value: Value | undefined): Value | undefined {
  return value?.kind === 'opaque' && value.setMembers ? stringSet(value.setMembers) : undefined;
}

export const BUILTINS: Record<string, Builtin> = {
  ...AGGREGATE_BUILTINS,
  print: () => NONE,
  isinstance: isinstanceCall,
  len: (args) => {
    const set = setOf(args.positional[0]?.value);
    if (set?.kind === 'opaque' && set.setMembers) return { kind: 'num', value: set.setMembers.length };
    const given = args.positional[0]?.value;
    if (given?.kind === 'opaque' && given.setItems) return { kind: 'num', value: given.setItems.length };
    const list = items(args.positional[0]?.value);
    return list ? { kind: 'num', value: list.length } : opaque('len() of a value known only at run time');
  },
  str: (args) => {
    const value = args.positional[0]?.value;
    const text = value ? pythonStr(value) : '';
    if (text === undefined) return value?.kind === 'opaque' ? opaque(`str() of a value known only at run time (${value.reason})`) : opaque('str() of a value known only at run time');
    return str(text);
  },
  repr: (args) => {
    const text = args.positional[0] ? pythonRepr(args.positional[0].value) : undefined;
    return text === undefined ? opaque('repr() of a value known only at run time') : str(text);
  },
  int: intCall,
  float: floatCall,
  range: (args) => {
    const numbers = args.positional.map((arg) => (arg.value.kind === 'num' ? arg.value.value : NaN));
    if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n))) return opaque('range() of values known only at run time');
    const [start, stop, step] = numbers.length === 1 ? [0, numbers[0], 1] : [numbers[0], numbers[1], numbers[2] ?? 1];
    if (step === 0) return opaque('range() with a zero step');
    const out: Value[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (out.length >= LIMITS.iterations) return opaque(`range() longer than ${LIMITS.iterations} items`);
      out.push({ kind: 'num', value: i });
    }
    return seq(out);
  },
  list: (args) => {
    const set = setOf(args.positional[0]?.value);
    if (set) return set;
    const list = args.positional[0] ? items(args.positional[0].value) : [];
    return list ? seq([...list]) : opaque('list() of a value known only at run time');
  },
  tuple: (args) => {
    const set = setOf(args.positional[0]?.value);
    if (set) return set;
    const list = args.positional[0] ? items(args.positional[0].value) : [];
    return list ? seq([...list], true) : opaque('tuple() of a value known only at run time');
  },
  // A set of strings: its members are known, its order is not (Python randomises string hashing
  // per process), so it stays unknown except through sorted() and len().
  set: (args) => {
    const source = args.positional[0]?.value;
    const known = setOf(source);
    if (known || args.positional.length === 0) return known ?? stringSet([]);
    const list = items(source);
    if (!list || args.keywords.size > 0 || list.some((item) => item.kind !== 'str')) return opaque('set() of values other than literal strings');
    return stringSet(list.map((item) => (item as { value: string }).value));
  },
  sorted: (args) => {
    const set = setOf(args.positional[0]?.value);
    const source = args.positional[0]?.value;
    const list = set?.kind === 'opaque' && set.setMembers ? set.setMembers.map(str) : source?.kind === 'opaque' && source.setItems ? source.setItems : items(source);
    if (!list || args.keywords.size > 0) return opaque('sorted() of a value known only at run time');
    const keyed = list.map((value) => ({ value, key: toLiteral(value) }));
    // Python compares strings with strings and numbers with numbers; a mix raises TypeError.
    const allStrings = keyed.every((entry) => typeof entry.key === 'string');
    const allNumbers = keyed.every((entry) => typeof entry.key === 'number');
    if (!allStrings && !allNumbers) return opaque('sorted() of values other than literal strings or numbers of one kind');
    keyed.sort((a, b) => (allStrings ? compareCodePoints(a.key as string, b.key as string) : (a.key as number) - (b.key as number)));
    return seq(keyed.map((entry) => entry.value));
  },
  reversed: (args) => {
    const list = items(args.positional[0]?.value);
    return list ? seq([...list].reverse()) : opaque('reversed() of a value known only at run time');
  },
  enumerate: (args) => {
    const list = items(args.positional[0]?.value);
    // `enumerate(rows, start=1)` (Innopoints' ids) or `enumerate(rows, 1)`.
    const given = args.positional[1]?.value ?? args.keywords.get('start')?.value;
    if (given !== undefined && (given.kind !== 'num' || given.float)) return opaque('enumerate() with a start known only at run time');
    const start = given?.kind === 'num' ? given.value : 0;
    return list ? seq(list.map((value, index) => seq([{ kind: 'num', value: index + start }, value], true))) : opaque('enumerate() of a value known only at run time');
  },
  // Insertion-ordered like Python's dict.
  dict: (args) => {
    const entries: { key: Value; value: Value }[] = [];
    const source = args.positional[0]?.value;
    if (source?.kind === 'dict') entries.push(...source.entries.map((entry) => ({ ...entry })));
    else if (source?.kind === 'seq') {
      for (const pair of source.items) {
        if (pair.kind !== 'seq' || pair.items.length !== 2) return opaque('dict() of values that are not pairs');
        entries.push({ key: pair.items[0], value: pair.items[1] });
      }
    } else if (source) return opaque('dict() of a value known only at run time');
    for (const [key, arg] of args.keywords) {
      const existing = entries.find((entry) => entry.key.kind === 'str' && entry.key.value === key);
      if (existing) existing.value = arg.value;
      else entries.push({ key: str(key), value: arg.value });
    }
    return args.unknownSplat ? opaque(`dict() of ${args.unknownSplat}`) : { kind: 'dict', entries };
  },
  zip: (args) => {
    const lists = args.positional.map((arg) => items(arg.value));
    if (lists.some((list) => !list)) return opaque('zip() of values known only at run time');
    const length = Math.min(...lists.map((list) => list!.length));
    return seq(Array.from({ length }, (_, index) => seq(lists.map((list) => list![index]), true)));
  },
};

/** Methods of str, list and dict values. Undefined when the method is not modelled. */
export function literalMethod(target: Value, name: string, args: CallArgs): Value | undefined {
  const first = args.positional[0]?.value;
  if (target.kind === 'str') {
    const text = target.value;
    switch (name) {
      case 'format':
        return formatMethod(text, args);
      case 'join': {
        const list = items(first);
        if (!list || list.some((item) => item.kind !== 'str')) return opaque('str.join() of values known only at run time');
        return str(list.map((item) => (item as { value: string }).value).join(text));
      }
      case 'upper':
        return str(text.toUpperCase());
      case 'lower':
        return str(text.toLowerCase());
      case 'strip':
      case 'lstrip':
      case 'rstrip': {
        // Python's whitespace (pythonStrip.ts), or the characters given.
        if (args.positional.length > 1 || args.keywords.size > 0) return undefined;
        if (first !== undefined && first.kind !== 'str' && first.kind !== 'none') return opaque(`str.${name}() of a value known only at run time`);
        const side = name === 'strip' ? 'both' : name === 'lstrip' ? 'left' : 'right';
        return str(pythonStrip(text, side, first?.kind === 'str' ? first.value : undefined));
      }
      case 'replace':
        return replaceMethod(text, args);
      case 'split':
      case 'rsplit':
        return splitMethod(text, name === 'rsplit', args);
      default:
        // Own names only: `"x".constructor()` must not reach Object's.
        return Object.prototype.hasOwnProperty.call(STRING_METHODS, name) ? STRING_METHODS[name](text, args) : undefined;
    }
  }
  if (target.kind === 'seq') {
    const result = listMethod(target, name, args);
    if (result !== undefined) return result;
  }
  if (target.kind === 'dict') {
    const result = dictMethod(target, name, args);
    if (result !== undefined) return result;
  }
  if (target.kind === 'seq' && !target.tuple) {
    if (name === 'append' && first) {
      target.items.push(first);
      return NONE;
    }
    if (name === 'extend' && first) {
      const list = items(first);
      if (!list) return opaque('list.extend() of a value known only at run time');
      target.items.push(...list);
      return NONE;
    }
  }
  if (target.kind === 'dict') {
    if (name === 'items') return seq(target.entries.map((entry) => seq([entry.key, entry.value], true)));
    if (name === 'keys') return seq(target.entries.map((entry) => entry.key));
    if (name === 'values') return seq(target.entries.map((entry) => entry.value));
    if (name === 'get' && first) {
      const key = pythonRepr(first);
      const found = target.entries.find((entry) => pythonRepr(entry.key) === key);
      return found ? found.value : (args.positional[1]?.value ?? NONE);
    }
    // `kwargs.setdefault("length", 20)` and `kwargs.pop("x", None)` in a type's __init__, with a
    // key whose value is known (a string, a number, True/False/None).
    if ((name === 'setdefault' || name === 'pop') && first && isPlainKey(first) && args.keywords.size === 0 && args.positional.length <= 2) {
      const key = pythonRepr(first);
      const at = target.entries.findIndex((entry) => pythonRepr(entry.key) === key);
      const fallback = args.positional[1]?.value;
      if (name === 'setdefault') {
        if (at >= 0) return target.entries[at].value;
        target.entries.push({ key: first, value: fallback ?? NONE });
        return fallback ?? NONE;
      }
      if (at >= 0) return target.entries.splice(at, 1)[0].value;
      return fallback ?? raising('dict.pop() of a key the dict does not hold: Python raises KeyError');
    }
  }
  return undefined;
}

function isPlainKey(value: Value): boolean {
  return value.kind === 'str' || value.kind === 'num' || value.kind === 'bool' || value.kind === 'none';
}

/**
 * str.split() / str.rsplit() without a separator, as CPython splits: runs of Python's whitespace
 * (pythonStrip.ts: U+001C-U+001F and U+0085 too, not U+FEFF) separate words; after `max` splits
 * (negative: no limit) the rest is one more part, stripped on the side the splitting came from only.
 */
function whitespaceSplit(text: string, fromRight: boolean, max: number): string[] {
  const parts: string[] = [];
  let left = 0;
  let right = text.length;
  for (let splits = max; splits !== 0; splits--) {
    if (fromRight) {
      while (right > left && isPythonSpace(text[right - 1])) right--;
      if (right === left) break;
      let start = right;
      while (start > left && !isPythonSpace(text[start - 1])) start--;
      parts.unshift(text.slice(start, right));
      right = start;
    } else {
      while (left < right && isPythonSpace(text[left])) left++;
      if (left === right) break;
      let end = left;
      while (end < right && !isPythonSpace(text[end])) end++;
      parts.push(text.slice(left, end));
      left = end;
    }
  }
  if (fromRight) {
    while (right > left && isPythonSpace(text[right - 1])) right--;
    if (right > left) parts.unshift(text.slice(left, right));
  } else {
    while (left < right && isPythonSpace(text[left])) left++;
    if (left < right) parts.push(text.slice(left, right));
  }
  return parts;
}

/** Python's str.split / str.rsplit: a separator and a maximum number of splits, or runs of whitespace. */
function splitMethod(text: string, fromRight: boolean, args: CallArgs): Value {
  const sepValue = args.keywords.get('sep')?.value ?? args.positional[0]?.value;
  const maxValue = args.keywords.get('maxsplit')?.value ?? args.positional[1]?.value;
  const max = maxValue === undefined ? -1 : maxValue.kind === 'num' && !maxValue.float && Number.isInteger(maxValue.value) ? maxValue.value : NaN;
  if (Number.isNaN(max) || (sepValue !== undefined && sepValue.kind !== 'str' && sepValue.kind !== 'none')) return opaque('str.split() of values known only at run time');
  let parts: string[];
  if (sepValue === undefined || sepValue.kind === 'none') parts = whitespaceSplit(text, fromRight, max);
  else {
    const sep = (sepValue as { value: string }).value;
    if (sep === '') return opaque('str.split() with an empty separator raises ValueError');
    const all = text.split(sep);
    if (max < 0 || all.length <= max + 1) parts = all;
    else parts = fromRight ? [all.slice(0, all.length - max).join(sep), ...all.slice(all.length - max)] : [...all.slice(0, max), all.slice(max).join(sep)];
  }
  return seq(parts.map(str));
}

/** Python's str.replace(old, new[, count]): at most `count` replacements from the left (all when negative). */
function replaceMethod(text: string, args: CallArgs): Value {
  const [old, replacement, count] = [0, 1, 2].map((at) => args.positional[at]?.value);
  const limit = count === undefined ? -1 : count.kind === 'num' && !count.float && Number.isInteger(count.value) ? count.value : undefined;
  if (old?.kind !== 'str' || replacement?.kind !== 'str' || limit === undefined || args.keywords.size > 0 || args.positional.length > 3) return opaque('str.replace() of values known only at run time');
  // An empty `old` matches before and after every code point, as Python's does.
  const pieces = old.value === '' ? ['', ...Array.from(text), ''] : text.split(old.value);
  if (limit < 0) return str(pieces.join(replacement.value));
  const joined = pieces.slice(0, limit + 1).join(replacement.value);
  const rest = pieces.slice(limit + 1);
  if (rest.length === 0) return str(joined);
  return str(old.value === '' ? joined + rest.join('') : [joined, ...rest].join(old.value));
}

/** `"...{}...{name}...".format(...)`, format specifications as formatSpec.ts reproduces them. */
function formatMethod(template: string, args: CallArgs): Value {
  let auto = 0;
  let numbering: 'automatic' | 'manual' | undefined;
  let failure: string | undefined;
  let raises: string | undefined;
  /** The value a field's reference names (`""` the next positional, `"1"`, `"name"`). */
  const referenced = (reference: string): Value | undefined => {
    // `"{}, {0}".format(a)`: Python raises ValueError on mixing the two numberings.
    const kind = reference === '' ? 'automatic' : /^\d+$/.test(reference) ? 'manual' : undefined;
    if (kind && numbering && kind !== numbering) raises ??= `ValueError: cannot switch from ${numbering} field numbering to ${kind} field specification`;
    if (kind) numbering = kind;
    return reference === '' ? args.positional[auto++]?.value : /^\d+$/.test(reference) ? args.positional[Number(reference)]?.value : args.keywords.get(reference)?.value;
  };
  const field = (text: string): string => {
    const colon = text.indexOf(':');
    const rawSpec = colon < 0 ? '' : text.slice(colon + 1);
    const [reference, conversion] = (colon < 0 ? text : text.slice(0, colon)).split('!');
    // The field's own value is taken before those of the fields nested in its specification.
    const value = referenced(reference);
    // `"{:>{w}}".format(x, w=4)`: fields nested one level in the specification are replaced first.
    const spec = rawSpec.replace(/\{([^{}]*)\}/g, (_match, nested: string) => {
      const inner = /^[^!:]*$/.test(nested) ? referenced(nested) : undefined;
      const innerText = inner ? pythonStr(inner) : undefined;
      if (innerText === undefined) failure ??= 'str.format() with a nested field the engine does not follow';
      return innerText ?? '';
    });
    if (/[{}]/.test(spec)) failure ??= 'str.format() with a format specification the engine does not follow';
    const converted = value && conversion !== undefined ? (conversion === 'r' ? pythonRepr(value) : conversion === 's' ? pythonStr(value) : undefined) : undefined;
    const formatted = !value ? undefined : conversion !== undefined ? (converted === undefined ? undefined : formatWithSpec(str(converted), spec)) : formatWithSpec(value, spec);
    if (formatted === undefined) failure ??= value?.kind === 'opaque' ? value.reason : value && spec !== '' ? `str.format() with the format specification :${spec}, which the engine does not reproduce for this value` : 'str.format() of a value known only at run time';
    return formatted ?? '';
  };
  let out = '';
  for (let at = 0; at < template.length; ) {
    const char = template[at];
    if (char === '{' && template[at + 1] === '{') {
      out += '{';
      at += 2;
    } else if (char === '{') {
      // The field runs to its matching brace: its specification may hold fields of its own.
      let depth = 1;
      let end = at + 1;
      for (; end < template.length && depth > 0; end++) depth += template[end] === '{' ? 1 : template[end] === '}' ? -1 : 0;
      if (depth > 0) return raising("ValueError: expected '}' before end of string");
      out += field(template.slice(at + 1, end - 1));
      at = end;
    } else if (char === '}' && template[at + 1] === '}') {
      out += '}';
      at += 2;
    } else if (char === '}') {
      return raising("ValueError: Single '}' encountered in format string");
    } else {
      out += char;
      at++;
    }
  }
  if (raises) return raising(raises);
  return failure ? opaque(failure) : str(out);
}

