/** `show REV`: Alembic's `command.show` (every identifier form; `current` needs a database). */
import { logEntry } from '../../graph/format';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage, type GraphResult } from '../../graph/errors';
import { refuseCurrent, requireUsableGraph } from './graphGuard';
import { CommandFailure, type CliCommand } from '../types';
import { answerReportingBadFiles } from '../badFiles';

export function showOutput(map: RevisionMap, rev: string): GraphResult<string> {
  const revisions = map.resolve(rev);
  if (!revisions.ok) return revisions;
  return { ok: true, value: revisions.value.map((r) => logEntry(r) + '\n').join('') };
}

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'Show the revision(s) denoted by the given symbol.',
  options: [],
  positionals: [{ name: 'rev', help: 'string revision target' }],
  answersFromFilesOnly: () => true,
  run(context, args) {
    const rev = args.positionals[0];
    if (rev === 'current') refuseCurrent('show current');
    const { graph, problems } = context.loadEnvironment();
    return answerReportingBadFiles(context, problems, () => {
      requireUsableGraph(context, graph);
      const output = showOutput(graph, rev);
      if (!output.ok) throw new CommandFailure(commandMessage(output.error), 1);
      context.stdout(output.value);
      return 0;
    });
  },
};
