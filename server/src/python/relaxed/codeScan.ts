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

/**
 * Calls `visit(at, end, depth, lineStart)` for each piece of code from `from` on as scanCode does, but for
 * blanks, line breaks and line continuations: the scans for a statement's first word or for the
 * end of a logical line need where each piece stands, not those. A line break ends a logical line
 * outside brackets unless a `\` came last before it (blanks between them, a CR of a CRLF among
 * them, do not count). `visit` returns false to stop. `fromLineStart` false: `from` is within a
 * logical line, so its first piece is none's start. `depth`: brackets open before the piece,
 * counted from `from` (a closing one with none open counts nothing); `lineStart`: the piece is the
 * first code of a logical line. Passed as two arguments, not an object: the walk visits every
 * character of code.
 */
export function scanLogicalCode(
  text: string,
  from: number,
  visit: (at: number, end: number, depth: number, lineStart: boolean) => boolean | void,
  fromLineStart = true,
): void {
  let depth = 0;
  let continued = false;
  let lineStart = fromLineStart;
  scanCode(text, from, (at, end) => {
    const c = text.charCodeAt(at);
    const single = end - at === 1;
    if (single && c === 10) {
      if (depth === 0 && !continued) lineStart = true;
      continued = false;
      return;
    }
    if (single && (c === 32 || c === 9 || c === 12 || c === 13)) return;
    if (single && c === 92 /* \ */) {
      continued = true;
      return;
    }
    continued = false;
    const before = depth;
    const starts = lineStart;
    lineStart = false;
    if (single && (c === 40 || c === 91 || c === 123)) depth++;
    else if (single && (c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    return visit(at, end, before, starts);
  });
}

/** scanLogicalCode up to the end of the logical line going on at `from`: `depth` counts the brackets opened since `from`. */
export function scanLogicalLine(text: string, from: number, visit: (at: number, end: number, depth: number) => boolean | void): void {
  scanLogicalCode(text, from, (at, end, depth, lineStart) => (lineStart ? false : visit(at, end, depth)), false);
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
