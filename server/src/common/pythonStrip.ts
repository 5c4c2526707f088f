/**
 * Python's `str.strip()` family. Without arguments Python strips what `str.isspace()` calls
 * whitespace, which is not JavaScript's `trim()`: Python keeps a byte-order mark (U+FEFF, which
 * `trim()` removes) and strips the information separators U+001C-U+001F and U+0085 (which
 * `trim()` keeps). Alembic strips every statement it prints, so a SQL file read with its BOM
 * prints the BOM.
 */
const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PYTHON_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PYTHON_SPACE}]+$`);

const ONE_SPACE = new RegExp(`^[${PYTHON_SPACE}]$`);

/** Whether one UTF-16 unit is what Python's `str.isspace()` calls whitespace (every such character is in the BMP). */
export function isPythonSpace(unit: string): boolean {
  return ONE_SPACE.test(unit);
}

export type StripSide = 'both' | 'left' | 'right';

/** `text.strip()`, `.lstrip()` or `.rstrip()`; with `chars`, those characters instead of whitespace. */
export function pythonStrip(text: string, side: StripSide = 'both', chars?: string): string {
  if (chars === undefined) {
    const left = side === 'right' ? text : text.replace(LEADING_SPACE, '');
    return side === 'left' ? left : left.replace(TRAILING_SPACE, '');
  }
  const set = new Set(chars);
  const points = [...text];
  let start = 0;
  let end = points.length;
  if (side !== 'right') while (start < end && set.has(points[start])) start++;
  if (side !== 'left') while (end > start && set.has(points[end - 1])) end--;
  return points.slice(start, end).join('');
}
