/**
 * Python 3.11's starred expressions in a subscript (`a[*b]`, `Tuple[int, *Ts]`, `a[*b, 1:2]`),
 * which lezer's Python grammar (1.1.19) does not accept: a valid file got a false
 * python-syntax-error. Before lezer parses, such a `*` becomes `~`, so lezer reads a unary
 * expression of the same length; the engine evaluates an operator by its real text and refuses a
 * unary `*` (opaque), so no value is made up for it. A `*` whose element holds a slice's `:`
 * (`a[*b:c]`, a SyntaxError) or a `yield` or `for` is left as it is, for lezer to refuse.
 */
import { isNameChar, PYTHON_KEYWORDS, scanCode } from './codeScan';
import { withCharacterAt } from './sameLength';

const STAR_IN_BRACKETS = /[[,]\s*\*(?!\*)/;

/** Names after which `[` opens a list display, not a subscript (`in [*a]`, `match [*a]:`). */
const NOT_SUBSCRIPTED = new Set([...[...PYTHON_KEYWORDS].filter((word) => !['None', 'True', 'False'].includes(word)), 'match', 'case', 'print', 'type']);

export function withReadableStarredSubscripts(text: string): string {
  if (!STAR_IN_BRACKETS.test(text)) return text;
  const stars = subscriptStars(text);
  return withCharacterAt(text, stars, '~');
}

/** Whether the string literal at `quote` has an `f` among its prefix letters. */
function isFormatString(text: string, quote: number): boolean {
  for (let at = quote - 1; at >= 0 && /[a-zA-Z]/.test(text[at]); at--) if (text[at] === 'f' || text[at] === 'F') return true;
  return false;
}

/**
 * The stars of an f-string's body `[quote, end)`, found as in code: a star in its literal text
 * may be changed too, which is harmless, as readers take literal text from the real source.
 */
function subscriptStarsOfFormatString(text: string, quote: number, end: number): number[] {
  const delimiter = text.startsWith(text[quote].repeat(3), quote) ? 3 : 1;
  const from = quote + delimiter;
  const to = Math.max(from, end - delimiter);
  return subscriptStars(text.slice(from, to)).map((at) => at + from);
}

/** Offsets of each `*` that starts an element of a subscript. */
function subscriptStars(text: string): number[] {
  const stars: number[] = [];
  const brackets: boolean[] = []; // per open bracket: is it a subscript's
  let previous = ''; // the last piece of code: a bracket or punctuation, 'operand' or 'word'
  let wordStart = -1;
  scanCode(text, 0, (at, end) => {
    const c = text.charCodeAt(at);
    if (end - at > 1) {
      // An f-string's replacement fields are expressions lezer parses: `f'{a[*b]}'`.
      if (isFormatString(text, at)) stars.push(...subscriptStarsOfFormatString(text, at, end));
      previous = 'operand';
      wordStart = -1;
      return;
    }
    if (isNameChar(c)) {
      if (wordStart < 0 || at === 0 || !isNameChar(text.charCodeAt(at - 1))) wordStart = at;
      previous = NOT_SUBSCRIPTED.has(text.slice(wordStart, at + 1)) ? 'word' : 'operand';
      return;
    }
    wordStart = -1;
    if (c === 32 || c === 9 || c === 12 || c === 13 || c === 92) return;
    if (c === 10) {
      if (brackets.length === 0) previous = '';
      return;
    }
    if (c === 42 /* * */ && brackets[brackets.length - 1] === true && (previous === '[' || previous === ',') && text[at + 1] !== '*' && starredElementIsExpression(text, at + 1)) {
      stars.push(at);
    }
    if (c === 40 || c === 123) brackets.push(false);
    else if (c === 91) brackets.push(previous === 'operand');
    else if (c === 41 || c === 93 || c === 125) brackets.pop();
    previous = c === 41 || c === 93 || c === 125 ? 'operand' : text[at];
  });
  return stars;
}

/** Whether the element going on at `from` up to its `,` or `]` is an expression CPython stars: no slice, `yield` or `for` in it. */
function starredElementIsExpression(text: string, from: number): boolean {
  let depth = 0;
  let valid = true;
  scanCode(text, from, (at, end) => {
    if (end - at > 1) return;
    const c = text.charCodeAt(at);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && c === 44) return false;
    else if (depth === 0 && c === 58 /* : */) {
      valid = false;
      return false;
    } else if (depth === 0 && (text.startsWith('yield', at) || text.startsWith('for', at)) && !isNameChar(text.charCodeAt(at - 1))) {
      const word = /^\w+/.exec(text.slice(at, at + 6))?.[0];
      if (word === 'yield' || word === 'for') {
        valid = false;
        return false;
      }
    }
  });
  return valid;
}
