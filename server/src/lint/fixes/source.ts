/**
 * Text surgery for quick fixes: the statement an operation call forms (whole lines, with its
 * indentation), the closing parenthesis of a call, a keyword argument inserted before it. Fixes
 * only touch a call that is a statement of its own (`op.create_index(...)` on its lines); a call
 * inside an expression gets no fix rather than a wrong one.
 *
 * Fixes build their text with `\n` and one indentation level as `statement.unit`;
 * `replaceStatement` writes it with the document's line ending, so a CRLF or tab-indented file
 * stays what it was (Python refuses a block that mixes tabs and spaces with TabError).
 */
import { requiresQuotes } from '../../engine/render/identifiers';
import type { SuggestedFix, TextEdit } from '../../common/problem';
import { LineIndex, type SourceRange } from '../../common/range';

export interface Statement {
  startLine: number;
  endLine: number;
  indent: string;
  /** The text of lines startLine..endLine, without the final newline, lines joined by `\n` (no `\r`). */
  text: string;
  /** One indentation level of the file: a tab, or its number of spaces. */
  unit: string;
  /** The document's line ending, which `replaceStatement` writes for each `\n` of a fix's text. */
  eol: '\n' | '\r\n';
}

export function statementAt(source: string, range: SourceRange): Statement | undefined {
  const lines = source.split('\n');
  const first = lines[range.start.line];
  if (first === undefined) return undefined;
  const prefix = first.slice(0, range.start.character);
  if (prefix.trim() !== '') return undefined;
  // The `\r` of a CRLF ending is no part of the line: a trailing comment before it must not
  // cost the fix, nor may the edit's range or text take it in.
  const own = lines.slice(range.start.line, range.end.line + 1).map(withoutCarriageReturn);
  const last = own[own.length - 1];
  // Only a comment may follow the call on its last line.
  if (!/^\s*(#.*)?$/.test(last.slice(range.end.character))) return undefined;
  return { startLine: range.start.line, endLine: range.end.line, indent: prefix, text: own.join('\n'), unit: indentUnit(lines, prefix), eol: lineEnding(source) };
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The first line ending decides: editors keep a file's one line ending. */
function lineEnding(source: string): '\n' | '\r\n' {
  const newline = source.indexOf('\n');
  return newline > 0 && source[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** A line that opens a block (`def upgrade():`, `if ...:`), so the next code line is one level deeper. */
const BLOCK_OPENER = /^\s*(async\s+)?(def|class|if|elif|else|for|while|with|try|except|finally)\b.*:\s*(#.*)?$/;

/**
 * One indentation level: a tab when the statement is tab-indented (spaces added to a tab-indented
 * block make Python's TabError), else the spaces the file's first block adds, 4 when none does.
 */
function indentUnit(lines: readonly string[], indent: string): string {
  if (indent.includes('\t')) return '\t';
  for (let index = 0; index < lines.length; index++) {
    if (!BLOCK_OPENER.test(withoutCarriageReturn(lines[index]))) continue;
    let next = index + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    if (next === lines.length) break;
    const outer = leadingWhitespace(lines[index]);
    const inner = leadingWhitespace(lines[next]);
    if (inner.startsWith(outer) && /^ +$/.test(inner.slice(outer.length))) return inner.slice(outer.length);
  }
  return '    ';
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
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
  const before = lastCodeBefore(statement.text, close);
  const text = statement.text;
  if (text[before] === ',') return `${text.slice(0, before + 1)} ${argument},${text.slice(before + 1)}`;
  if (text[before] === '(') return `${text.slice(0, before + 1)}${argument}${text.slice(before + 1)}`;
  return `${text.slice(0, before + 1)}, ${argument}${text.slice(before + 1)}`;
}

/**
 * The offset of the last character before `end` that is code: not white space and not in a
 * comment (`["name"],  # the name` before the closing parenthesis ends at the comma). Strings are
 * skipped whole, so a `#` inside one starts no comment.
 */
function lastCodeBefore(text: string, end: number): number {
  let last = -1;
  for (let at = 0; at < end; at++) {
    const char = text[at];
    if (char === '#') {
      while (at < end && text[at] !== '\n') at++;
      continue;
    }
    if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), at);
      const quote = triple ? char.repeat(3) : char;
      at += quote.length;
      while (at < end && !text.startsWith(quote, at)) at += text[at] === '\\' ? 2 : 1;
      at += quote.length - 1;
      last = Math.min(at, end - 1);
      continue;
    }
    if (!/\s/.test(char)) last = at;
  }
  return last;
}

/** `statementText` (the statement's lines, rewritten) indented one level more, under `header` at the statement's indentation. */
export function wrapped(statementText: string, statement: Statement, header: string): string {
  const body = statementText
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `${statement.unit}${line}`))
    .join('\n');
  return `${statement.indent}${header}\n${body}`;
}

/** Replaces the statement's lines up to the end of its last line's text (never its `\r`), `newText` written with the document's line ending. */
export function replaceStatement(file: string, statement: Statement, newText: string): TextEdit {
  const lastLength = statement.text.split('\n').pop()!.length;
  const text = statement.eol === '\n' ? newText : newText.replace(/\r?\n/g, statement.eol);
  return { file, range: { start: { line: statement.startLine, character: 0 }, end: { line: statement.endLine, character: lastLength } }, newText: text };
}

export function fix(title: string, edits: TextEdit[]): SuggestedFix {
  return { title, edits };
}

/**
 * A name written into SQL text the fix adds (`op.execute("ALTER TABLE ... VALIDATE CONSTRAINT
 * ...")`, `postgresql_using="col::type"`), quoted where PostgreSQL needs it as SQLAlchemy quotes
 * names: upper-case letters, other characters, and reserved words (`user` unquoted is
 * CURRENT_USER, and a USING expression over it converts every row to the role's name).
 */
export function sqlIdentifier(name: string): string {
  return requiresQuotes(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** A Python string literal for `text` (double quotes, escapes as needed). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}
