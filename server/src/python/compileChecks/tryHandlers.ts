/**
 * A `try:` with neither `except` nor `finally` (an `else:` alone does not count), which lezer's
 * grammar accepts and CPython's parser refuses: "expected 'except' or 'finally' block". Alembic
 * cannot import such a migration, so Lens must not print SQL for it. So is a `try` mixing
 * `except` and `except*` handlers, reported at the first handler of the kind the first one is not.
 *
 * CPython reports the token after the try's block: the first code of the next line holding
 * any (comments and blank lines are no tokens) at its first character, or at the line's start
 * when that line is indented less than the `try` (CPython's column 0 there, before the line's
 * first character, which a range cannot say); at the end of the file, the end of the last line
 * holding any character.
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

const MESSAGE = "expected 'except' or 'finally' block";
const MIXED_MESSAGE = "cannot have both 'except' and 'except*' on the same 'try'";

/** The first handler (`except`, or `except*` through its star) of the other kind than the first handler's. */
function mixedHandler(parts: readonly SyntaxNode[]): { from: number; to: number } | undefined {
  let firstStarred: boolean | undefined;
  for (let index = 0; index < parts.length; index++) {
    if (parts[index].name !== 'except') continue;
    const star = parts[index + 1]?.name === '*' ? parts[index + 1] : undefined;
    firstStarred ??= star !== undefined;
    if ((star !== undefined) !== firstStarred) return { from: parts[index].from, to: star ? star.to : parts[index].to };
  }
  return undefined;
}

export function tryHandlerErrors(statement: SyntaxNode, text: string): CompileError[] {
  const parts = childrenOf(statement);
  const mixed = mixedHandler(parts);
  if (mixed) return [syntaxError(CompileStage.Parser, mixed.from, mixed.to, MIXED_MESSAGE)];
  if (parts.some((part) => part.name === 'except' || part.name === 'finally')) return [];
  const body = parts.find((part) => part.name === 'Body');
  if (!body) return [];
  const at = tokenAfter(text, body.to, indentationAt(text, statement.from));
  return [syntaxError(CompileStage.Parser, at, at + 1, MESSAGE)];
}

/** The column of `offset` from its line's start (the statement's indentation). */
function indentationAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Where CPython's error stands after a block ending at `from`, for a statement at indentation `indent`. */
function tokenAfter(text: string, from: number, indent: number): number {
  // The block's last line: lezer's block ends after its line break, or at the end of the text.
  const lastLine = from > 0 && text[from - 1] === '\n' ? from - 1 : from;
  let lastContentEnd = lineEndOf(text, lastLine);
  let lineStart = text.indexOf('\n', lastLine);
  while (lineStart >= 0 && lineStart + 1 <= text.length) {
    lineStart++;
    const end = lineEndOf(text, lineStart);
    let first = lineStart;
    while (first < end && (text[first] === ' ' || text[first] === '\t' || text[first] === '\f')) first++;
    if (first < end && text[first] !== '#') return first - lineStart < indent ? lineStart : first;
    if (end > lineStart) lastContentEnd = end;
    lineStart = text.indexOf('\n', lineStart);
  }
  return lastContentEnd;
}

/** The end of the line holding `offset`, before its line break (and a carriage return). */
function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}
