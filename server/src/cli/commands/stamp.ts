/** `alembic-lens stamp REV... [--purge]` moves the version rows online; with `--sql` prints what `alembic stamp REV... --sql` prints. */
import type { CliCommand } from '../types';
import { OFFLINE_OPTIONS, runOfflineCommand } from './upgrade';
import { RUN_OPTIONS } from '../online/onlineOptions';

export const stampCommand: CliCommand = {
  name: 'stamp',
  summary: "'Stamp' the version table with the given revision(s) without running migrations (with --sql: print the SQL).",
  options: [
    ...OFFLINE_OPTIONS.filter((option) => option.key !== 'allowOpaque'),
    ...RUN_OPTIONS.filter((option) => option.key !== 'python'),
    { names: ['--purge'], key: 'purge', help: 'Delete all entries in the version table before stamping.' },
  ],
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
