/**
 * A lexical walk of Python source for the rewrites made before lezer parses: each offset of code
 * is visited once, string literals as one piece and comments not at all, so a `@`, `[` or `*`
 * inside a string or a comment is never taken for code.
 */
import { stringEnd } from '../stringEnd';

/**
 * Calls `visit(at, end)` for each piece of code from `from` on: a string literal spans
 * `[at, end)`, any other character is one piece (`end` = at + 1). `visit` returns false to stop.
 * A string's prefix letters are visited as code before it.
 */
export function scanCode(text: string, from: number, visit: (at: number, end: number) => boolean | void): void {
  let at = from;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c === 35 /* # */) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
      continue;
    }
    let end = at + 1;
    if (c === 34 || c === 39) {
      const close = stringEnd(text, at);
      end = close >= 0 ? close : unterminatedEnd(text, at);
    }
    if (visit(at, end) === false) return;
    at = end;
  }
}

/** An unterminated string runs to its line's end (one quote) or to the end of the text (three). */
function unterminatedEnd(text: string, start: number): number {
  if (text.startsWith(text[start].repeat(3), start)) return text.length;
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** Python's keywords: a name lezer never reads as a variable. */
export const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

export const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
export const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);

/** Offsets of each `word` written as a whole name in code (not in a string, a comment or a longer name). */
export function wordOffsets(text: string, word: string): number[] {
  const offsets: number[] = [];
  if (!text.includes(word)) return offsets;
  scanCode(text, 0, (at, end) => {
    if (end - at > 1 || text.charCodeAt(at) !== word.charCodeAt(0) || (at > 0 && isNameChar(text.charCodeAt(at - 1)))) return;
    if (text.startsWith(word, at) && !isNameChar(text.charCodeAt(at + word.length))) offsets.push(at);
  });
  return offsets;
}

/** The first offset from `from` on (or before it, going back with `step` -1) that is not a blank or a line continuation. */
export function nextCodeChar(text: string, from: number, step: 1 | -1): number {
  let at = from;
  while (at >= 0 && at < text.length && /[ \t\f\r\n\\]/.test(text[at])) at += step;
  return at;
}
