/**
 * The problems of one migration that only a reading of its whole body finds: syntax errors below
 * the header (the cold index reads headers only) and the interpreter's problems (a missing
 * `upgrade()`, an unknown `op.*` call, a wrong argument, an opaque step). One function for every
 * front end, so `alembic-lens check` reports exactly what the editor shows for the same file:
 * the language server calls it for open files, `check` for every file.
 *
 * `rawBodyProblems` depends on the file's path and text only (so `check` caches it by content
 * hash); `newBodyProblems` then drops what the index already reports for the file.
 */
import type { Problem } from '../common/problem';
import { isSuppressed, suppressionsOf } from '../diagnostics/suppressions';
import { bodySyntaxProblems } from '../python/syntaxProblems';
import { withSharedTree } from '../python/parser';

/**
 * The interpreter's problems of a file: `check` passes `interpretMigration`, the language server
 * its cached interpretation (it loads the engine on first use, so this module does not import it).
 */
export type InterpreterProblems = (file: string, text: string) => readonly Problem[];

export function rawBodyProblems(file: string, text: string, parsedWholeFile: boolean, interpret: InterpreterProblems): Problem[] {
  // The syntax check, the interpreter and the ignore comments all read the whole tree: parse once.
  const read = (): Problem[] => {
    const found = [...bodySyntaxProblems(file, text, parsedWholeFile), ...interpret(file, text).filter((problem) => problem.file === file)];
    if (found.length === 0) return found;
    // `# alembic-lens: ignore[...]` silences these as it silences the index's own problems.
    const suppressions = suppressionsOf(text);
    return suppressions ? found.filter((problem) => !isSuppressed(problem, suppressions)) : found;
  };
  // An open file's tree is kept by the parser already (and its interpretation by the server).
  return parsedWholeFile ? read() : withSharedTree(text, read);
}

/** `problems` minus any the index already reports for the file (same code, same range). */
export function newBodyProblems(problems: readonly Problem[], known: readonly Problem[]): Problem[] {
  if (problems.length === 0) return [];
  const seen = new Set(known.map(problemKey));
  return problems.filter((problem) => !seen.has(problemKey(problem)));
}

function problemKey(problem: Problem): string {
  const { start, end } = problem.range;
  return `${problem.code}@${start.line}:${start.character}-${end.line}:${end.character}`;
}
