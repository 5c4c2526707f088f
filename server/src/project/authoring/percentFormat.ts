/**
 * Python's `template % mapping` for the values Alembic puts in a `file_template` (str and int):
 * every conversion (`s r a c d i u o x X e E f F g G`), the flags `- + space # 0`, width,
 * precision, the ignored length modifiers `h l L`, and the exceptions CPython 3 raises, with its
 * messages. A file name is only right if it is Alembic's byte for byte, so nothing here is
 * approximated: floats are formatted from the integer's exact decimal digits (Python rounds half
 * to even there, JavaScript's toExponential rounds half up).
 */
import { asciiRepr, stringRepr } from '../../common/pythonRepr';

/** A failure Python's `%` operator raises: `type` is the exception class (KeyError, TypeError, ...). */
export class PercentFormatError extends Error {
  constructor(
    readonly type: 'KeyError' | 'TypeError' | 'ValueError' | 'OverflowError',
    message: string,
    /** Set for a conversion without `(name)`, which Python fills with the whole mapping. */
    readonly unnamed = false,
  ) {
    super(message);
  }
}

export type PercentValue = string | number;

const FLAG_CHARACTERS = '-+ #0';

/** `template % values` as Python computes it, for a dict of str and int values. */
export function percentFormat(template: string, values: Readonly<Record<string, PercentValue>>): string {
  let out = '';
  let at = 0;
  // CPython hands each conversion "the next argument": the mapping itself at first, the looked-up
  // value after a `(name)`, and nothing once that one is used (`not enough arguments`).
  let consumed = false;
  while (at < template.length) {
    const percent = template.indexOf('%', at);
    if (percent < 0) {
      out += template.slice(at);
      break;
    }
    out += template.slice(at, percent);
    at = percent + 1;
    if (at >= template.length) throw new PercentFormatError('ValueError', 'incomplete format');
    if (template[at] === '%') {
      out += '%';
      at += 1;
      continue;
    }
    let key: string | undefined;
    let value: PercentValue | undefined;
    if (template[at] === '(') {
      // CPython counts nested parentheses: `%(a(b))s` names the key `a(b)`.
      let depth = 1;
      let end = at + 1;
      while (end < template.length && depth > 0) {
        if (template[end] === '(') depth += 1;
        else if (template[end] === ')') depth -= 1;
        end += 1;
      }
      if (depth > 0) throw new PercentFormatError('ValueError', 'incomplete format key');
      key = template.slice(at + 1, end - 1);
      at = end;
      // Python looks the key up before reading the rest of the conversion.
      if (!Object.prototype.hasOwnProperty.call(values, key)) throw new PercentFormatError('KeyError', stringRepr(key));
      value = values[key];
      consumed = false;
    }
    const star = (): PercentFormatError => {
      // `*` takes the next argument as a number: a str (or the mapping) is refused, and after an
      // int nothing is left for the conversion itself.
      const next = key === undefined && consumed ? undefined : key === undefined ? values : value;
      return new PercentFormatError('TypeError', typeof next === 'number' || next === undefined ? 'not enough arguments for format string' : '* wants int');
    };
    let flags = '';
    while (at < template.length && FLAG_CHARACTERS.includes(template[at])) flags += template[at++];
    if (template[at] === '*') throw star();
    let width = 0;
    while (at < template.length && /[0-9]/.test(template[at])) width = width * 10 + Number(template[at++]);
    let precision: number | undefined;
    if (template[at] === '.') {
      at += 1;
      if (template[at] === '*') throw star();
      precision = 0;
      while (at < template.length && /[0-9]/.test(template[at])) precision = precision * 10 + Number(template[at++]);
    }
    if (at < template.length && 'hlL'.includes(template[at])) at += 1;
    if (at >= template.length) throw new PercentFormatError('ValueError', 'incomplete format');
    const conversion = template[at];
    const conversionIndex = at;
    at += 1;
    if (!'sracdiuoxXeEfFgG'.includes(conversion)) {
      const code = conversion.codePointAt(0)!;
      const shown = code >= 31 && code <= 126 ? conversion : '?';
      throw new PercentFormatError('ValueError', `unsupported format character '${shown}' (0x${code.toString(16)}) at index ${conversionIndex}`);
    }
    if (key === undefined || value === undefined) {
      if (consumed) throw new PercentFormatError('TypeError', 'not enough arguments for format string');
      // Python would format the whole mapping (`{'rev': ...}`) here.
      throw new PercentFormatError('TypeError', `'%${template.slice(percent + 1, at)}' at index ${percent} has no (name)`, true);
    }
    consumed = true;
    out += convert(value, conversion, flags, width, precision);
  }
  return out;
}

