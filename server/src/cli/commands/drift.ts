/** `alembic-lens drift`: a configured database against an embedded one upgraded to the same revisions. */
import type { CliCommand } from '../types';
import { CONNECTION_OPTIONS } from '../online/onlineOptions';
import { runDriftCommand } from '../online/driftCommand';

export const driftCommand: CliCommand = {
  name: 'drift',
  summary: "Compare a database's schema with what its migrations create at its current revision(s).",
  options: CONNECTION_OPTIONS,
  positionals: [],
  run: (context, args) => runDriftCommand(context, args),
};
