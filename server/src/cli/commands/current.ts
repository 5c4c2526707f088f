/** `alembic-lens current`: the database's current revision(s), printed as `alembic current` prints them. */
import type { CliCommand } from '../types';
import { CONNECTION_OPTIONS } from '../online/onlineOptions';
import { runOnlineCommand } from '../online/runOnlineCommand';

export const currentCommand: CliCommand = {
  name: 'current',
  summary: 'Display the current revision for a database.',
  options: CONNECTION_OPTIONS,
  positionals: [],
  run: (context, args) => runOnlineCommand('current', context, args, []),
};
