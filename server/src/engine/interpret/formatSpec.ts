/**
 * Python's format specification mini-language, `[[fill]align][sign][#][0][width][,|_][.precision][type]`,
 * for f-string fields (`f"events_{month:02d}"`) and `str.format` (`"{:>8}".format(name)`): strings
 * (padding, truncation), ints (`d`, `x`, `X`, `o`, `b`, `c`, signs, `#` prefixes, grouping) and
 * ints or floats as fixed point (`f`, `F`, `%`) and in exponent or general form (`e`, `E`, `g`, `G`),
 * with Python's rounding of ties to even. Anything else (a float with a precision but no type,
 * `n`, `z`, grouping with `e`/`g`) is undefined: the caller
 * refuses the value rather than print it differently from Python. The fixed-point digits and the
 * padding are shared with `%`-formatting (operators.ts).
 */
import { pythonStr, type Value } from './values';

const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdoxXfF%seEgG])?$/;

/** `format(value, spec)` as Python prints it; undefined where the engine does not reproduce it or Python raises. */
export function formatWithSpec(value: Value, spec: string): string | undefined {
  if (spec === '') return pythonStr(value);
  const match = SPEC.exec(spec);
  if (!match) return undefined;
  const [, fill, align, sign, alternate, zero, widthText, grouping, precisionText, type] = match;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  if (value.kind === 'str') {
    if (sign || alternate || zero || grouping || align === '=' || (type !== undefined && type !== 's')) return undefined;
    const text = precision === undefined ? value.value : Array.from(value.value).slice(0, precision).join('');
    return pad('', text, width, fill ?? ' ', align ?? '<');
  }
  // A bool formats as its int once a specification is given (`format(True, '>3')` is `'  1'`).
  const number = value.kind === 'num' ? value : value.kind === 'bool' ? { kind: 'num' as const, value: value.value ? 1 : 0 } : undefined;
  if (!number || number.exact !== undefined || !Number.isFinite(number.value)) return undefined;
  const isFloat = number.float === true;
  const fixed = type === 'f' || type === 'F' || type === '%';
  const scientific = type === 'e' || type === 'E' || type === 'g' || type === 'G';
  // Zeros before the width are grouped too (`format(1234, '010,')` is `00,001,234`): not reproduced.
  if (zero && align === undefined && grouping) return undefined;
  if (isFloat && type === undefined && precision === undefined) {
    // No type: the float's repr(), padded and signed as a number.
    const repr = pythonStr({ kind: 'num', value: Math.abs(number.value), float: true });
    if (repr === undefined || /[eE]/.test(repr)) return undefined;
    const [whole, fraction] = repr.split('.');
    const negative = number.value < 0 || Object.is(number.value, -0);
    return finish(negative, sign, '', group(whole, grouping, 3) + (fraction === undefined ? '' : `.${fraction}`), width, fill, align, zero);
  }
  if (scientific) {
    // Grouping applies to the whole part of a fixed-point `g` only: not reproduced with `e`/`g`.
    if (grouping) return undefined;
    const body = type === 'e' || type === 'E' ? exponentHalfEven(Math.abs(number.value), precision ?? 6, alternate !== undefined) : generalHalfEven(Math.abs(number.value), precision ?? 6, alternate !== undefined);
    if (body === undefined) return undefined;
    const negative = number.value < 0 || Object.is(number.value, -0);
    return finish(negative, sign, '', type === 'E' || type === 'G' ? body.toUpperCase() : body, width, fill, align, zero);
  }
  if (isFloat && !fixed) return undefined;
  if (!fixed && precision !== undefined) return undefined; // ValueError: precision not allowed in integer format specifier
  if (type === 's') return undefined;
  let negative: boolean;
  let digits: string;
  let prefix = '';
  if (fixed) {
    const scaled = type === '%' ? number.value * 100 : number.value;
    const body = fixedHalfEven(Math.abs(scaled), precision ?? 6);
    if (body === undefined) return undefined;
    negative = scaled < 0 || Object.is(scaled, -0);
    const [whole, fraction] = body.split('.');
    digits = group(whole, grouping, 3) + (fraction !== undefined ? `.${fraction}` : alternate ? '.' : '') + (type === '%' ? '%' : '');
  } else {
    if (!Number.isSafeInteger(number.value)) return undefined;
    if (type === 'c') {
      if (sign || alternate || grouping || number.value < 0 || number.value > 0x10ffff) return undefined;
      return pad('', String.fromCodePoint(number.value), width, fill ?? (zero ? '0' : ' '), align ?? (zero ? '=' : '<'));
    }
    negative = number.value < 0;
    const radix = type === 'x' || type === 'X' ? 16 : type === 'o' ? 8 : type === 'b' ? 2 : 10;
    if (grouping === ',' && radix !== 10) return undefined;
    const raw = Math.abs(number.value).toString(radix);
    digits = group(type === 'X' ? raw.toUpperCase() : raw, grouping, radix === 10 ? 3 : 4);
    if (alternate && radix !== 10) prefix = radix === 16 ? (type === 'X' ? '0X' : '0x') : radix === 8 ? '0o' : '0b';
  }
  return finish(negative, sign, prefix, digits, width, fill, align, zero);
}

