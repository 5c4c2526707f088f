/**
 * Python's `repr()` of a float, which SQLAlchemy prints for float literals (`str(value)`): the
 * shortest digits that read back as the same number, as JavaScript's, but in exponent form below
 * 1e-4 and from 1e16 (`1e-05`, `1.5e+16`, a two-digit exponent with its sign) and with `.0` on an
 * integral value.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  // JavaScript prints fixed notation in this range too.
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * A number the interpreter read from Python, printed as Python prints it. JavaScript keeps no
 * int/float distinction: an integral value is printed as an int (`2.0` prints `2`), any other as
 * Python's float repr.
 */
export function pythonNumberText(value: number): string {
  return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
}
