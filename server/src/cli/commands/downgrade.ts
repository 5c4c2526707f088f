/** `alembic-lens downgrade TARGET` runs online; with `--sql FROM:TO` prints what `alembic downgrade FROM:TO --sql` prints. */
import type { CliCommand } from '../types';
import { OFFLINE_OPTIONS, runOfflineCommand } from './upgrade';
import { RUN_OPTIONS } from '../online/onlineOptions';

export const downgradeCommand: CliCommand = {
  name: 'downgrade',
  summary: 'Revert to a previous version (with --sql and a FROM:TO range: print the SQL instead).',
  options: [...OFFLINE_OPTIONS, ...RUN_OPTIONS],
  positionals: [{ name: 'revision', help: 'Revision target; with --sql a FROM:TO range is required.' }],
  run: (context, args) => runOfflineCommand('downgrade', context, args, args.positionals.slice(0, 1)),
};
