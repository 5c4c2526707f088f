/**
 * Indentation CPython refuses and lezer's grammar reads without complaint (it takes a line's
 * indentation into account only where a block opens or closes): a statement indented deeper than
 * the one before it without a block opening there (`x = 1` then `    y = 2`: "unexpected
 * indent"), and a dedent to a column no enclosing block has (`def f():` / `    pass` then
 * `  x = 1`: "unindent does not match any outer indentation level").
 *
 * CPython's tokenizer keeps a stack of indentation columns (a tab advancing to the next multiple
 * of 8, a form feed restarting at 0) and measures only the first line of each logical line: blank
 * lines, lines holding only a comment, and lines continued inside brackets, after a backslash or
 * inside a triple-quoted string are not measured.
 */
import { scanCode } from '../relaxed/codeScan';
import { CompileStage, type CompileError } from './compileError';

interface LogicalLine {
  /** Offset of the line's first character. */
  start: number;
  /** Offset of its first code (past the indentation). */
  code: number;
  column: number;
  /** True when the logical line's last code is a `:` outside brackets: a block opens after it. */
  opensBlock: boolean;
}

export function indentationErrors(text: string): CompileError[] {
  const stack = [0];
  let previousOpensBlock = false;
  for (const line of logicalLines(text)) {
    const top = stack[stack.length - 1];
    if (line.column > top) {
      // The parser takes an INDENT only as a block's start.
      if (!previousOpensBlock) return [{ stage: CompileStage.Parser, from: Math.max(line.start, line.code - 1), to: line.code, message: 'IndentationError: unexpected indent.' }];
      stack.push(line.column);
    } else if (line.column < top) {
      while (stack.length > 1 && line.column < stack[stack.length - 1]) stack.pop();
      if (line.column !== stack[stack.length - 1]) {
        const end = lineEnd(text, line.start);
        return [{ stage: CompileStage.Tokenizer, from: end, to: end, message: 'IndentationError: unindent does not match any outer indentation level.' }];
      }
    }
    previousOpensBlock = line.opensBlock;
  }
  return [];
}

/** The first physical line of each logical line holding code, in order. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let depth = 0;
  let continued = false;
  let current: LogicalLine | undefined;
  let lastCode = '';
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  scanCode(text, lineStart, (at, end) => {
    const c = text.charCodeAt(at);
    const single = end - at === 1;
    if (single && (c === 10 || c === 13)) {
      // CRLF counts once: the line ends at its LF.
      if (c === 13 && text.charCodeAt(at + 1) === 10) return;
      if (depth === 0 && !continued && current) {
        current.opensBlock = lastCode === ':';
        current = undefined;
      }
      continued = false;
      lineStart = end;
      return;
    }
    if (single && (c === 32 || c === 9 || c === 12)) return;
    if (single && c === 92 /* \ */) {
      continued = true;
      return;
    }
    continued = false;
    if (!current) {
      current = { start: lineStart, code: at, column: columnOf(text, lineStart, at), opensBlock: false };
      lines.push(current);
    }
    if (single && (c === 40 || c === 91 || c === 123)) depth++;
    else if (single && (c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    lastCode = single ? text[at] : '';
  });
  return lines;
}

/** CPython's column of the indentation `[from, to)`: a tab to the next multiple of 8, a form feed back to 0. */
function columnOf(text: string, from: number, to: number): number {
  let column = 0;
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c === 9) column = (Math.floor(column / 8) + 1) * 8;
    else if (c === 12) column = 0;
    else column++;
  }
  return column;
}

function lineEnd(text: string, from: number): number {
  const end = text.slice(from).search(/\r?\n|\r/);
  return end < 0 ? text.length : from + end;
}
