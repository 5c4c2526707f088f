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
  return bodyProblemParts(file, text, parsedWholeFile, interpret).problems;
}

export interface BodyProblemParts {
  /** `rawBodyProblems`: the syntax errors below the header first, then the interpreter's. */
  problems: Problem[];
  /** How many of `problems` are syntax errors below the header (none when parsedWholeFile). */
  syntaxCount: number;
}

/**
 * rawBodyProblems with the count of its syntax errors: `check` may read a file before the index
 * has said whether its header parse covered the whole file, and then drops those (the index's
 * own problems hold them) with `bodyProblemsFor`.
 */
export function bodyProblemParts(file: string, text: string, parsedWholeFile: boolean, interpret: InterpreterProblems): BodyProblemParts {
  // The syntax check, the interpreter and the ignore comments all read the whole tree: parse once.
  const read = (): BodyProblemParts => {
    const syntax = bodySyntaxProblems(file, text, parsedWholeFile);
    const interpreter = interpret(file, text).filter((problem) => problem.file === file);
    if (syntax.length === 0 && interpreter.length === 0) return { problems: [], syntaxCount: 0 };
    // `# alembic-lens: ignore[...]` silences these as it silences the index's own problems.
    const suppressions = suppressionsOf(text);
    const kept = (problems: Problem[]): Problem[] => (suppressions ? problems.filter((problem) => !isSuppressed(problem, suppressions)) : problems);
    const keptSyntax = kept(syntax);
    return { problems: [...keptSyntax, ...kept(interpreter)], syntaxCount: keptSyntax.length };
  };
  // An open file's tree is kept by the parser already (and its interpretation by the server).
  return parsedWholeFile ? read() : withSharedTree(text, read);
}

/** The body problems of parts read as if the header parse stopped at the header (see bodyProblemParts). */
export function bodyProblemsFor(parts: BodyProblemParts, parsedWholeFile: boolean): Problem[] {
  return parsedWholeFile ? parts.problems.slice(parts.syntaxCount) : parts.problems;
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
