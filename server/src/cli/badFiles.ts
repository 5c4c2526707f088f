/**
 * Migration files that could not be read (no permission, a folder or a dangling link named
 * *.py, a named pipe, NUL bytes, over 5 MB, a syntax error in the header, bytes that are not UTF-8
 * in a file that declares no other encoding). Alembic imports every
 * file and stops at the first of these; the static reader leaves such a file out, so an answer
 * built from the others (`heads`, `history`, `branches`, `show`) can be wrong: its parent shows as
 * a head. Commands print the answer they have, then one warning per file on stderr with the
 * file, the problem code and the message, and exit 1 (documented in docs/cli.md).
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { LEFT_OUT_OF_GRAPH } from '../project/revisionInputs';
import type { CliContext } from './types';

/** Codes that mean "Alembic cannot load this file, and our answer does not include all of it". */
export const BAD_FILE_CODES: ReadonlySet<string> = new Set(['file-unreadable', 'binary-file', 'file-too-large', 'python-syntax-error']);

export function badFileProblems(problems: readonly Problem[]): Problem[] {
  return problems.filter(isBadFile);
}

/** file-not-utf8 is a warning where the file declares an encoding we cannot decode (Python may). */
function isBadFile(problem: Problem): boolean {
  return BAD_FILE_CODES.has(problem.code) || (problem.code === 'file-not-utf8' && problem.severity === 'error');
}

export function badFileWarning(problem: Problem, cwd: string): string {
  const file = nodePath.relative(cwd, problem.file) || problem.file;
  return `alembic-lens: warning: ${file}:${problem.range.start.line + 1}: ${problem.code}: ${problem.message}\n`;
}

/**
 * Prints the warnings; returns the exit code the command should end with (0 when every file was
 * read). Call it after printing the answer, so the warnings are the last thing a reader sees.
 */
export function reportBadFiles(context: CliContext, problems: readonly Problem[]): number {
  // A header value the static reader cannot evaluate (`revision = make_id()`): Alembic runs the
  // file and reads it, so the answer may differ from Alembic's; said, without failing the command.
  const unread = problems.filter((problem) => problem.code === 'non-literal-value');
  for (const problem of unread) context.stderr(badFileWarning(problem, context.cwd).replace(/\n$/, ' (left out of the answer above; Alembic runs the file and may read it)\n'));
  // A header value imported from a module the reader cannot find (`from ids import PARENT`): an
  // installed package Alembic imports, or a missing module it fails on. Said, as above.
  const unresolved = problems.filter((problem) => problem.code === 'unresolved-reference');
  for (const problem of unresolved) {
    const warning = badFileWarning(problem, context.cwd);
    const withoutTrailer = warning.endsWith(`${LEFT_OUT_OF_GRAPH}\n`) ? warning.slice(0, -LEFT_OUT_OF_GRAPH.length - 1) : warning.slice(0, -1);
    context.stderr(`${withoutTrailer} (left out of the answer above; Alembic imports the module when it loads the file, and fails if it cannot)\n`);
  }
  const bad = badFileProblems(problems);
  if (bad.length === 0) return 0;
  for (const problem of bad) context.stderr(badFileWarning(problem, context.cwd));
  const files = new Set(bad.map((problem) => problem.file)).size;
  context.stderr(
    `alembic-lens: ${files === 1 ? '1 migration file' : `${files} migration files`} could not be read completely; ` +
      'the answer above may be wrong (Alembic itself would stop at such a file). Fix the file(s) and run again.\n',
  );
  return 1;
}

/**
 * Runs a command's answer and reports the bad files around it: after the answer when it
 * succeeds (exit 1 when any file is bad), before the failure message when it fails (a missing
 * parent is often the unreadable file itself).
 */
export function answerReportingBadFiles(context: CliContext, problems: readonly Problem[], answer: () => number): number {
  let code: number;
  try {
    code = answer();
  } catch (error) {
    reportBadFiles(context, problems);
    throw error;
  }
  return Math.max(code, reportBadFiles(context, problems));
}
