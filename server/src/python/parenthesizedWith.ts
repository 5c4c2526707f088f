/**
 * Python 3.10's parenthesized context managers, which lezer's Python grammar (1.1.19) does not
 * accept:
 *
 *     with (
 *         console.status("..."),
 *         op.batch_alter_table("account") as batch_op,
 *     ):
 *
 * Lezer reads the parentheses as a tuple and stops at `as` (hasgeek/funnel's migrations got false
 * python-syntax-error errors). Before lezer parses, the parentheses, the line breaks and comments
 * directly inside them and a trailing comma are replaced by spaces: the text keeps its length, so
 * every offset in the tree is an offset in the real text (readers slice the real text, never this
 * one), and lezer reads `with a, b as x:`, the same statement. A `with (` whose parenthesis is not
 * closed right before the colon (`with (a) as b:`, `with (a, b) as c:`) is left as it is.
 */

import { stringEnd } from './stringEnd';

const WITH_PARENTHESIS = /^[ \t]*(?:async[ \t]+)?with[ \t]*\(/gm;

/** The text lezer should parse: `text` itself unless it has a parenthesized `with`. */
export function withoutWithParentheses(text: string): string {
  if (!text.includes('with')) return text;
  let chars: string[] | undefined;
  for (const match of text.matchAll(WITH_PARENTHESIS)) {
    const open = match.index! + match[0].length - 1;
    const blanks = blanksOfGroup(text, open);
    if (!blanks) continue;
    // UTF-16 units, as offsets count them.
    chars ??= text.split('');
    for (const at of blanks) chars[at] = ' ';
  }
  return chars ? chars.join('') : text;
}

/**
 * The offsets to blank for the group opened at `open`: both parentheses, a trailing comma, and
 * the line breaks and comments at its own depth. Undefined when the group is not followed by the
 * statement's colon, or when it runs to the end of the text.
 */
function blanksOfGroup(text: string, open: number): number[] | undefined {
  const blanks = [open];
  let depth = 1;
  let lastComma = -1;
  let at = open + 1;
  while (at < text.length) {
    const char = text[at];
    if (char === '"' || char === "'") {
      const end = stringEnd(text, at);
      at = end >= 0 ? end : unterminatedStringEnd(text, at);
      lastComma = -1;
      continue;
    }
    if (char === '#') {
      const end = lineEnd(text, at);
      if (depth === 1) for (let blank = at; blank < end; blank++) blanks.push(blank);
      at = end;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && char === '\n') blanks.push(at);
    else if (depth === 1 && char === '\r') blanks.push(at);
    if (depth === 1 && char === ',') lastComma = at;
    else if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') lastComma = -1;
    at++;
  }
  if (at >= text.length) return undefined;
  let after = at + 1;
  while (text[after] === ' ' || text[after] === '\t') after++;
  if (text[after] !== ':') return undefined;
  blanks.push(at);
  if (lastComma >= 0) blanks.push(lastComma);
  return blanks;
}

/** An unterminated string (lezer reports it) ends at its line's unescaped break (one quote) or at the end (three). */
function unterminatedStringEnd(text: string, start: number): number {
  if (text.startsWith(text[start].repeat(3), start)) return text.length;
  let at = start + 1;
  while (at < text.length && text[at] !== '\n') at += text[at] === '\\' ? 2 : 1;
  return at;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}
