/** `branches [-v]`: Alembic's `command.branches`. */
import { cmdFormat } from '../../graph/format';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage, type GraphResult } from '../../graph/errors';
import { requireUsableGraph } from './graphGuard';
import { CommandFailure, type CliCommand } from '../types';
import { answerReportingBadFiles } from '../badFiles';

/** Each branch point, then one `<indent> -> child` line per child, then a blank line. */
export function branchesOutput(map: RevisionMap, verbose: boolean): GraphResult<string> {
  const walked = map.walkRevisions();
  if (!walked.ok) return walked;
  let text = '';
  for (const revision of walked.value) {
    if (!revision.isBranchPoint) continue;
    const indent = ' '.repeat(revision.id.length);
    const children = revision.children
      .map((id) => map.get(id)!)
      .map((child) => `${indent} -> ${cmdFormat(child, false, { includeBranches: true, includeDoc: verbose })}`);
    text += `${cmdFormat(revision, verbose, { includeBranches: true })}\n${children.join('\n')}\n\n`;
  }
  return { ok: true, value: text };
}

export const branchesCommand: CliCommand = {
  name: 'branches',
  summary: 'Show current branch points.',
  options: [{ names: ['-v', '--verbose'], key: 'verbose', help: 'Use more verbose output' }],
  positionals: [],
  answersFromFilesOnly: () => true,
  run(context, args) {
    const { graph, problems } = context.loadEnvironment();
    return answerReportingBadFiles(context, problems, () => {
      requireUsableGraph(context, graph);
      const output = branchesOutput(graph, args.flags.verbose === true);
      if (!output.ok) throw new CommandFailure(commandMessage(output.error, { start: 'base', end: 'heads' }), 1);
      context.stdout(output.value);
      return 0;
    });
  },
};
