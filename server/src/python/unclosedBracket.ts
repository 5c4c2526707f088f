/**
 * The bracket CPython's tokenizer (3.11) finds still open at the end of a file: it reports
 * "'(' was never closed" at the innermost one. The scan follows the tokenizer's view of the text
 * (strings, comments and f-strings are single tokens; a backslash joins lines) and gives up on
 * anything the tokenizer itself would refuse first (an unterminated string, a closing bracket
 * that matches nothing, a stray character): CPython then reports that error instead, and Lens
 * keeps its own message.
 */
import { MAX_NESTING } from './compileChecks/compileError';
import { stringEnd } from './stringEnd';

export interface OpenBracket {
  /** The offset of the bracket in the text. */
  from: number;
  bracket: '(' | '[' | '{';
}

const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const OPERATOR_CHARS = new Set('+-*/%@&|^~<>=.,:;!');
const IDENTIFIER_CHAR = /[\p{XID_Continue}]/u;

/** The innermost bracket open at the end of `text`, or undefined (none, or a tokenizer error comes first). */
export function unclosedBracketAtEnd(text: string): OpenBracket | undefined {
  const open: OpenBracket[] = [];
  let at = 0;
  while (at < text.length) {
    const c = text[at];
    if (c === '#') {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      at = end;
    } else if (c === '(' || c === '[' || c === '{') {
      // One bracket more is a tokenizer error of its own.
      if (open.length >= MAX_NESTING) return undefined;
      open.push({ from: at, bracket: c });
      at++;
    } else if (c === ')' || c === ']' || c === '}') {
      const top = open.pop();
      if (!top || CLOSER_OF[top.bracket] !== c) return undefined;
      at++;
    } else if (c === '\\') {
      // A line continuation; anything else after the backslash is a tokenizer error.
      if (text[at + 1] === '\n') at += 2;
      else if (text[at + 1] === '\r' && text[at + 2] === '\n') at += 3;
      else if (at + 1 === text.length) at++;
      else return undefined;
    } else if (c === '!' && text[at + 1] !== '=') {
      return undefined;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || OPERATOR_CHARS.has(c)) {
      at++;
    } else if (IDENTIFIER_CHAR.test(c)) {
      // A name, a keyword, a number, or a string's prefix (`rb"..."`, `f'...'`): the quote is next.
      at++;
      while (at < text.length && IDENTIFIER_CHAR.test(text[at])) at++;
    } else {
      // `$`, `?`, a backquote, a stray non-ASCII character (a lone surrogate half counts too).
      if (!isIdentifierCodePoint(text, at)) return undefined;
      at += 2;
    }
  }
  return open[open.length - 1];
}

/** A character outside the BMP that may be part of a name (its two UTF-16 halves at `at`). */
function isIdentifierCodePoint(text: string, at: number): boolean {
  const point = text.codePointAt(at);
  return point !== undefined && point > 0xffff && IDENTIFIER_CHAR.test(String.fromCodePoint(point));
}
