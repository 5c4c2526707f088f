/**
 * A function as it runs: bare names under a `SET search_path` qualified (searchPath.ts), then the
 * statements on session tables as scratch work (sessionTables.ts). Views: the reading is unchanged.
 */
import { withoutSessionTables } from './sessionTables';
import { withSearchPath } from './searchPath';
import type { LintedFunction } from './types';

export function asRun(fn: LintedFunction | undefined): LintedFunction | undefined {
  return withoutSessionTables(withSearchPath(fn));
}
