/**
 * Starred items in a `for` statement's iterable list (`for x in *a, *b:`, `for x in a, *b:`,
 * valid Python 3.9), which lezer's Python grammar (1.1.19) does not accept there: a valid file got
 * a false python-syntax-error. Before lezer parses, such a `*` becomes `~`, so lezer reads a unary
 * expression of the same length; the engine evaluates an operator by its real text and refuses a
 * unary `*` (opaque), so no value is made up for it. A lone starred iterable (`for x in *a:`, a
 * SyntaxError: no comma) is left for lezer to refuse.
 */
import { isNameChar, nextCodeChar, scanCode, wordOffsets } from './codeScan';
import { withCharacterAt } from './sameLength';

export function withReadableStarredForIterables(text: string): string {
  // A cheap test first (the scan below walks the whole text): a `for` line with a star after `in` or a comma.
  if (!/^[ \t\f]*(?:async[ \t\f]+)?for\b(?:[^\n]|\\\n)*[,n][ \t\f]*\*/m.test(text)) return text;
  const stars = wordOffsets(text, 'for').filter((at) => startsStatement(text, at)).flatMap((at) => iterableStars(text, at + 3));
  return withCharacterAt(text, stars, '~');
}

/** Whether the `for` at `at` opens a statement: only blanks, or `async`, before it on its line. */
function startsStatement(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t\f]*(async[ \t\f]+)?$/.test(text.slice(lineStart, at));
}

/** The stars opening items of the iterable list after the header's top-level `in`, when the list has a comma. */
function iterableStars(text: string, from: number): number[] {
  const stars: number[] = [];
  let depth = 0;
  let inList = false;
  let comma = false;
  scanCode(text, from, (at, end) => {
    if (end - at > 1) return;
    const c = text[at];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && (c === ':' || c === ';' || (c === '\n' && text[at - 1] !== '\\'))) return false;
    else if (depth === 0 && !inList && c === 'i' && text.startsWith('in', at) && !isNameChar(text.charCodeAt(at - 1)) && !isNameChar(text.charCodeAt(at + 2))) inList = true;
    else if (depth === 0 && inList && c === ',') comma = true;
    else if (depth === 0 && inList && c === '*' && text[at + 1] !== '*') {
      const before = nextCodeChar(text, at - 1, -1);
      if (text[before] === ',' || text.startsWith('in', before - 1)) stars.push(at);
    }
    if (depth < 0) return false;
  });
  return comma ? stars : [];
}
