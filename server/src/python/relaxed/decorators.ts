/**
 * Python 3.9's relaxed decorators (PEP 614): any expression after `@` (`@x := y`,
 * `@buttons[0].clicked.connect`, `@(lambda f: f)`, `@a if b else c`). Lezer's Python grammar
 * (1.1.19) reads only a dotted name with an optional argument list there, so a valid file got a
 * false python-syntax-error. Before lezer parses, such an expression becomes one name of `_`s of
 * the same length: the tree keeps its DecoratedStatement (the engine then treats the decorator
 * as one it does not follow: a name whose real text is no identifier resolves to nothing) and
 * every offset stays an offset in the real text. CPython's checks of the expression itself run on
 * its own parse (compileChecks/decoratorExpressions.ts).
 */
import { isNameChar, isNameStart, PYTHON_KEYWORDS, scanCode, scanLogicalCode, scanLogicalLine } from './codeScan';
import { withSpansAsName } from './sameLength';

const DECORATOR_LINE = /^[ \t\f]*@/m;

/** The expression `[from, to)` of each decorator lezer's grammar cannot read (`from` is just past its `@`). */
export function relaxedDecoratorExpressions(text: string): { from: number; to: number }[] {
  if (!DECORATOR_LINE.test(text)) return [];
  const found: { from: number; to: number }[] = [];
  for (const at of decoratorStarts(text)) {
    const to = logicalLineEnd(text, at + 1);
    if (!lezerReadsDecorator(text, at + 1, to)) found.push({ from: at + 1, to });
  }
  return found;
}

/** The text lezer should parse: each relaxed decorator's expression written as one name. */
export function withReadableDecorators(text: string): string {
  const expressions = relaxedDecoratorExpressions(text);
  return withSpansAsName(text, expressions);
}

/** Offsets of each `@` that begins a logical line (outside brackets, strings and comments). */
function decoratorStarts(text: string): number[] {
  const starts: number[] = [];
  scanLogicalCode(text, 0, (at, end, _depth, lineStart) => {
    if (lineStart && end - at === 1 && text.charCodeAt(at) === 64 /* @ */) starts.push(at);
  });
  return starts;
}

/** Just past the last piece of code of the logical line going on at `from` (its comment excluded). */
function logicalLineEnd(text: string, from: number): number {
  let last = from;
  scanLogicalLine(text, from, (_at, end) => {
    last = end;
  });
  return last;
}

/** What lezer's grammar reads after `@`: a dotted name of non-keywords, then at most one argument list closing the expression. */
function lezerReadsDecorator(text: string, from: number, to: number): boolean {
  let at = skipBlanks(text, from, to);
  for (;;) {
    const nameEnd = nameEndAt(text, at, to);
    if (nameEnd === at || PYTHON_KEYWORDS.has(text.slice(at, nameEnd))) return false;
    at = skipBlanks(text, nameEnd, to);
    if (text[at] !== '.') break;
    at = skipBlanks(text, at + 1, to);
  }
  if (at === to) return true;
  return text[at] === '(' && closingBracket(text, at) === to - 1;
}

function skipBlanks(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && (text[at] === ' ' || text[at] === '\t' || text[at] === '\f')) at++;
  return at;
}

function nameEndAt(text: string, from: number, to: number): number {
  if (from >= to || !isNameStart(text.charCodeAt(from))) return from;
  let at = from + 1;
  while (at < to && isNameChar(text.charCodeAt(at))) at++;
  return at;
}

/** The offset of the bracket closing the one at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  let close = -1;
  scanCode(text, open, (at, end) => {
    if (end - at > 1) return;
    const c = text.charCodeAt(at);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) {
        close = at;
        return false;
      }
    }
  });
  return close;
}
