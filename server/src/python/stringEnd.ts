/** Where a Python string literal ends, for the scanners that read source text without parsing it. */

/**
 * Offset just past the string literal starting at `at` (a quote), or -1 when it does not end. A
 * line break (LF, CRLF or a lone CR: Python reads all three as one) ends a one-quote string unless
 * a backslash escapes it.
 */
export function stringEnd(text: string, at: number): number {
  const quote = text.charCodeAt(at);
  const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
  let i = at + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) {
      i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
      continue;
    }
    if (c === quote) {
      if (!triple) return i + 1;
      if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) return i + 3;
    } else if ((c === 10 || c === 13) && !triple) {
      return -1;
    }
    i++;
  }
  return -1;
}
