/**
 * Checks a top-level `import` / `from ... import` statement against Python's grammar for the
 * tree-less header reader (literalHeader.ts), which otherwise hands every statement it does not
 * read to the parser. Checking imports (rather than skipping them token by token) means a
 * syntax error inside an import line sends the file to the parser, which reports it: the cold
 * index and `alembic-lens check` see the same errors as a full parse of the module prefix.
 *
 * Accepted, with spaces, tabs and form feeds between tokens (and, inside the parentheses of a
 * `from` import, line breaks, comments and continuations):
 *
 *     import dotted [as name] (, dotted [as name])*
 *     from .* dotted import (* | names | ( names [,] ))      (or `from .+ import ...`)
 *     names: name [as name] (, name [as name])*
 *
 * followed by an optional comment and the line break. Anything else (a backslash continuation
 * outside parentheses, `;`, a keyword or header variable name where a name goes, a non-ASCII
 * name) returns NEEDS_PARSER: the parser decides, so accepting less than Python does is safe
 * and accepting more never happens.
 */
import {
  endOfStatement,
  isHeaderNameOrKeyword,
  NEEDS_PARSER,
  identifierEnd,
  isIdentifierStartCode,
  skipBlanks,
  skipBracketTrivia,
  wordAt,
} from './topLevelScan';

const DOT = 46;
const COMMA = 44;
const STAR = 42;
const OPEN = 40;
const CLOSE = 41;

/** Just after the line break that ends the import statement starting at `start`; NEEDS_PARSER otherwise. */
export function importStatementEnd(text: string, start: number, cut: number): number {
  let i: number;
  if (wordAt(text, start, 'import')) {
    i = namesEnd(text, start + 6, cut, true, false);
  } else if (wordAt(text, start, 'from')) {
    i = skipBlanks(text, start + 4, cut);
    const dotsStart = i;
    while (text.charCodeAt(i) === DOT) i++;
    i = skipBlanks(text, i, cut);
    if (isIdentifierStartCode(text.charCodeAt(i)) && !wordAt(text, i, 'import')) i = dottedNameEnd(text, i, cut);
    else if (i === dotsStart) return NEEDS_PARSER; // neither dots nor a module
    if (i === NEEDS_PARSER) return NEEDS_PARSER;
    i = skipBlanks(text, i, cut);
    if (!wordAt(text, i, 'import')) return NEEDS_PARSER;
    i = skipBlanks(text, i + 6, cut);
    const code = text.charCodeAt(i);
    if (code === STAR) i++;
    else if (code === OPEN) {
      i = namesEnd(text, i + 1, cut, false, true);
      if (i === NEEDS_PARSER || text.charCodeAt(i) !== CLOSE) return NEEDS_PARSER;
      i++;
    } else i = namesEnd(text, i, cut, false, false);
  } else return NEEDS_PARSER;
  return i === NEEDS_PARSER ? NEEDS_PARSER : endOfStatement(text, i, cut);
}

/**
 * `a [as b], c [as d]...` (dotted names for `import`): the offset after the last name, before
 * any blanks. In parentheses, a trailing comma is allowed and trivia includes line breaks.
 */
function namesEnd(text: string, pos: number, cut: number, dotted: boolean, parenthesized: boolean): number {
  let i = pos;
  for (;;) {
    i = parenthesized ? skipBracketTrivia(text, i, cut) : skipBlanks(text, i, cut);
    if (i === NEEDS_PARSER) return NEEDS_PARSER;
    i = dotted ? dottedNameEnd(text, i, cut) : nameEnd(text, i);
    if (i === NEEDS_PARSER) return NEEDS_PARSER;
    let after = parenthesized ? skipBracketTrivia(text, i, cut) : skipBlanks(text, i, cut);
    if (after === NEEDS_PARSER) return NEEDS_PARSER;
    if (wordAt(text, after, 'as')) {
      i = parenthesized ? skipBracketTrivia(text, after + 2, cut) : skipBlanks(text, after + 2, cut);
      if (i === NEEDS_PARSER) return NEEDS_PARSER;
      i = nameEnd(text, i);
      if (i === NEEDS_PARSER) return NEEDS_PARSER;
      after = parenthesized ? skipBracketTrivia(text, i, cut) : skipBlanks(text, i, cut);
      if (after === NEEDS_PARSER) return NEEDS_PARSER;
    }
    if (text.charCodeAt(after) !== COMMA) return parenthesized ? after : i;
    i = after + 1;
    if (parenthesized) {
      const next = skipBracketTrivia(text, i, cut);
      if (next === NEEDS_PARSER) return NEEDS_PARSER;
      if (text.charCodeAt(next) === CLOSE) return next; // trailing comma
    }
  }
}

/** `a.b.c` (blanks allowed around the dots, as Python's tokenizer allows). */
function dottedNameEnd(text: string, pos: number, cut: number): number {
  let i = nameEnd(text, pos);
  for (;;) {
    if (i === NEEDS_PARSER) return NEEDS_PARSER;
    const dot = skipBlanks(text, i, cut);
    if (text.charCodeAt(dot) !== DOT) return i;
    i = nameEnd(text, skipBlanks(text, dot + 1, cut));
  }
}

/** One name that binds or is imported: not a keyword, not a header variable. */
function nameEnd(text: string, pos: number): number {
  const end = identifierEnd(text, pos);
  if (end === NEEDS_PARSER || end === pos) return NEEDS_PARSER;
  return isHeaderNameOrKeyword(text, pos, end) ? NEEDS_PARSER : end;
}
