/**
 * `decimal.Decimal(...)` of a literal string or int, kept as the text Python's `str()` gives it
 * (`Decimal("1.50")` is `1.50`, `Decimal("1e-7")` is `1E-7`, `Decimal("1E+3")` stays `1E+3`),
 * which is what SQLAlchemy's Numeric and Float literal processors print. Only an `op.bulk_insert`
 * row and `op.inline_literal()` turn it into a literal (ops.ts's DecimalLiteral); anywhere else
 * it is a value the engine does not render, so it stays opaque as before.
 *
 * A float argument (`Decimal(0.1)` is the float's exact binary expansion), a context, NaN and the
 * infinities are not modelled: the call stays a value known only at run time.
 */
import type { CallArgs } from './args';
import type { Value } from './values';

/** Python's `Decimal.__str__` (the General Decimal Arithmetic "to-scientific-string"). */
function scientificString(negative: boolean, coefficient: string, exponent: number): string {
  const digits = coefficient.replace(/^0+(?=\d)/, '');
  const adjusted = exponent + digits.length - 1;
  let text: string;
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent === 0) text = digits;
    else if (digits.length > -exponent) text = `${digits.slice(0, digits.length + exponent)}.${digits.slice(digits.length + exponent)}`;
    else text = `0.${'0'.repeat(-exponent - digits.length)}${digits}`;
  } else {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }
  return negative ? `-${text}` : text;
}

// Python's Decimal string syntax: underscores between digits, surrounding whitespace allowed.
const DIGITS = '\\d(?:_?\\d)*';
const DECIMAL_TEXT = new RegExp(`^([+-])?(?:(${DIGITS})(?:\\.(${DIGITS})?)?|\\.(${DIGITS}))(?:[eE]([+-]?${DIGITS}))?$`);

/** The str() of `Decimal(text)`, or undefined for text Python refuses or that is NaN / infinite. */
export function decimalText(text: string): string | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', onlyFraction, exponentText = '0'] = match;
  const fractional = (onlyFraction ?? fraction).replace(/_/g, '');
  const exponent = Number(exponentText.replace(/_/g, '')) - fractional.length;
  if (!Number.isSafeInteger(exponent)) return undefined;
  return scientificString(sign === '-', `${whole.replace(/_/g, '')}${fractional}` || '0', exponent);
}

/** `decimal.Decimal(value)`: a decimal value for a literal str or int, else undefined (known only at run time). */
export function buildDecimal(args: CallArgs): Value | undefined {
  if (args.positional.length > 1 || args.keywords.size > (args.positional.length === 0 ? 1 : 0)) return undefined;
  const given = args.positional[0]?.value ?? args.keywords.get('value')?.value;
  if (given === undefined) return { kind: 'decimal', text: '0' };
  if (given.kind === 'str') {
    const text = decimalText(given.value);
    return text === undefined ? undefined : { kind: 'decimal', text };
  }
  if (given.kind === 'num' && !given.float && Number.isSafeInteger(given.value)) return { kind: 'decimal', text: String(given.value) };
  if (given.kind === 'decimal') return given;
  return undefined;
}
