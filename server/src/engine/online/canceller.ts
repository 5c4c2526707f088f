/**
 * Cancel as PostgreSQL does it: from a second connection, `pg_cancel_backend(pid)` interrupts the
 * running statement of the run's connection, which then fails with SQLSTATE 57014 and is rolled
 * back by the executor. The embedded database has one backend and cannot interrupt a statement;
 * there the run stops before its next statement.
 */
import { openSession, type DatabaseTarget } from '../../database/session';

export function cancelOnAbort(target: DatabaseTarget, backendPid: number, signal: AbortSignal | undefined, log: (line: string) => void): () => void {
  if (!signal) return () => undefined;
  const onAbort = () => {
    if (!target.canCancel) {
      log('cancelling: the embedded database cannot interrupt a statement; the run stops before its next one');
      return;
    }
    void (async () => {
      try {
        const helper = await openSession(target, 'alembic-lens cancel');
        try {
          await helper.query('SELECT pg_cancel_backend($1)', [backendPid]);
        } finally {
          await helper.close();
        }
      } catch (error) {
        log(`cancelling failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
