/** `alembic-lens current`: the database's current revision(s), printed as `alembic current` prints them. */
import type { CliCommand } from '../types';
import { CONNECTION_OPTIONS } from '../online/onlineOptions';
import { runOnlineCommand } from '../online/runOnlineCommand';

export const currentCommand: CliCommand = {
  name: 'current',
  summary: 'Display the current revision for a database.',
  options: [
    ...CONNECTION_OPTIONS,
    { names: ['-v', '--verbose'], key: 'verbose', help: 'Use more verbose output' },
    { names: ['--check-heads'], key: 'checkHeads', help: 'Check if all head revisions are applied to the database. Exit with an error code if this is not the case.' },
  ],
  positionals: [],
  run: (context, args) => runOnlineCommand('current', context, args, []),
};
