import type { CodeInfo } from './types';

/**
 * Codes of the lock trace (`alembic-lens trace`, the editor's "Trace locks"): results of running a
 * migration on the embedded database, not findings of the lint. Each has docs/rules/<code>.md.
 */
export const TRACE_CODES: readonly CodeInfo[] = [{ code: 'lock-trace-failed', defaultSeverity: 'error', title: 'The lock trace could not run the migration' }];