function finish(negative: boolean, sign: string | undefined, prefix: string, digits: string, width: number, fill: string | undefined, align: string | undefined, zero: string | undefined): string {
  const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  // `0` before the width is a fill of zeros after the sign, unless an alignment is given (zeros then fill that way).
  if (zero && align === undefined) return pad(signText + prefix, digits, width, '0', '=');
  return pad(signText + prefix, digits, width, fill ?? (zero ? '0' : ' '), align ?? '>');
}

/** Digits with `,` or `_` every `size` digits from the right. */
function group(digits: string, separator: string | undefined, size: number): string {
  if (!separator) return digits;
  let out = '';
  for (let end = digits.length; end > 0; end -= size) out = digits.slice(Math.max(0, end - size), end) + (out ? separator + out : '');
  return out;
}

/** `head` (a sign, a prefix) and `body` filled to `width`: `<` left, `>` right, `^` centred, `=` between head and body. */
export function pad(head: string, body: string, width: number, fill: string, align: string): string {
  const length = Array.from(head + body).length;
  if (length >= width) return head + body;
  const missing = width - length;
  switch (align) {
    case '<':
      return head + body + fill.repeat(missing);
    case '^':
      return fill.repeat(Math.floor(missing / 2)) + head + body + fill.repeat(missing - Math.floor(missing / 2));
    case '=':
      return head + fill.repeat(missing) + body;
    default:
      return fill.repeat(missing) + head + body;
  }
}

/**
 * `x` with `digits` decimals as Python's `%.Nf` prints it: from the double's exact value, a tie
 * going to the even digit (`%.1f` of 2.25 is 2.2, where JavaScript's toFixed gives 2.3).
 */
export function fixedHalfEven(x: number, digits: number): string | undefined {
  if (x >= 1e21 || digits > 60) return undefined;
  const rounded = x.toFixed(digits);
  // The exact expansion far enough past the kept digits to see an exact tie (doubles of this
  // size have at most ~52 binary fraction digits, so a tie shows as 5 then zeros).
  const exact = x.toFixed(Math.min(100, digits + 40));
  const point = exact.indexOf('.');
  const kept = digits === 0 ? exact.slice(0, point) : exact.slice(0, point + 1 + digits);
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  const last = Number(kept[kept.length - 1]);
  return last % 2 === 0 ? kept : rounded;
}

/**
 * The significant digits of `x` (not negative) rounded to `count` as Python rounds them, from the
 * double's exact value with ties to even (JavaScript's toExponential takes the larger), and the
 * decimal exponent of the first digit.
 */
function significantHalfEven(x: number, count: number): { digits: string; exponent: number } | undefined {
  if (count > 60 || !Number.isFinite(x)) return undefined;
  if (x === 0) return { digits: '0'.repeat(count), exponent: 0 };
  const parse = (text: string): { digits: string; exponent: number } => {
    const [mantissa, exponent] = text.split('e');
    return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
  };
  const rounded = parse(x.toExponential(count - 1));
  // Far enough past the kept digits to see an exact tie (5 then zeros), as fixedHalfEven does.
  const exact = parse(x.toExponential(Math.min(100, count + 39)));
  const rest = exact.digits.slice(count);
  if (!/^50*$/.test(rest)) return rounded;
  const kept = exact.digits.slice(0, count);
  return Number(kept[kept.length - 1]) % 2 === 0 ? { digits: kept, exponent: exact.exponent } : rounded;
}

/** Python's exponent: a sign and at least two digits (`e+05`, `e-12`, `e+100`). */
function exponentText(exponent: number): string {
  return `e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** `format(x, '.Ne')` of a non-negative x. */
export function exponentHalfEven(x: number, precision: number, alternate: boolean): string | undefined {
  const found = significantHalfEven(x, precision + 1);
  if (!found) return undefined;
  const fraction = found.digits.slice(1);
  return `${found.digits[0]}${fraction || alternate ? '.' : ''}${fraction}${exponentText(found.exponent)}`;
}

/** `format(x, '.Ng')` of a non-negative x: fixed or exponent by the rounded exponent, trailing zeros dropped unless `#`. */
export function generalHalfEven(x: number, precision: number, alternate: boolean): string | undefined {
  const count = precision === 0 ? 1 : precision;
  const found = significantHalfEven(x, count);
  if (!found) return undefined;
  const exponent = x === 0 ? 0 : found.exponent;
  const trim = (text: string): string => (alternate ? text : text.replace(/0+$/, ''));
  if (exponent >= -4 && exponent < count) {
    const digits = found.digits;
    const whole = exponent >= 0 ? digits.slice(0, exponent + 1) : '0';
    const fraction = exponent >= 0 ? digits.slice(exponent + 1) : '0'.repeat(-exponent - 1) + digits;
    const kept = trim(fraction);
    return kept || alternate ? `${whole}.${kept}` : whole;
  }
  const fraction = trim(found.digits.slice(1));
  return `${found.digits[0]}${fraction || alternate ? '.' : ''}${fraction}${exponentText(exponent)}`;
}
