/**
 * A TraceDatabase used once: the session given is prepared on the first call and never reused.
 * Given while still opening, the database opens while the ancestors' script is rendered.
 */
import type { Session } from '../../database/session';
import type { TraceDatabase } from './lockTrace';

export function singleUseDatabase(session: Session | Promise<Session>): TraceDatabase {
  // A database that fails to open is reported by prepare(), if the trace gets that far.
  if (session instanceof Promise) session.catch(() => undefined);
  return {
    async prepare(_key, ancestors) {
      ancestors.render();
      const opened = await session;
      await ancestors.apply(opened);
      return { session: opened, reused: false };
    },
    invalidate() {
      // Nothing is kept for a later trace.
    },
  };
}
