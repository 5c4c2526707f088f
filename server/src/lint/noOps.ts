/**
 * Statements the replay found to do nothing: `CREATE TABLE IF NOT EXISTS` of a table that is
 * there already (sagebase re-creates its init.sql tables so in its first migrations). PostgreSQL
 * only notes that the table exists: no table is made, no referenced table is locked, and nothing
 * the statement declares (its keys, its columns' types) is new. The rules skip them and the
 * downgrade check does not count them as made (a downgrade that drops such a table drops one the
 * upgrade did not make). Marked by lint/run.ts as it replays, so the answer is the schema's at
 * that statement.
 */
import type { Action } from './actions';

const noOps = new WeakSet<Action>();

export function markNoOp(action: Action): void {
  noOps.add(action);
}

export function isNoOp(action: Action): boolean {
  return noOps.has(action);
}
