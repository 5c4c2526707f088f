/**
 * The layout Alembic's autogenerate writes, recognised without a syntax tree: a docstring, import
 * statements, the four revision identifiers assigned literal values, and `def upgrade()` /
 * `def downgrade()` whose bodies hold only a docstring, `pass`, comments and `op.<name>(...)`
 * calls. Anything else (another statement, a decorator, a line continuation, a tab, a string
 * prefix, `\r`) answers undefined and the file is read the general way (fileReading.ts). What
 * this accepts is valid Python: brackets must match, strings must end, and each body statement
 * stands at the body's indentation.
 */

import { stringEnd } from '../../../python/stringEnd';

// callSyntax.ts reads it from here with the layout's other scanners.
export { stringEnd };

export type MigrationFunctionName = 'upgrade' | 'downgrade';

export interface FunctionLayout {
  name: MigrationFunctionName;
  /** Offset of `def`. */
  defStart: number;
  /** Offset just past the newline that ends the body's last statement (the interpreter's range end). */
  bodyEnd: number;
  /** `[start, end)` of each `op.<name>(...)` call, in order. */
  calls: CallLayout[];
}

export interface CallLayout {
  start: number;
  end: number;
  /** Inside `with op.get_context().autocommit_block():`, at this indentation. */
  autocommitIndent?: number;
}

export interface ModuleLayout {
  /** The import statements' text, in order: what names the calls' roots refer to. */
  imports: string;
  /** Names the imports bind (`sa`, `op`, `postgresql`, ...). */
  bound: ReadonlySet<string>;
  /** The body indentation of the functions (all calls start at this column). */
  indent: number;
  functions: FunctionLayout[];
}

