/**
 * What env.py does to `sqlalchemy.url`, read statically: the common forms
 * `config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])`, with
 * `os.environ.get("X")`, `os.getenv("X", "literal")` or a string literal as the value, and the
 * `-x` forms of Alembic's documentation: `context.get_x_argument(as_dictionary=True).get("K")`
 * (or `["K"]`, or `.get("K", default)`) given to `set_main_option("sqlalchemy.url", ...)` or to
 * `create_engine(...)`, directly or through a variable assigned once in the file. Anything else is
 * reported as "not read" with its line, never guessed. env.py is not executed.
 */

export type EnvPyUrlSource =
  | { kind: 'none' }
  | { kind: 'literal'; url: string; line: number }
  /** `transformed`: the variable's value is not given as it is (`os.environ["X"].replace(...)`). */
  | { kind: 'environment'; variable: string; fallback?: string; required: boolean; line: number; transformed?: true }
  /**
   * `-x KEY=URL` on the command line. `required` for `["KEY"]` (Alembic fails with KeyError
   * without it); otherwise a missing KEY means env.py keeps the ini's URL (the documented
   * `if cmd_line_url:` guard, or a default of `config.get_main_option("sqlalchemy.url")`).
   */
  | { kind: 'x-argument'; key: string; fallback?: string; required: boolean; line: number }
  | { kind: 'unreadable'; expression: string; line: number };

import * as fs from 'node:fs';

const SET_URL = /\.set_main_option\(\s*(['"])sqlalchemy\.url\1\s*,\s*/g;
const STRING = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')`;
const ENVIRON_INDEX = new RegExp(String.raw`^os\.environ\[\s*${STRING}\s*\]`);
const ENVIRON_GET = new RegExp(String.raw`^os\.(?:environ\.get|getenv)\(\s*${STRING}\s*(?:,\s*${STRING}\s*)?\)`);
const LITERAL = new RegExp(String.raw`^${STRING}\s*\)`);
const X_DICTIONARY = String.raw`(?:context\.)?get_x_argument\(\s*as_dictionary\s*=\s*True\s*\)`;
const INI_URL = String.raw`config\.get_main_option\(\s*(?:"sqlalchemy\.url"|'sqlalchemy\.url')\s*\)`;
const X_GET = (dictionary: string) => new RegExp(String.raw`^${dictionary}\.get\(\s*${STRING}\s*(?:,\s*(?:${STRING}|(${INI_URL}))\s*)?\)`);
const X_INDEX = (dictionary: string) => new RegExp(String.raw`^${dictionary}\[\s*${STRING}\s*\]`);
const NAME = /^([A-Za-z_]\w*)\s*[),]/;
const CREATE_ENGINE = /\bcreate_engine\(\s*/g;

function stringValue(double: string | undefined, single: string | undefined): string {
  return (double ?? single ?? '').replace(/\\(.)/g, '$1');
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Blanks out comments so a commented-out call is not read (strings keep their `#`). */
export function withoutComments(text: string): string {
  return text.replace(/^([^'"#\n]*)#.*$/gm, '$1');
}

/** The right-hand side of the last `name = ...` line before `before` (one line, as written). */
function assignedValue(source: string, name: string, before: number): string | undefined {
  let found: string | undefined;
  for (const match of source.slice(0, before).matchAll(new RegExp(String.raw`^[ \t]*${name}\s*=(?!=)\s*(.+)$`, 'gm'))) found = match[1].trim();
  return found;
}

/** A `-x` lookup at the start of `rest`, on get_x_argument(as_dictionary=True) or on a variable holding it. */
function xArgument(rest: string, source: string, offset: number, line: number): EnvPyUrlSource | undefined {
  const dictionaries = [X_DICTIONARY];
  const held = /^([A-Za-z_]\w*)[.[]/.exec(rest);
  if (held) {
    const value = assignedValue(source, held[1], offset);
    if (value !== undefined && new RegExp(`^${X_DICTIONARY}\s*$`).test(value)) dictionaries.push(held[1]);
  }
  for (const dictionary of dictionaries) {
    const get = X_GET(dictionary).exec(rest);
    if (get) {
      const literalFallback = get[3] !== undefined || get[4] !== undefined;
      return { kind: 'x-argument', key: stringValue(get[1], get[2]), required: false, line, ...(literalFallback ? { fallback: stringValue(get[3], get[4]) } : {}) };
    }
    const index = X_INDEX(dictionary).exec(rest);
    if (index) return { kind: 'x-argument', key: stringValue(index[1], index[2]), required: true, line };
  }
  return undefined;
}

/** `{ transformed: true }` when the lookup ending at `end` is followed by more than the argument's end (`.replace(...)`). */
function transformedAfter(rest: string, end: number): { transformed?: true } {
  return /^\s*[),]/.test(rest.slice(end)) ? {} : { transformed: true };
}

/** The value given at `offset` (an argument ending in `)` or `,`), followed through one variable. */
function valueAt(source: string, offset: number, line: number, depth = 0): EnvPyUrlSource {
  const rest = source.slice(offset);
  const index = ENVIRON_INDEX.exec(rest);
  if (index) return { kind: 'environment', variable: stringValue(index[1], index[2]), required: true, line, ...transformedAfter(rest, index[0].length) };
  const get = ENVIRON_GET.exec(rest);
  if (get) {
    const hasFallback = get[3] !== undefined || get[4] !== undefined;
    return { kind: 'environment', variable: stringValue(get[1], get[2]), required: false, line, ...(hasFallback ? { fallback: stringValue(get[3], get[4]) } : {}), ...transformedAfter(rest, get[0].length) };
  }
  const literal = LITERAL.exec(rest);
  if (literal) return { kind: 'literal', url: stringValue(literal[1], literal[2]), line };
  const x = xArgument(rest, source, offset, line);
  if (x) return x;
  const name = NAME.exec(rest);
  if (name && depth === 0) {
    const value = assignedValue(source, name[1], offset);
    if (value !== undefined) {
      // Read the assigned expression as if it were the argument itself.
      const resolved = valueAt(`${source.slice(0, offset)}${value})`, offset, line, depth + 1);
      if (resolved.kind !== 'unreadable') return resolved;
    }
  }
  return { kind: 'unreadable', expression: rest.split('\n', 1)[0].trim(), line };
}

export function readEnvPyUrl(text: string): EnvPyUrlSource {
  const source = withoutComments(text);
  let found: EnvPyUrlSource = { kind: 'none' };
  // The last call wins at run time when several run in a row (the usual case is one).
  for (const match of source.matchAll(SET_URL)) {
    found = valueAt(source, match.index + match[0].length, lineAt(source, match.index));
  }
  if (found.kind !== 'none') return found;
  // Alembic's documented -x recipe builds the engine itself: create_engine(<-x value>).
  for (const match of source.matchAll(CREATE_ENGINE)) {
    const value = valueAt(source, match.index + match[0].length, lineAt(source, match.index));
    if (value.kind === 'x-argument') found = value;
  }
  return found;
}

/**
 * The environment variable env.py sets `sqlalchemy.url` from, when it does: a run handed to the
 * real Alembic against a database chosen here sets that variable to the URL too, since env.py
 * would otherwise replace the URL put into the configuration with the variable's. Undefined when
 * env.py cannot be read or takes its URL otherwise.
 */
export function urlVariableOfEnvPy(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const own = readEnvPyUrl(text);
  return own.kind === 'environment' ? own.variable : undefined;
}
