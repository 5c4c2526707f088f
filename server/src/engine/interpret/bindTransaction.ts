/**
 * `op.get_bind().commit()` / `.rollback()` in a migration: SQLAlchemy 2's Connection ends the
 * transaction Alembic opened, then begins a new one on the next statement, which Alembic never
 * commits: the rest of the run (the version table's update too) is rolled back when the
 * connection closes, and `alembic upgrade` exits 0 (measured with Alembic 1.20, SQLAlchemy 2.1,
 * psycopg2, PostgreSQL 15: the columns added before a commit() stayed, the one after it and the
 * new version row did not). Under `--sql` the bind is a mock connection without these methods
 * (AttributeError). The interpreter leaves the live run's step opaque with a reason made here; the
 * lint reads the command back from it (lint/collect.ts) and reports it (transaction-control).
 */
const PREFIX = 'ends the transaction Alembic opened through op.get_bind() (';

export type BindTransactionCommand = 'commit' | 'rollback';

/** The live run's reason for `<callee>()`, `callee` as written (`conn.commit`). */
export function bindTransactionReason(command: BindTransactionCommand, callee: string): string {
  return `${PREFIX}${callee}(): ${command}), which the engine does not run: with SQLAlchemy 2 what follows runs in a transaction Alembic never commits`;
}

/** The command a reason made by bindTransactionReason names; undefined for any other reason. */
export function bindTransactionCommandOf(reason: string): BindTransactionCommand | undefined {
  if (!reason.startsWith(PREFIX)) return undefined;
  const command = /\(\): (commit|rollback)\)/.exec(reason.slice(PREFIX.length))?.[1];
  return command === 'commit' || command === 'rollback' ? command : undefined;
}
