/** `heads [-v] [--resolve-dependencies]`: Alembic's `command.heads`. */
import { cmdFormat } from '../../graph/format';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage, type GraphResult } from '../../graph/errors';
import { requireUsableGraph } from './graphGuard';
import { CommandFailure, type CliCommand } from '../types';
import { answerReportingBadFiles } from '../badFiles';

/** The lines `alembic heads` prints (each ends with a line break, as print_stdout adds one). */
export function headsOutput(map: RevisionMap, verbose: boolean, resolveDependencies: boolean): GraphResult<string> {
  const heads = resolveDependencies ? map.resolve('heads') : map.resolve(map.heads);
  if (!heads.ok) return heads;
  const text = heads.value.map((r) => cmdFormat(r, verbose, { includeBranches: true, treeIndicators: false }) + '\n').join('');
  return { ok: true, value: text };
}

export const headsCommand: CliCommand = {
  name: 'heads',
  summary: 'Show current available heads in the script directory.',
  options: [
    { names: ['-v', '--verbose'], key: 'verbose', help: 'Use more verbose output' },
    { names: ['--resolve-dependencies'], key: 'resolveDependencies', help: 'Treat dependency versions as down revisions' },
  ],
  positionals: [],
  answersFromFilesOnly: () => true,
  run(context, args) {
    const { graph, problems } = context.loadEnvironment();
    return answerReportingBadFiles(context, problems, () => {
      requireUsableGraph(context, graph);
      const output = headsOutput(graph, args.flags.verbose === true, args.flags.resolveDependencies === true);
      if (!output.ok) throw new CommandFailure(commandMessage(output.error), 1);
      context.stdout(output.value);
      return 0;
    });
  },
};