function convert(value: PercentValue, conversion: string, flags: string, width: number, precision: number | undefined): string {
  switch (conversion) {
    case 's':
    case 'r':
    case 'a': {
      const text = conversion === 's' ? String(value) : typeof value === 'number' ? String(value) : conversion === 'r' ? stringRepr(value) : asciiRepr(value);
      // Precision cuts the text to that many characters (code points, as Python counts them).
      return pad(precision === undefined ? text : [...text].slice(0, precision).join(''), flags, width);
    }
    case 'c': {
      let char: string;
      if (typeof value === 'number') {
        if (value < 0 || value > 0x10ffff) throw new PercentFormatError('OverflowError', '%c arg not in range(0x110000)');
        char = String.fromCodePoint(value);
      } else if ([...value].length === 1) char = value;
      else throw new PercentFormatError('TypeError', '%c requires int or char');
      return pad(char, flags, width);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      if (typeof value !== 'number') {
        const wanted = 'diu'.includes(conversion) ? 'a real number' : 'an integer';
        throw new PercentFormatError('TypeError', `%${conversion} format: ${wanted} is required, not str`);
      }
      const radix = conversion === 'o' ? 8 : conversion === 'x' || conversion === 'X' ? 16 : 10;
      let digits = BigInt(Math.abs(value)).toString(radix);
      if (conversion === 'X') digits = digits.toUpperCase();
      if (precision !== undefined) digits = digits.padStart(precision, '0');
      const prefix = flags.includes('#') && radix !== 10 ? `0${conversion === 'o' ? 'o' : conversion}` : '';
      return padNumber(signOf(value, flags) + prefix, digits, flags, width);
    }
    default: {
      if (typeof value !== 'number') throw new PercentFormatError('TypeError', 'must be real number, not str');
      return padNumber(signOf(value, flags), floatText(value, conversion, precision ?? 6, flags.includes('#')), flags, width);
    }
  }
}

function signOf(value: number, flags: string): string {
  if (value < 0) return '-';
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
}

/** Strings pad with spaces only: Python ignores `0` for s, r, a and c. */
function pad(text: string, flags: string, width: number): string {
  const missing = width - [...text].length;
  if (missing <= 0) return text;
  return flags.includes('-') ? text + ' '.repeat(missing) : ' '.repeat(missing) + text;
}

/** Numbers: `-` pads right with spaces, `0` puts zeros between the sign (and `0x`) and the digits. */
function padNumber(sign: string, digits: string, flags: string, width: number): string {
  const missing = width - sign.length - digits.length;
  if (missing <= 0) return sign + digits;
  if (flags.includes('-')) return sign + digits + ' '.repeat(missing);
  if (flags.includes('0')) return sign + '0'.repeat(missing) + digits;
  return ' '.repeat(missing) + sign + digits;
}

/** `e`, `f` and `g` of an integer (without its sign), from its exact decimal digits. */
function floatText(value: number, conversion: string, precision: number, alternate: boolean): string {
  const digits = BigInt(Math.abs(value)).toString();
  const upper = conversion === conversion.toUpperCase();
  const kind = conversion.toLowerCase();
  let text: string;
  if (kind === 'f') text = precision > 0 ? `${digits}.${'0'.repeat(precision)}` : alternate ? `${digits}.` : digits;
  else if (kind === 'e') text = exponentText(digits, precision, alternate);
  else {
    const significant = precision === 0 ? 1 : precision;
    const { exponent } = rounded(digits, significant);
    if (exponent >= -4 && exponent < significant) {
      // Fewer digits than `significant`: the integer is exact, with zeros after the point.
      const decimals = significant - 1 - exponent;
      text = decimals > 0 ? `${digits}.${'0'.repeat(decimals)}` : alternate ? `${digits}.` : digits;
    } else text = exponentText(digits, significant - 1, alternate);
    if (!alternate && text.includes('.')) text = text.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  }
  return upper ? text.toUpperCase() : text;
}

/** `d.ddd` `e±XX` with `precision` digits after the point. */
function exponentText(digits: string, precision: number, alternate: boolean): string {
  const { mantissa, exponent } = rounded(digits, precision + 1);
  const point = precision > 0 || alternate ? '.' : '';
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa[0]}${point}${mantissa.slice(1)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** The decimal digits of a non-negative integer rounded half to even to `count` significant digits. */
function rounded(digits: string, count: number): { mantissa: string; exponent: number } {
  if (/^0+$/.test(digits)) return { mantissa: '0'.repeat(count), exponent: 0 };
  let exponent = digits.length - 1;
  if (digits.length <= count) return { mantissa: digits.padEnd(count, '0'), exponent };
  let kept = BigInt(digits.slice(0, count));
  const rest = digits.slice(count);
  const half = '5' + '0'.repeat(rest.length - 1);
  if (rest > half || (rest === half && kept % 2n === 1n)) kept += 1n;
  let mantissa = kept.toString();
  if (mantissa.length > count) {
    mantissa = mantissa.slice(0, count);
    exponent += 1;
  }
  return { mantissa, exponent };
}
