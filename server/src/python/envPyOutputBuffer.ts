/**
 * Where `--sql` writes its script: Alembic prints it to standard output unless env.py's offline
 * `context.configure(output_buffer=...)` names another file. Alembic's multidb template does, one
 * file per database of the ini's `databases` option, named after it, in the directory the command
 * runs in:
 *
 *     for name, rec in engines.items():
 *         file_ = "%s.sql" % name
 *         with open(file_, "w") as buffer:
 *             context.configure(url=rec["url"], output_buffer=buffer, ...)
 *             with context.begin_transaction():
 *                 context.run_migrations(engine_name=name)
 *
 * Followed: `sys.stdout` (the default), and a file opened for writing by a `with open(PATH, "w")`
 * around the call, PATH a string known statically (envPyStrings.ts) or built from the variable of a
 * `for` loop around it that the same `with` passes to `run_migrations()` as the database's name
 * (one file per name of `databases`). Anything else (a StringIO, a file opened elsewhere, a buffer
 * in a `**kwargs` dict) is refused: Lens would print what Alembic writes somewhere else.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { stringLiteralOf } from './headerValue';
import { envPyString, type StringContext } from './envPyStrings';
import type { ConfigOptionReader } from './envPy';

export type OfflineOutput =
  /** The files Alembic writes the script to (as written: relative to the command's directory), each the whole script. */
  | { kind: 'files'; line: number; files: string[] }
  | { kind: 'refused'; line: number; reason: string };

/** A stand-in for the loop's variable while the path is evaluated: no real path holds it. */
const NAME_MARK = '\u0000database\u0000';

/**
 * The offline configure calls' output destination; undefined when every one prints to standard
 * output. `offlineCalls`: env.py's `context.configure(...)` calls that `--sql` may run.
 */
export function offlineOutputOf(
  text: string,
  offlineCalls: readonly { node: SyntaxNode; givesOutputBuffer: boolean }[],
  strings: StringContext,
  configOption: ConfigOptionReader | undefined,
  lineAt: (offset: number) => number,
): OfflineOutput | undefined {
  for (const { node: call, givesOutputBuffer } of offlineCalls) {
    const args = childrenOf(call).find((part) => part.name === 'ArgList');
    const parts = args ? childrenOf(args) : [];
    const at = parts.findIndex((part, index) => part.name === 'VariableName' && textOf(text, part) === 'output_buffer' && parts[index + 1]?.name === 'AssignOp');
    const line = lineAt(call.from);
    // In a `**kwargs` dict written out in env.py (python/splatDict.ts): not followed.
    if (at < 0) {
      if (givesOutputBuffer) return { kind: 'refused', line, reason: refusal('(in a **kwargs dict)') };
      continue;
    }
    const value = parts[at + 2];
    if (!value) continue;
    const written = textOf(text, value).replace(/\s+/g, '');
    if (written === 'sys.stdout' || written === 'None') continue;
    return fileOutput(text, value, call, strings, configOption, line) ?? { kind: 'refused', line, reason: refusal(written) };
  }
  return undefined;
}

function refusal(written: string): string {
  return `env.py gives context.configure() output_buffer=${written.slice(0, 60)}, so Alembic writes the --sql script there and not to standard output, which the engine does not follow`;
}

