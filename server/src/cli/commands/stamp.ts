/** `alembic-lens stamp REV... --sql`: prints what `alembic stamp REV... --sql` prints. */
import type { CliCommand } from '../types';
import { OFFLINE_OPTIONS, runOfflineCommand } from './upgrade';

export const stampCommand: CliCommand = {
  name: 'stamp',
  summary: "'Stamp' the version table with the given revision(s) without running migrations (offline with --sql).",
  options: [...OFFLINE_OPTIONS.filter((option) => option.key !== 'allowOpaque')],
  positionals: [{ name: 'revisions', help: 'Revision(s) to stamp; with --sql each may be START:REV (one START only).', variadic: true }],
  run: (context, args) => {
    if (args.positionals.length === 0) {
      // Alembic's argparse takes `revisions` with nargs='+'.
      context.stderr('alembic-lens stamp: error: the following arguments are required: revisions\n');
      return 2;
    }
    return runOfflineCommand('stamp', context, args, args.positionals);
  },
};