const REVISION_NAMES = /^(revision|down_revision|branch_labels|depends_on)\s*(:[^=\n]*)?=([^\n]*)$/;
const LITERAL_VALUE = /^(\s|None|"[^"\\\n]*"|'[^'\\\n]*'|[()[\],])*$/;
const DEF_LINE = /^def (upgrade|downgrade)\(\)(\s*->\s*None)?:\s*(#[^\n]*)?$/;
const IMPORT_LINE = /^(import [A-Za-z_][\w.]*( as [A-Za-z_]\w*)?|from [A-Za-z_][\w.]* import [A-Za-z_]\w*( as [A-Za-z_]\w*)?(, [A-Za-z_]\w*( as [A-Za-z_]\w*)?)*)\s*(#[^\n]*)?$/;
const CALL_START = /op\.[a-z_]+\(/y;
const AUTOCOMMIT = 'with op.get_context().autocommit_block():';

/**
 * The end of the logical line starting at `from` (the offset of its ending newline, or the text's
 * length), or -1 where this reader does not follow: a backslash outside a string, a string prefix,
 * an unterminated string, mismatched brackets, a tab or a carriage return.
 */
export function logicalLineEnd(text: string, from: number): number {
  // The closing brackets expected, innermost last (a reused stack: a fresh array per line was
  // most of the layout's allocations).
  let depth = 0;
  let at = from;
  commentStart = -1;
  const length = text.length;
  while (at < length) {
    const c = text.charCodeAt(at);
    // Most characters are none of the ones below: one table lookup passes them.
    if (c >= 128 || LINE_SPECIAL[c] === 0) {
      at++;
      continue;
    }
    if (c === 10 /* \n */) {
      if (depth === 0) return at;
      at++;
    } else if (c === 35 /* # */) {
      if (depth === 0) commentStart = at;
      const newline = text.indexOf('\n', at);
      at = newline < 0 ? text.length : newline;
    } else if (c === 34 || c === 39 /* " ' */) {
      const previous = at > 0 ? text.charCodeAt(at - 1) : 0;
      if (isWordCode(previous)) return -1;
      const end = stringEnd(text, at);
      if (end < 0) return -1;
      at = end;
    } else if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      if (depth === closers.length) return -1;
      closers[depth++] = c === 40 ? 41 : c + 2;
      at++;
    } else if (c === 41 || c === 93 || c === 125 /* ) ] } */) {
      if (depth === 0 || closers[--depth] !== c) return -1;
      at++;
    } else {
      // A backslash, a tab, a carriage return or a form feed (the rest of LINE_SPECIAL).
      return -1;
    }
  }
  return depth === 0 ? text.length : -1;
}

/** 1 for the characters logicalLineEnd acts on: newline, #, quotes, brackets, backslash, tab, CR, form feed. */
const LINE_SPECIAL = new Uint8Array(128);
for (const c of '\n#"\'([{)]}\\\t\r\f') LINE_SPECIAL[c.charCodeAt(0)] = 1;

/** logicalLineEnd's stack of expected closing brackets; deeper nesting is left to the general reading. */
const closers = new Int32Array(256);

/** Where the last logical line's trailing comment starts (-1: none); set by logicalLineEnd. */
let commentStart = -1;

/** A character of a Python identifier (ASCII). */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isStringStatement(text: string, line: LogicalLine): boolean {
  const first = text.charCodeAt(line.start);
  return (first === 34 || first === 39) && stringEnd(text, line.start) === line.statementEnd;
}

interface LogicalLine {
  start: number;
  /** Offset of the newline that ends it (or the text's length). */
  end: number;
  /** End of the statement without its trailing comment and spaces. */
  statementEnd: number;
  indent: number;
}

/** Whether the line's statement is exactly `word`. */
function isStatement(text: string, line: LogicalLine, word: string): boolean {
  return line.statementEnd - line.start === word.length && text.startsWith(word, line.start);
}

/** Whether the line's statement is a call `op.<name>(...)`. */
function isCall(text: string, line: LogicalLine): boolean {
  if (!text.startsWith('op.', line.start) || text.charCodeAt(line.statementEnd - 1) !== 41 /* ) */) return false;
  CALL_START.lastIndex = line.start;
  return CALL_START.test(text);
}

function logicalLines(text: string): LogicalLine[] | undefined {
  const lines: LogicalLine[] = [];
  let at = 0;
  while (at < text.length) {
    let indent = 0;
    while (text.charCodeAt(at + indent) === 32) indent++;
    const first = text.charCodeAt(at + indent);
    if (first === 10) {
      at += indent + 1;
      continue;
    }
    if (Number.isNaN(first)) break;
    if (first === 35 /* # */) {
      const newline = text.indexOf('\n', at);
      at = newline < 0 ? text.length : newline + 1;
      continue;
    }
    const end = logicalLineEnd(text, at + indent);
    if (end < 0) return undefined;
    let statementEnd = commentStart >= 0 ? commentStart : end;
    while (statementEnd > at + indent && text.charCodeAt(statementEnd - 1) === 32) statementEnd--;
    lines.push({ start: at + indent, end, statementEnd, indent });
    at = end + 1;
  }
  return lines;
}

/** The autogenerate layout of a migration file, or undefined (read it the general way). */
export function moduleLayout(text: string): ModuleLayout | undefined {
  const lines = logicalLines(text);
  if (!lines) return undefined;
  const imports: string[] = [];
  const bound = new Set<string>();
  const functions: FunctionLayout[] = [];
  let indent = -1;
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line.indent !== 0) return undefined;
    if (index === 0 && isStringStatement(text, line)) {
      index++;
      continue;
    }
    const statement = text.slice(line.start, line.statementEnd);
    if (IMPORT_LINE.test(statement)) {
      if (!bindImport(statement, bound)) return undefined;
      imports.push(statement);
      index++;
      continue;
    }
    const assignment = REVISION_NAMES.exec(statement);
    if (assignment) {
      if (!LITERAL_VALUE.test(assignment[3])) return undefined;
      index++;
      continue;
    }
    const def = DEF_LINE.exec(statement);
    if (!def) return undefined;
    const name = def[1] as MigrationFunctionName;
    if (functions.some((fn) => fn.name === name)) return undefined;
    const fn: FunctionLayout = { name, defStart: line.start, bodyEnd: line.end, calls: [] };
    index++;
    let first = true;
    while (index < lines.length && lines[index].indent > 0) {
      const body = lines[index];
      if (indent < 0) indent = body.indent;
      if (body.indent !== indent) return undefined;
      if (first && isStringStatement(text, body)) {
        // the docstring
      } else if (isStatement(text, body, 'pass')) {
        // nothing to read
      } else if (isCall(text, body)) {
        fn.calls.push({ start: body.start, end: body.statementEnd });
      } else if (isStatement(text, body, AUTOCOMMIT)) {
        // Its block: calls (or pass) at one deeper indentation.
        const inner = lines[index + 1]?.indent ?? 0;
        if (inner <= indent) return undefined;
        while (index + 1 < lines.length && lines[index + 1].indent > indent) {
          const line = lines[++index];
          if (line.indent !== inner) return undefined;
          if (isCall(text, line)) fn.calls.push({ start: line.start, end: line.statementEnd, autocommitIndent: inner });
          else if (!isStatement(text, line, 'pass')) return undefined;
        }
        fn.bodyEnd = lines[index].end < text.length ? lines[index].end + 1 : text.length;
      } else {
        return undefined;
      }
      first = false;
      fn.bodyEnd = lines[index].end < text.length ? lines[index].end + 1 : text.length;
      index++;
    }
    // A def without a body is a syntax error: the general reading reports it.
    if (first) return undefined;
    functions.push(fn);
  }
  if (!functions.some((fn) => fn.name === 'upgrade') || indent < 0) return undefined;
  return { imports: imports.join('\n'), bound, indent, functions };
}

/** Records the names an import binds; false when one is bound twice (which binding wins is order-dependent). */
function bindImport(statement: string, bound: Set<string>): boolean {
  let names = importedNames.get(statement);
  if (names === undefined) {
    names = namesBoundBy(statement);
    importedNames.set(statement, names);
  }
  for (const name of names) {
    if (bound.has(name)) return false;
    bound.add(name);
  }
  return true;
}

/** The names of each import statement met (a history repeats a handful of them in every file). */
const importedNames = new Map<string, string[]>();

function namesBoundBy(statement: string): string[] {
  const names: string[] = [];
  if (statement.startsWith('import ')) {
    const [, target, alias] = /^import ([\w.]+)(?: as (\w+))?/.exec(statement) ?? [];
    names.push(alias ?? target.split('.')[0]);
  } else {
    const list = statement.replace(/\s*#.*$/, '').split(' import ')[1];
    for (const part of list.split(', ')) {
      const [name, alias] = part.split(' as ');
      names.push((alias ?? name).trim());
    }
  }
  return names;
}
