/**
 * A function as it runs under an env.py whose connection has isolation_level AUTOCOMMIT
 * (python/envPyIsolationLevel.ts): the driver commits each statement on its own and Alembic's
 * transaction begins nothing, so no statement runs inside a transaction. `CREATE INDEX
 * CONCURRENTLY` and `ALTER TYPE ... ADD VALUE` work without an autocommit block there, and each
 * statement's locks end with it. A view, as searchPath.ts makes one: the reading is unchanged.
 */
import type { LintedFunction } from './types';

const views = new WeakMap<LintedFunction, LintedFunction>();

export function withEveryStatementCommitted(fn: LintedFunction | undefined): LintedFunction | undefined {
  if (!fn || fn.actions.every((action) => !action.inTransaction)) return fn;
  let view = views.get(fn);
  if (!view) {
    view = { ...fn, actions: fn.actions.map((action) => (action.inTransaction ? { ...action, inTransaction: false } : action)) };
    views.set(fn, view);
  }
  return view;
}
