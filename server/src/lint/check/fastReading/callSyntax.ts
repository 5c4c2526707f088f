/**
 * The arguments autogenerate writes, parsed without a syntax tree: string literals without
 * escapes, numbers, True/False/None, lists and tuples of them, and calls or references of dotted
 * names whose root an import binds (`sa.Column(...)`, `postgresql.JSONB(astext_type=sa.Text())`,
 * `op.f("ix_a")`), with keyword arguments. Anything else (a comment inside the call, an
 * expression, a local name, an f-string, implicit concatenation) answers undefined. A call's
 * arguments can also be split by its text alone (argumentRanges), for create_table.
 */
import { isWordCode, stringEnd } from './layout';

export type Expression =
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'constant'; start: number; end: number }
  | { kind: 'sequence'; items: Expression[]; start: number; end: number }
  | { kind: 'reference'; name: string; start: number; end: number }
  | { kind: 'call'; callee: string; args: Argument[]; start: number; end: number };

export interface Argument {
  keyword?: string;
  value: Expression;
  /** Where the argument starts (its keyword, if any) and ends. */
  start: number;
  end: number;
}

export interface OpCall {
  /** The operation's name (`create_table`). */
  name: string;
  args: Argument[];
}

const DOT = 46;
const COMMA = 44;
const EQUALS = 61;
const MINUS = 45;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const HASH = 35;

