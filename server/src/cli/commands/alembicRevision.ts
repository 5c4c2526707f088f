/**
 * `--python PATH` for `revision` and `merge`: when the template renderer refuses a construct of
 * script.py.mako, the same command line (with the same --rev-id) is handed to the real Alembic
 * in that interpreter, so the user still gets Alembic's file instead of an error.
 */
import { spawnSync } from 'node:child_process';
import type { NewRevisionRequest } from '../../project/authoring/newRevision';
import { CommandFailure, type CliContext } from '../types';

export type RevisionCommandName = 'revision' | 'merge';

/** The `alembic revision|merge ...` arguments that reproduce a request. */
function alembicArguments(command: RevisionCommandName, request: NewRevisionRequest, revisionId: string): string[] {
  const argv: string[] = [command];
  if (request.message !== undefined) argv.push('-m', request.message);
  if (command === 'merge') argv.push(...(request.heads ?? []));
  else {
    if (request.heads?.length) argv.push('--head', request.heads[0]);
    if (request.splice) argv.push('--splice');
    if (request.versionPath !== undefined) argv.push('--version-path', request.versionPath);
    for (const dependency of request.dependsOn ?? []) argv.push('--depends-on', dependency);
  }
  if (request.branchLabel !== undefined) argv.push('--branch-label', request.branchLabel);
  argv.push('--rev-id', revisionId);
  return argv;
}

export function runAlembicRevision(context: CliContext, python: string, command: RevisionCommandName, request: NewRevisionRequest, revisionId: string): number {
  const global = ['-c', context.global.configPath];
  if (context.global.sectionGiven) global.push('-n', context.global.section);
  for (const x of context.global.xArguments) global.push('-x', x);
  const result = spawnSync(python, ['-m', 'alembic', ...global, ...alembicArguments(command, request, revisionId)], { cwd: context.cwd, encoding: 'utf8' });
  if (result.error) throw new CommandFailure(`Cannot run ${python}: ${result.error.message}`, 2);
  context.stdout(result.stdout);
  if (result.status !== 0) {
    const failure = /FAILED: (.*)/.exec(result.stdout)?.[1] ?? result.stderr.trim().split('\n').pop() ?? 'unknown error';
    throw new CommandFailure(`Alembic (${python}) failed: ${failure}`, 2);
  }
  return 0;
}
