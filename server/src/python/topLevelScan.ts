/**
 * The tight loops of the tree-less header reader (literalHeader.ts and importStatement.ts):
 * blanks, identifiers, strings, statement ends and checking a type annotation. Each is one
 * function with one loop over character codes, returning a position or NEEDS_PARSER (-1) for
 * anything it does not fully understand.
 *
 * Why this shape: on a cold index most files are read before V8 has optimised anything, and a
 * loop inside one function is optimised (on-stack replacement) after a few thousand iterations,
 * while a method call per character stays slow until every method has warmed up on its own:
 * the first 500 files cost 20 times more than the rest when this was written as small methods.
 */

import type { HeaderVariableName } from './headerTypes';

/** Returned when the text needs the real parser. */
export const NEEDS_PARSER = -1;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const HASH = 35;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

export function isIdentifierStartCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

export function isIdentifierCode(code: number): boolean {
  return isIdentifierStartCode(code) || (code >= 48 && code <= 57);
}

/**
 * The header variable named by text[start, end), compared in place: this runs for every
 * identifier of the header, and slicing each one into a string to look it up cost more than
 * everything else the reader does.
 */
export function headerNameAt(text: string, start: number, end: number): HeaderVariableName | undefined {
  switch (end - start) {
    case 8:
      return text.startsWith('revision', start) ? 'revision' : undefined;
    case 10:
      return text.startsWith('depends_on', start) ? 'depends_on' : undefined;
    case 13:
      if (text.startsWith('down_revision', start)) return 'down_revision';
      return text.startsWith('branch_labels', start) ? 'branch_labels' : undefined;
    default:
      return undefined;
  }
}

/** Whether text[start, end) is one of `keywords` (grouped by length), compared in place. */
export function isKeywordAt(text: string, start: number, end: number, keywords: readonly (readonly string[] | undefined)[]): boolean {
  const candidates = keywords[end - start];
  if (!candidates) return false;
  for (const keyword of candidates) if (text.startsWith(keyword, start)) return true;
  return false;
}

export function byLength(words: readonly string[]): string[][] {
  const grouped: string[][] = [];
  for (const word of words) (grouped[word.length] ??= []).push(word);
  return grouped;
}

/** Lower-case reserved words (`None`, `True` and `False` name values; an annotation may hold None). */
const PYTHON_KEYWORDS = byLength([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/** Values that are keywords too: no name may be one of them. */
const VALUE_KEYWORDS = byLength(['None', 'True', 'False']);

/** A name nothing may bind or import at the top level without the parser: a keyword or a header variable. */
export function isHeaderNameOrKeyword(text: string, start: number, end: number): boolean {
  return headerNameAt(text, start, end) !== undefined || isKeywordAt(text, start, end, PYTHON_KEYWORDS) || isKeywordAt(text, start, end, VALUE_KEYWORDS);
}

/** End of the ASCII identifier at `start` (`start` when there is none); NEEDS_PARSER when it runs into a non-ASCII letter. */
export function identifierEnd(text: string, start: number): number {
  if (!isIdentifierStartCode(text.charCodeAt(start))) return start;
  let i = start + 1;
  while (isIdentifierCode(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) > 127 ? NEEDS_PARSER : i;
}

/** Offset just after the closing triple quote of a string whose body starts at `bodyStart`. */
export function tripleQuotedEnd(text: string, bodyStart: number, quoteCode: number, cut: number): number {
  const quote = String.fromCharCode(quoteCode);
  // Usually no backslash comes before the closing quotes: find them directly.
  const close = text.indexOf(quote + quote + quote, bodyStart);
  const backslash = text.indexOf('\\', bodyStart);
  if (close >= 0 && close + 3 <= cut && (backslash < 0 || backslash > close)) return close + 3;
  for (let i = bodyStart; i < cut; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quoteCode && text.charCodeAt(i + 1) === quoteCode && text.charCodeAt(i + 2) === quoteCode) return i + 3;
  }
  return NEEDS_PARSER;
}

/**
 * After a backslash that joins the next line (`\` right before the line break), else
 * NEEDS_PARSER. A continuation onto an empty line is valid Python but lezer reads it as an error:
 * the parser decides, so both readers agree.
 */
function continuationEnd(text: string, backslash: number): number {
  const next = text.charCodeAt(backslash + 1);
  let end = NEEDS_PARSER;
  if (next === NEWLINE) end = backslash + 2;
  else if (next === CARRIAGE_RETURN && text.charCodeAt(backslash + 2) === NEWLINE) end = backslash + 3;
  const following = text.charCodeAt(end);
  return end === NEEDS_PARSER || following === NEWLINE || following === CARRIAGE_RETURN ? NEEDS_PARSER : end;
}

/** `word` at `pos` as a whole word, not the start of a longer name (non-ASCII letters continue names too). */
export function wordAt(text: string, pos: number, word: string): boolean {
  const after = text.charCodeAt(pos + word.length);
  return text.startsWith(word, pos) && !isIdentifierCode(after) && !(after > 127);
}

/** After a statement: blanks, an optional comment, then the line break (or the end of the text). */
export function endOfStatement(text: string, pos: number, cut: number): number {
  const i = skipBlanks(text, pos, cut);
  const code = text.charCodeAt(i);
  if (i >= text.length || code === NEWLINE || code === CARRIAGE_RETURN || code === HASH) return afterLineBreak(text, i);
  return NEEDS_PARSER;
}

/** Just past the next line break at or after `pos` (or the end of the text). */
export function afterLineBreak(text: string, pos: number): number {
  const next = text.indexOf('\n', pos);
  return next < 0 ? text.length : next + 1;
}

/** Spaces, tabs and form feeds (not line breaks), up to `cut`. */
export function skipBlanks(text: string, pos: number, cut: number): number {
  let i = pos;
  while (i < cut) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) i++;
    else break;
  }
  return i;
}