class Cursor {
  at: number;
  constructor(
    readonly text: string,
    from: number,
    readonly end: number,
  ) {
    this.at = from;
  }
  skipSpace(): void {
    while (this.at < this.end) {
      if (isSpaceCode(this.text.charCodeAt(this.at))) this.at++;
      else break;
    }
  }
  /** The character code at the cursor, or -1 at the end. */
  peek(): number {
    return this.at < this.end ? this.text.charCodeAt(this.at) : -1;
  }
  /** Moves past a word (an identifier); false, not moved, when none starts here. */
  skipWord(): boolean {
    const start = this.at;
    while (this.at < this.end && isWordCode(this.text.charCodeAt(this.at))) this.at++;
    if (this.at === start || isDigitCode(this.text.charCodeAt(start))) {
      this.at = start;
      return false;
    }
    return true;
  }
  word(): string | undefined {
    const start = this.at;
    return this.skipWord() ? this.text.slice(start, this.at) : undefined;
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `op.<name>(...)` spanning exactly `[start, end)`, or undefined. */
export function parseOpCall(text: string, start: number, end: number, bound: ReadonlySet<string>): OpCall | undefined {
  const cursor = new Cursor(text, start, end);
  if (cursor.word() !== 'op' || cursor.peek() !== DOT) return undefined;
  cursor.at++;
  const name = cursor.word();
  if (!name || cursor.peek() !== OPEN_PAREN) return undefined;
  cursor.at++;
  const args = argumentList(cursor, bound);
  if (!args || cursor.at !== end) return undefined;
  return { name, args };
}

/**
 * One argument spanning exactly `[start, end)` (a keyword argument with its keyword), as
 * argumentList reads it inside a call; undefined where it would fail.
 */
export function parseArgument(text: string, start: number, end: number, bound: ReadonlySet<string>): Argument | undefined {
  const cursor = new Cursor(text, start, end);
  const arg = argument(cursor, bound);
  return arg && cursor.at === end ? arg : undefined;
}

/** The argument at the cursor (`keyword=value` or a value), the cursor left past it. */
function argument(cursor: Cursor, bound: ReadonlySet<string>): Argument | undefined {
  const start = cursor.at;
  let keyword: string | undefined;
  const word = cursor.word();
  if (word !== undefined && cursor.peek() === EQUALS && cursor.text.charCodeAt(cursor.at + 1) !== EQUALS) {
    keyword = word;
    cursor.at++;
    cursor.skipSpace();
  } else {
    cursor.at = start;
  }
  const value = expression(cursor, bound);
  if (!value) return undefined;
  // Built field by field: a spread of an optional part costs more than the rest of the parse.
  const arg: Argument = { value, start, end: value.end };
  if (keyword !== undefined) arg.keyword = keyword;
  return arg;
}

/** The arguments after `(` up to and past the closing `)`. */
function argumentList(cursor: Cursor, bound: ReadonlySet<string>): Argument[] | undefined {
  const args: Argument[] = [];
  let sawKeyword = false;
  for (;;) {
    cursor.skipSpace();
    if (cursor.peek() === CLOSE_PAREN) {
      cursor.at++;
      return args;
    }
    const arg = argument(cursor, bound);
    if (!arg) return undefined;
    // A positional argument after a keyword one is a syntax error.
    if (arg.keyword !== undefined) sawKeyword = true;
    else if (sawKeyword) return undefined;
    args.push(arg);
    cursor.skipSpace();
    const next = cursor.peek();
    if (next === COMMA) cursor.at++;
    else if (next !== CLOSE_PAREN) return undefined;
  }
}

function expression(cursor: Cursor, bound: ReadonlySet<string>): Expression | undefined {
  const start = cursor.at;
  const c = cursor.peek();
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
    const close = cursor.text.indexOf(c === DOUBLE_QUOTE ? '"' : "'", start + 1);
    if (close < 0 || close >= cursor.end) return undefined;
    const value = cursor.text.slice(start + 1, close);
    // Escapes, line breaks and triple quotes are left to the general reading.
    if (value.includes('\\') || value.includes('\n') || (value.length === 0 && cursor.text.charCodeAt(close + 1) === c)) return undefined;
    cursor.at = close + 1;
    // Implicit concatenation ("a" "b") is left to the general reading.
    const after = cursor.at;
    cursor.skipSpace();
    const following = cursor.peek();
    cursor.at = after;
    if (following === DOUBLE_QUOTE || following === SINGLE_QUOTE) return undefined;
    return { kind: 'string', value, start, end: cursor.at };
  }
  if (c === OPEN_BRACKET || c === OPEN_PAREN) {
    cursor.at++;
    const close = c === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_PAREN;
    const items: Expression[] = [];
    for (;;) {
      cursor.skipSpace();
      if (cursor.peek() === close) {
        cursor.at++;
        // `(x)` is x itself, not a tuple: left to the general reading.
        if (c === OPEN_PAREN && items.length === 1 && cursor.text.charCodeAt(cursor.at - 2) !== COMMA) return undefined;
        return { kind: 'sequence', items, start, end: cursor.at };
      }
      const item = expression(cursor, bound);
      if (!item) return undefined;
      items.push(item);
      cursor.skipSpace();
      const next = cursor.peek();
      if (next === COMMA) cursor.at++;
      else if (next !== close) return undefined;
    }
  }
  if (c === MINUS || isDigitCode(c)) {
    if (c === MINUS) cursor.at++;
    const digits = cursor.at;
    while (isDigitCode(cursor.text.charCodeAt(cursor.at))) cursor.at++;
    if (cursor.peek() === DOT) {
      cursor.at++;
      while (isDigitCode(cursor.text.charCodeAt(cursor.at))) cursor.at++;
    }
    if (cursor.at === digits || isWordCode(cursor.text.charCodeAt(cursor.at))) return undefined;
    return { kind: 'constant', start, end: cursor.at };
  }
  const root = cursor.word();
  if (root === undefined) return undefined;
  if (root === 'True' || root === 'False' || root === 'None') return { kind: 'constant', start, end: cursor.at };
  if (!bound.has(root)) return undefined;
  while (cursor.peek() === DOT) {
    cursor.at++;
    if (!cursor.skipWord()) return undefined;
  }
  // The dotted name sliced once (joining its parts was a string per part).
  const name = cursor.at - start === root.length ? root : cursor.text.slice(start, cursor.at);
  if (cursor.peek() !== OPEN_PAREN) return { kind: 'reference', name, start, end: cursor.at };
  cursor.at++;
  const args = argumentList(cursor, bound);
  if (!args) return undefined;
  return { kind: 'call', callee: name, args, start, end: cursor.at };
}

/**
 * The top-level arguments of a call from just past its `(` to its `)` at `close`, each without
 * the spaces and line breaks around it; undefined where the call is not plain enough to split by
 * its text (a comment, an empty argument, brackets that do not match).
 */
export function argumentRanges(text: string, from: number, close: number): [number, number][] | undefined {
  if (text.charCodeAt(close) !== CLOSE_PAREN) return undefined;
  const ranges: [number, number][] = [];
  let depth = 0;
  let segment = from;
  const push = (to: number, last: boolean): boolean => {
    let start = segment;
    let end = to;
    while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
    while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
    if (start === end) return last && ranges.length > 0;
    ranges.push([start, end]);
    return true;
  };
  for (let at = from; at < close; ) {
    const c = text.charCodeAt(at);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0 || end > close) return undefined;
      at = end;
      continue;
    }
    if (c === HASH) return undefined;
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (--depth < 0) return undefined;
    } else if (c === COMMA && depth === 0) {
      if (!push(at, false)) return undefined;
      segment = at + 1;
    }
    at++;
  }
  if (depth !== 0 || !push(close, true)) return undefined;
  return ranges;
}

/** The spaces between a call's tokens: autogenerate's layout has no tab or carriage return. */
function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10;
}
