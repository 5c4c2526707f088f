import type { CodeInfo } from './types';

/**
 * Codes of online runs (`current`, `upgrade`, `downgrade`, `stamp` against a database): finding
 * and opening the database (database/) and the run's outcomes (engine/online/). They are results
 * of a command, not findings on a line: the CLI prints the code after the message, the editor
 * shows it with the run's report. Each has docs/rules/<code>.md.
 */
export const DATABASE_CODES: readonly CodeInfo[] = [
  { code: 'database-url-invalid', defaultSeverity: 'error', title: 'The database URL cannot be read' },
  { code: 'database-not-postgresql', defaultSeverity: 'error', title: 'The database URL is not PostgreSQL' },
  { code: 'database-url-not-found', defaultSeverity: 'error', title: 'No database URL was found' },
  { code: 'database-connection-unknown', defaultSeverity: 'error', title: 'The named connection is not configured' },
  { code: 'database-connect-failed', defaultSeverity: 'error', title: 'The database cannot be reached' },
  { code: 'database-connection-protected', defaultSeverity: 'error', title: 'A write to a protected connection was not confirmed' },
  { code: 'database-sandbox-unavailable', defaultSeverity: 'error', title: 'The embedded database cannot be opened' },
];

export const ONLINE_CODES: readonly CodeInfo[] = [
  { code: 'online-lock-wait-timeout', defaultSeverity: 'error', title: 'Another run held the version table lock for too long' },
  { code: 'online-opaque-refused', defaultSeverity: 'error', title: 'The run contains steps the engine cannot run statically' },
  { code: 'online-dry-run-autocommit', defaultSeverity: 'error', title: 'A dry run cannot include autocommit_block()' },
  { code: 'online-statement-failed', defaultSeverity: 'error', title: 'A migration statement failed and the run was rolled back' },
  { code: 'online-cancelled', defaultSeverity: 'error', title: 'The run was cancelled and rolled back' },
  { code: 'online-connection-lost', defaultSeverity: 'error', title: 'The connection was lost during the run' },
  { code: 'online-alembic-failed', defaultSeverity: 'error', title: 'Alembic failed on a run handed to it' },
  { code: 'online-alembic-other-database', defaultSeverity: 'error', title: 'A run handed to Alembic would migrate another database' },
  { code: 'online-version-table-unknown', defaultSeverity: 'error', title: "env.py's version table is not known statically" },
];
