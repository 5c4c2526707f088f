/**
 * Text surgery for quick fixes: the statement an operation call forms (whole lines, with its
 * indentation), the closing parenthesis of a call, a keyword argument inserted before it. Fixes
 * only touch a call that is a statement of its own (`op.create_index(...)` on its lines); a call
 * inside an expression gets no fix rather than a wrong one.
 */
import type { SuggestedFix, TextEdit } from '../../common/problem';
import { LineIndex, type SourceRange } from '../../common/range';

export interface Statement {
  startLine: number;
  endLine: number;
  indent: string;
  /** The text of lines startLine..endLine, without the final newline. */
  text: string;
}

export function statementAt(source: string, range: SourceRange): Statement | undefined {
  const lines = source.split('\n');
  const first = lines[range.start.line];
  if (first === undefined) return undefined;
  const prefix = first.slice(0, range.start.character);
  if (prefix.trim() !== '') return undefined;
  const last = lines[range.end.line] ?? '';
  // Only a comment may follow the call on its last line.
  if (!/^\s*(#.*)?$/.test(last.slice(range.end.character))) return undefined;
  return { startLine: range.start.line, endLine: range.end.line, indent: prefix, text: lines.slice(range.start.line, range.end.line + 1).join('\n') };
}

/** Offset (in `statement.text`) of the call's closing parenthesis: the call ends at `range.end`. */
function closingParen(range: SourceRange, statement: Statement): number | undefined {
  const lines = new LineIndex(statement.text);
  const at = lines.offsetAt({ line: range.end.line - statement.startLine, character: range.end.character }) - 1;
  return statement.text[at] === ')' ? at : undefined;
}

/** `text` with `keyword=value` added as the call's last argument (after a trailing comma, if any). */
export function withKeyword(range: SourceRange, statement: Statement, argument: string): string | undefined {
  const close = closingParen(range, statement);
  if (close === undefined) return undefined;
  let before = close - 1;
  while (before >= 0 && /\s/.test(statement.text[before])) before--;
  const text = statement.text;
  if (text[before] === ',') return `${text.slice(0, before + 1)} ${argument},${text.slice(before + 1)}`;
  if (text[before] === '(') return `${text.slice(0, before + 1)}${argument}${text.slice(before + 1)}`;
  return `${text.slice(0, before + 1)}, ${argument}${text.slice(before + 1)}`;
}

/** The statement's lines indented one level more, under `header` at the statement's indentation. */
export function wrapped(statementText: string, indent: string, header: string): string {
  const body = statementText
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `    ${line}`))
    .join('\n');
  return `${indent}${header}\n${body}`;
}

export function replaceStatement(file: string, statement: Statement, newText: string): TextEdit {
  const lastLength = statement.text.split('\n').pop()!.length;
  return { file, range: { start: { line: statement.startLine, character: 0 }, end: { line: statement.endLine, character: lastLength } }, newText };
}

export function fix(title: string, edits: TextEdit[]): SuggestedFix {
  return { title, edits };
}

/** A Python string literal for `text` (double quotes, escapes as needed). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}
