/** A TraceDatabase used once: the session given is prepared on the first call and never reused. */
import type { Session } from '../../database/session';
import type { TraceDatabase } from './lockTrace';

export function singleUseDatabase(session: Session): TraceDatabase {
  return {
    async prepare(_key, ancestors) {
      await ancestors.apply(session);
      return { session, reused: false };
    },
    invalidate() {
      // Nothing is kept for a later trace.
    },
  };
}