/** Inside brackets: blanks, line breaks, comments and continuations; NEEDS_PARSER at `cut`. */
export function skipBracketTrivia(text: string, pos: number, cut: number): number {
  let i = pos;
  while (i < cut) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === NEWLINE || c === CARRIAGE_RETURN) i++;
    else if (c === HASH) {
      const lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) return NEEDS_PARSER;
      i = lineEnd + 1;
    } else if (c === BACKSLASH) {
      i = continuationEnd(text, i);
      if (i === NEEDS_PARSER) return NEEDS_PARSER;
    } else return i;
  }
  return NEEDS_PARSER;
}

/** Blanks, and inside brackets also line breaks, comments and continuations; NEEDS_PARSER at `cut`. */
function skipTypeBlanks(text: string, pos: number, cut: number, depth: number): number {
  if (depth > 0) return skipBracketTrivia(text, pos, cut);
  const i = skipBlanks(text, pos, cut);
  return i >= cut ? NEEDS_PARSER : i;
}

const EXPECT_ATOM = 0;
/** Just after `[`: an atom, or (for a nested list such as Callable's `[]`) the closing bracket. */
const OPENED_LIST = 1;
const OPENED_SUBSCRIPT = 2;
/** After a dotted name: `.`, `[` (subscript), `|`, `,`, `]` or the `=`. */
const AFTER_NAME = 3;
/** After a string, `...` or a closing bracket: `|`, `,`, `]` or the `=`. */
const AFTER_ATOM = 4;
const EXPECT_NAME = 5;
const AFTER_COMMA = 6;

/**
 * Checks the annotation starting at `pos` (after the `:` and blanks) in the forms headers use
 * (`str`, `Union[str, Sequence[str], None]`, `str | None`, `tuple[str, ...]`, `"Forward"`,
 * `Callable[[], str]`) and returns the position of the `=` that ends it, or NEEDS_PARSER. An
 * annotation the parser would reject makes the statement a syntax error, so only what is surely
 * valid passes: names (not keywords, not header names), dotted names, subscripts, `|`, plain
 * strings and `...`.
 */
export function annotationEnd(text: string, pos: number, cut: number): number {
  let state = EXPECT_ATOM;
  let depth = 0;
  let i = pos;
  for (;;) {
    i = skipTypeBlanks(text, i, cut, depth);
    if (i === NEEDS_PARSER) return NEEDS_PARSER;
    const c = text.charCodeAt(i);
    if (state === AFTER_NAME || state === AFTER_ATOM) {
      if (c === 61 /* = */) return depth === 0 ? i : NEEDS_PARSER;
      if (c === 124 /* | */) state = EXPECT_ATOM;
      else if (c === 44 /* , */ && depth > 0) state = AFTER_COMMA;
      else if (c === 93 /* ] */ && depth > 0) {
        depth--;
        state = AFTER_ATOM;
      } else if (c === 46 /* . */ && state === AFTER_NAME && text.charCodeAt(i + 1) !== 46) state = EXPECT_NAME;
      else if (c === 91 /* [ */ && state === AFTER_NAME) {
        depth++;
        state = OPENED_SUBSCRIPT;
      } else return NEEDS_PARSER;
      i++;
      continue;
    }
    if (c === 93 /* ] */ && (state === AFTER_COMMA || (state === OPENED_LIST && depth > 1))) {
      depth--;
      state = AFTER_ATOM;
      i++;
      continue;
    }
    if (isIdentifierStartCode(c)) {
      const end = identifierEnd(text, i);
      if (end === NEEDS_PARSER || headerNameAt(text, i, end) || isKeywordAt(text, i, end, PYTHON_KEYWORDS)) return NEEDS_PARSER;
      i = end;
      state = AFTER_NAME;
      continue;
    }
    if (state === EXPECT_NAME) return NEEDS_PARSER;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      i = plainStringEnd(text, i, cut);
      if (i === NEEDS_PARSER) return NEEDS_PARSER;
      state = AFTER_ATOM;
    } else if (c === 46 && text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
      i += 3;
      state = AFTER_ATOM;
    } else if (c === 91 /* [ */) {
      depth++;
      i++;
      state = OPENED_LIST;
    } else return NEEDS_PARSER;
  }
}

/**
 * After a plain `"abc"` / `'abc'` starting at `start` (one line, escapes allowed, not triple
 * quoted, not followed by another string on the same line: implicit concatenation goes to the
 * parser); NEEDS_PARSER otherwise.
 */
export function plainStringEnd(text: string, start: number, cut: number): number {
  const quote = text.charCodeAt(start);
  if (text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote) return NEEDS_PARSER;
  let i = start + 1;
  for (; i < cut; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === NEWLINE || next === CARRIAGE_RETURN) return NEEDS_PARSER;
      i++;
    } else if (c === quote) break;
    else if (c === NEWLINE || c === CARRIAGE_RETURN) return NEEDS_PARSER;
  }
  if (i >= cut) return NEEDS_PARSER;
  let after = i + 1;
  while (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9) after++;
  const next = text.charCodeAt(after);
  return next === DOUBLE_QUOTE || next === SINGLE_QUOTE ? NEEDS_PARSER : i + 1;
}