function fileOutput(text: string, value: SyntaxNode, call: SyntaxNode, strings: StringContext, configOption: ConfigOptionReader | undefined, line: number): OfflineOutput | undefined {
  if (value.name !== 'VariableName') return undefined;
  const opened = openedAs(text, textOf(text, value), call);
  if (!opened || !writes(text, opened.mode)) return undefined;
  const loopNames = loopVariablesAround(text, opened.statement);
  const pathNode = localValueOf(text, opened.path, opened.statement);
  const path = envPyString(text, pathNode, { ...strings, known: (name) => (loopNames.includes(name) ? `${NAME_MARK}${name}${NAME_MARK}` : strings.known(name)) });
  if (path === undefined) return undefined;
  const pieces = path.split(NAME_MARK);
  if (pieces.length === 1) return { kind: 'files', line, files: [path] };
  // One loop variable, the name env.py passes to run_migrations() inside the same `with`.
  const used = new Set(pieces.filter((_, index) => index % 2 === 1));
  if (used.size !== 1) return undefined;
  const name = [...used][0];
  if (!passesToRunMigrations(text, opened.statement, name)) return undefined;
  const databases = configOption?.(undefined, 'databases');
  if (!databases || databases === 'absent' || 'unknown' in databases) return undefined;
  if (!/\bget_main_option\(\s*["']databases["']/.test(text)) return undefined;
  // The template splits the option with re.split(r",\s*", db_names), empty names and all.
  const names = databases.value.split(/,\s*/);
  return { kind: 'files', line, files: names.map((database) => pieces.map((piece, index) => (index % 2 === 1 ? database : piece)).join('')) };
}

/** The `with open(path, mode) as <name>:` statement around `node`, with the call's arguments. */
function openedAs(text: string, name: string, node: SyntaxNode): { statement: SyntaxNode; path: SyntaxNode; mode: SyntaxNode | undefined } | undefined {
  for (let at = node.parent; at && at.name !== 'FunctionDefinition'; at = at.parent) {
    if (at.name !== 'WithStatement') continue;
    const parts = childrenOf(at);
    for (let index = 0; index + 2 < parts.length; index++) {
      if (parts[index].name !== 'CallExpression' || parts[index + 1].name !== 'as' || textOf(text, parts[index + 2]) !== name) continue;
      const callee = parts[index].firstChild;
      if (!callee || textOf(text, callee) !== 'open') return undefined;
      const args = childrenOf(parts[index].lastChild ?? parts[index]).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
      if (args.some((part) => part.name === 'AssignOp' || part.name === '*' || part.name === '**') || args.length === 0 || args.length > 2) return undefined;
      return { statement: at, path: args[0], mode: args[1] };
    }
  }
  return undefined;
}

/** open()'s mode truncates and writes text ("w", "wt", "w+"); the default "r" cannot be written. */
function writes(text: string, mode: SyntaxNode | undefined): boolean {
  const value = mode && mode.name === 'String' ? stringLiteralOf(mode, text) : undefined;
  if (value === undefined || !/^[wt+]+$/.test(value)) return false;
  const count = (letter: string): number => value.split(letter).length - 1;
  return count('w') === 1 && count('t') <= 1 && count('+') <= 1;
}

/** The names bound by the `for` loops around `node` in its function. */
function loopVariablesAround(text: string, node: SyntaxNode): string[] {
  const names: string[] = [];
  for (let at = node.parent; at && at.name !== 'FunctionDefinition'; at = at.parent) {
    if (at.name !== 'ForStatement') continue;
    for (const part of childrenOf(at)) {
      if (part.name === 'in') break;
      if (part.name === 'VariableName') names.push(textOf(text, part));
    }
  }
  return names;
}

/**
 * A variable given as the path, by the last plain assignment to it before `statement` in the same
 * block (`file_ = "%s.sql" % name`); the node itself otherwise.
 */
function localValueOf(text: string, path: SyntaxNode, statement: SyntaxNode): SyntaxNode {
  if (path.name !== 'VariableName' || !statement.parent) return path;
  const name = textOf(text, path);
  let value: SyntaxNode = path;
  for (const sibling of childrenOf(statement.parent)) {
    if (sibling.from >= statement.from) break;
    const parts = childrenOf(sibling);
    if (sibling.name === 'AssignStatement' && parts.length === 3 && parts[0].name === 'VariableName' && textOf(text, parts[0]) === name && parts[1].name === 'AssignOp') value = parts[2];
  }
  return value;
}

/** A `run_migrations(...)` call inside `statement` passes the variable `name` as a keyword's value. */
function passesToRunMigrations(text: string, statement: SyntaxNode, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\brun_migrations\\s*\\([^)]*\\b\\w+\\s*=\\s*${escaped}\\s*[,)]`).test(textOf(text, statement));
}
