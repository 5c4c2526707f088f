/**
 * Python's `int(...)` and `float(...)` of values the interpreter knows. Their string parsing is
 * stricter than JavaScript's `Number()`: `int("2.5")`, `int("")`, `int("1e3")` and `int("0x10")`
 * raise ValueError in Python where `Number()` reads a number, and `int("10", 2)` is 2. A string
 * Python rejects raises here too (the migration fails there); one the engine cannot read exactly
 * (digits past 2**53, non-ASCII digits) stays unknown.
 */
import type { CallArgs } from './args';
import { pythonStrip } from '../../common/pythonStrip';
import { opaque, pythonRepr, raising, str, type Value } from './values';

/** Digits with single underscores between them, as int() and float() accept in strings. */
const DECIMAL_DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT_TEXT = new RegExp(`^[+-]?(?:(?:${DECIMAL_DIGITS})(?:\\.(?:${DECIMAL_DIGITS})?)?|\\.${DECIMAL_DIGITS})(?:[eE][+-]?${DECIMAL_DIGITS})?$`);
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;

export function intCall(args: CallArgs): Value {
  // The value is positional-only (int(x=...) raises TypeError); the base may be named.
  if (args.unknownSplat || args.positional.length > 2 || [...args.keywords.keys()].some((name) => name !== 'base')) return opaque('int() with arguments the engine does not follow');
  const given = args.positional[0]?.value;
  const baseValue = args.positional[1]?.value ?? args.keywords.get('base')?.value;
  if (given === undefined) return baseValue === undefined ? { kind: 'num', value: 0 } : raising('int() missing string argument: Python raises TypeError');
  if (baseValue !== undefined) {
    if (baseValue.kind !== 'num' || baseValue.float || !Number.isInteger(baseValue.value)) return opaque('int() with a base known only at run time');
    if (given.kind !== 'str') return given.kind === 'opaque' ? opaque(`int() of a value known only at run time (${given.reason})`) : raising("int() can't convert non-string with explicit base: Python raises TypeError");
    return intOfText(given.value, baseValue.value);
  }
  switch (given.kind) {
    case 'num': {
      if (!given.float) return given;
      if (Number.isNaN(given.value)) return raising('int() of a float NaN: Python raises ValueError');
      if (!Number.isFinite(given.value)) return raising('int() of an infinite float: Python raises OverflowError');
      const value = Math.trunc(given.value) || 0;
      return Number.isSafeInteger(value) ? { kind: 'num', value } : opaque('int() of a float beyond 2**53, whose digits the engine does not keep');
    }
    case 'bool':
      return { kind: 'num', value: given.value ? 1 : 0 };
    case 'str':
      return intOfText(given.value, 10);
    case 'opaque':
      return opaque(`int() of a value known only at run time (${given.reason})`);
    default:
      return opaque('int() of a value known only at run time');
  }
}

export function floatCall(args: CallArgs): Value {
  if (args.unknownSplat || args.positional.length > 1 || args.keywords.size > 0) return opaque('float() with arguments the engine does not follow');
  const given = args.positional[0]?.value;
  if (given === undefined) return { kind: 'num', value: 0, float: true };
  switch (given.kind) {
    case 'num':
      return { kind: 'num', value: given.value, float: true };
    case 'bool':
      return { kind: 'num', value: given.value ? 1 : 0, float: true };
    case 'str':
      return floatOfText(given.value);
    case 'opaque':
      return opaque(`float() of a value known only at run time (${given.reason})`);
    default:
      return opaque('float() of a value known only at run time');
  }
}

/** int(text, base): base 0 reads a prefix (0x, 0o, 0b) as Python source does; 2-36 its digits. */
function intOfText(text: string, base: number): Value {
  if (base !== 0 && (base < 2 || base > 36)) return raising('int() base must be >= 2 and <= 36, or 0: Python raises ValueError');
  const stripped = pythonStrip(text);
  // Python also reads other scripts' decimal digits; the engine does not.
  if (/[^\x00-\x7f]/.test(stripped)) return opaque('int() of a string with non-ASCII characters');
  const match = /^([+-]?)(.*)$/s.exec(stripped)!;
  const sign = match[1] === '-' ? -1n : 1n;
  let body = match[2];
  let radix = base;
  const prefix = /^0([xob])_?/i.exec(body);
  const prefixRadix = prefix ? { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'] : undefined;
  if (prefixRadix !== undefined && (base === 0 || base === prefixRadix)) {
    radix = prefixRadix;
    body = body.slice(prefix![0].length);
  } else if (base === 0) {
    radix = 10;
    // Base 0 reads the string as a literal: no leading zeros before other digits ("010").
    if (/^0+_?[1-9]/.test(body) || /^0[0-9_]*[1-9]/.test(body)) return invalidLiteral(text, base);
  }
  const digit = `[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix)}]`;
  if (!new RegExp(`^${digit}(?:_?${digit})*$`, 'i').test(body)) return invalidLiteral(text, base);
  let value = 0n;
  for (const char of body.replace(/_/g, '').toLowerCase()) value = value * BigInt(radix) + BigInt(parseInt(char, 36));
  value *= sign;
  const number = Number(value);
  return Number.isSafeInteger(number) ? { kind: 'num', value: number } : { kind: 'num', value: number, exact: value.toString() };
}

function floatOfText(text: string): Value {
  const stripped = pythonStrip(text);
  const special = SPECIAL_FLOAT.exec(stripped);
  if (special) {
    const magnitude = special[2].toLowerCase() === 'nan' ? NaN : Infinity;
    return { kind: 'num', value: special[1] === '-' ? -magnitude : magnitude, float: true };
  }
  if (/[^\x00-\x7f]/.test(stripped)) return opaque('float() of a string with non-ASCII characters');
  if (!FLOAT_TEXT.test(stripped)) return raising(`could not convert string to float: ${pythonRepr(str(text))}: Python raises ValueError`);
  return { kind: 'num', value: Number(stripped.replace(/_/g, '')), float: true };
}

function invalidLiteral(text: string, base: number): Value {
  return raising(`invalid literal for int() with base ${base}: ${pythonRepr(str(text))}: Python raises ValueError`);
}
