/** `history [-r RANGE] [-v] [-i]`: Alembic's `command.history`. */
import { cmdFormat } from '../../graph/format';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage } from '../../graph/errors';
import { refuseCurrent, requireUsableGraph } from './graphGuard';
import { CommandFailure, type CliCommand } from '../types';
import { answerReportingBadFiles } from '../badFiles';

export type HistoryOutcome = { ok: true; value: string } | { ok: false; message: string };

/** The text `alembic history` prints, or the message it fails with (after `FAILED: `). */
export function historyOutput(map: RevisionMap, range: string | undefined, verbose: boolean): HistoryOutcome {
  let base: string | undefined;
  let head: string | undefined;
  if (range !== undefined) {
    if (!range.includes(':')) return { ok: false, message: 'History range requires [start]:[end], [start]:, or :[end]' };
    const parts = range.trim().split(':');
    if (parts.length !== 2) return { ok: false, message: `History range '${range}' has ${parts.length - 1} colons; write one: [start]:[end], [start]:, or :[end]` };
    [base, head] = parts;
  }
  const start = base || 'base';
  const end = head || 'heads';
  const walked = map.walkRevisions(start, end);
  if (!walked.ok) return { ok: false, message: commandMessage(walked.error, { start, end }) };
  const text = walked.value
    .map((r) => cmdFormat(r, verbose, { includeBranches: true, includeDoc: true, includeParents: true }) + '\n')
    .join('');
  return { ok: true, value: text };
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'List changeset scripts in chronological order.',
  options: [
    { names: ['-r', '--rev-range'], key: 'revRange', takesValue: true, metavar: 'REV_RANGE', help: 'Specify a revision range; format is [start]:[end]' },
    { names: ['-v', '--verbose'], key: 'verbose', help: 'Use more verbose output' },
    { names: ['-i', '--indicate-current'], key: 'indicateCurrent', help: 'Indicate the current revision (needs a database)' },
  ],
  positionals: [],
  // --indicate-current asks the database.
  answersFromFilesOnly: (args) => args.flags.indicateCurrent !== true,
  run(context, args) {
    const range = args.values.revRange;
    if (args.flags.indicateCurrent) refuseCurrent('history -i');
    if (range !== undefined && range.trim().split(':').includes('current')) refuseCurrent(`history -r ${range}`);
    const { graph, problems } = context.loadEnvironment();
    return answerReportingBadFiles(context, problems, () => {
      requireUsableGraph(context, graph);
      const output = historyOutput(graph, range, args.flags.verbose === true);
      if (!output.ok) throw new CommandFailure(output.message, 1);
      context.stdout(output.value);
      return 0;
    });
  },
};
