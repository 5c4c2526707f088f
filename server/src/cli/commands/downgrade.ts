/** `alembic-lens downgrade FROM:TO --sql`: prints what `alembic downgrade FROM:TO --sql` prints. */
import type { CliCommand } from '../types';
import { OFFLINE_OPTIONS, runOfflineCommand } from './upgrade';

export const downgradeCommand: CliCommand = {
  name: 'downgrade',
  summary: 'Revert to a previous version (offline: print the SQL with --sql and a FROM:TO range).',
  options: OFFLINE_OPTIONS,
  positionals: [{ name: 'revision', help: 'Revision target; with --sql a FROM:TO range is required.' }],
  run: (context, args) => runOfflineCommand('downgrade', context, args, args.positionals.slice(0, 1)),
};
