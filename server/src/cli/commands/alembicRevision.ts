/**
 * `--python PATH` for `revision` and `merge`: when the template renderer refuses a construct of
 * script.py.mako, the same command line (with the same --rev-id) is handed to the real Alembic
 * in that interpreter, so the user still gets Alembic's file instead of an error.
 */
import { spawnSync } from 'node:child_process';
import type { NewRevisionRequest } from '../../project/authoring/newRevision';
import { revisionArguments } from '../../project/authoring/revisionArguments';
import { CommandFailure, type CliContext } from '../types';

export type RevisionCommandName = 'revision' | 'merge';

export function runAlembicRevision(context: CliContext, python: string, command: RevisionCommandName, request: NewRevisionRequest, revisionId: string): number {
  const global = ['-c', context.global.configPath];
  if (context.global.sectionGiven) global.push('-n', context.global.section);
  for (const x of context.global.xArguments) global.push('-x', x);
  const result = spawnSync(python, ['-m', 'alembic', ...global, ...revisionArguments({ ...request, command, revisionId })], { cwd: context.cwd, encoding: 'utf8' });
  if (result.error) throw new CommandFailure(`Cannot run ${python}: ${result.error.message}`, 2);
  context.stdout(result.stdout);
  if (result.status !== 0) {
    const failure = /FAILED: (.*)/.exec(result.stdout)?.[1] ?? result.stderr.trim().split('\n').pop() ?? 'unknown error';
    throw new CommandFailure(`Alembic (${python}) failed: ${failure}`, 2);
  }
  return 0;
}
