/**
 * `history [-r RANGE] [-v] [-i]`: Alembic's `command.history`. With `current` in the range, or
 * `-i`, Alembic runs env.py to read the database's version table; so does this, through the
 * online engine's `current` (a connection option, env.py's URL or the config's).
 */
import { cmdFormat } from '../../graph/format';
import type { RevisionMap } from '../../graph/revisionMap';
import { commandMessage } from '../../graph/errors';
import { requireUsableGraph } from './graphGuard';
import { CommandFailure, type CliCommand, type CliContext, type ParsedArgs } from '../types';
import { answerReportingBadFiles } from '../badFiles';
import { CONNECTION_OPTIONS } from '../online/onlineOptions';
import { runOnlineCommand } from '../online/runOnlineCommand';

export type HistoryOutcome = { ok: true; value: string } | { ok: false; message: string };

/** What the database says, for a range naming `current` or for `-i`. */
export interface CurrentRows {
  /** The version table's rows (Alembic's current heads), in its order. */
  rows: readonly string[];
  /** `-i`: mark them `(current)`. */
  indicate: boolean;
}

/** The text `alembic history` prints, or the message it fails with (after `FAILED: `). */
export function historyOutput(map: RevisionMap, range: string | undefined, verbose: boolean, current?: CurrentRows): HistoryOutcome {
  let base: string | undefined;
  let head: string | undefined;
  if (range !== undefined) {
    if (!range.includes(':')) return { ok: false, message: 'History range requires [start]:[end], [start]:, or :[end]' };
    const parts = range.trim().split(':');
    if (parts.length !== 2) return { ok: false, message: `History range '${range}' has ${parts.length - 1} colons; write one: [start]:[end], [start]:, or :[end]` };
    [base, head] = parts;
  }
  // Alembic walks from the version table's rows in place of `current`; none (an empty table)
  // is falsy there, so the walk takes its default end (`heads`) or start (`base`).
  let start: string | readonly string[] = base || 'base';
  let end: string | readonly string[] = head || 'heads';
  if (current && head === 'current') end = current.rows.length > 0 ? current.rows : 'heads';
  else if (current && base === 'current') start = current.rows.length > 0 ? current.rows : 'base';
  const walked = map.walkRevisions(start, end);
  const named = (identifier: string | readonly string[]) => (typeof identifier === 'string' ? identifier : identifier.join(', '));
  if (!walked.ok) return { ok: false, message: commandMessage(walked.error, { start: named(start), end: named(end) }) };
  const marked = current?.indicate ? new Set(current.rows) : undefined;
  const text = walked.value
    .map((r) => cmdFormat(r, verbose, { includeBranches: true, includeDoc: true, includeParents: true, ...(marked ? { current: marked } : {}) }) + '\n')
    .join('');
  return { ok: true, value: text };
}

function namesCurrent(range: string | undefined): boolean {
  return range !== undefined && range.trim().split(':').includes('current');
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'List changeset scripts in chronological order.',
  options: [
    { names: ['-r', '--rev-range'], key: 'revRange', takesValue: true, metavar: 'REV_RANGE', help: 'Specify a revision range; format is [start]:[end]' },
    { names: ['-v', '--verbose'], key: 'verbose', help: 'Use more verbose output' },
    { names: ['-i', '--indicate-current'], key: 'indicateCurrent', help: 'Indicate the current revision (reads the database)' },
    ...CONNECTION_OPTIONS,
  ],
  positionals: [],
  // --indicate-current and a range naming `current` ask the database.
  answersFromFilesOnly: (args) => args.flags.indicateCurrent !== true && !namesCurrent(args.values.revRange),
  run(context, args) {
    const range = args.values.revRange;
    const indicate = args.flags.indicateCurrent === true;
    // A range without a colon fails before Alembic runs env.py.
    if (range !== undefined && !range.includes(':')) throw new CommandFailure('History range requires [start]:[end], [start]:, or :[end]', 1);
    if (indicate || namesCurrent(range)) return historyWithCurrent(context, args, range, indicate);
    const { graph, problems } = context.loadEnvironment();
    return answerReportingBadFiles(context, problems, () => {
      requireUsableGraph(context, graph);
      return printHistory(context, graph, range, args.flags.verbose === true);
    });
  },
};

function printHistory(context: CliContext, graph: RevisionMap, range: string | undefined, verbose: boolean, current?: CurrentRows): number {
  const output = historyOutput(graph, range, verbose, current);
  if (!output.ok) throw new CommandFailure(output.message, 1);
  context.stdout(output.value);
  return 0;
}

async function historyWithCurrent(context: CliContext, args: ParsedArgs, range: string | undefined, indicate: boolean): Promise<number> {
  const { graph, problems } = context.loadEnvironment();
  requireUsableGraph(context, graph);
  return runOnlineCommand('current', context, args, [], (rows) =>
    answerReportingBadFiles(context, problems, () => printHistory(context, graph, range, args.flags.verbose === true, { rows, indicate })),
  );
}
