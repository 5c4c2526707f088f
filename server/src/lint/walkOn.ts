/**
 * How far the walk goes past the last file asked for. The editor lints the open migration alone,
 * and nothing replayed after it changes that migration's findings, except what a watcher of the
 * walk (LintRule.watchWalk) learns later: needs-sibling-branch hears of the failing order only at
 * the sibling's CREATE TABLE, which Alembic runs after the open migration. Replaying the rest of a
 * 5,000-revision history on every edit would cost several times the re-lint, so the walk goes on
 * only up to the next revision whose CREATE TABLE a watcher awaits (found from the cached
 * readings, without replaying), and stops when there is none.
 */
import { asRun } from './asRun';
import type { HistoryEntry, MigrationReading } from './run';
import type { LintedFunction } from './types';

/** By function object (readings are never changed once made): the tables its plain CREATE TABLEs make, as run. */
const madeBy = new WeakMap<LintedFunction, readonly string[]>();

const NONE: readonly string[] = [];

/**
 * The tables an upgrade makes with a CREATE TABLE that surely runs and is not IF NOT EXISTS:
 * watchers take no other for a maker (a statement under a condition may not run; IF NOT EXISTS
 * also succeeds on a database that had the table).
 */
function tablesMadeBy(upgrade: LintedFunction | undefined): readonly string[] {
  if (!upgrade) return NONE;
  let tables = madeBy.get(upgrade);
  if (!tables) {
    const made: string[] = [];
    for (const action of asRun(upgrade)!.actions) if (action.kind === 'createTable' && !action.ifNotExists && !action.mayNotRun) made.push(action.table);
    tables = made.length === 0 ? NONE : made;
    madeBy.set(upgrade, tables);
  }
  return tables;
}

/**
 * The index of the first entry from `from` on whose replay may file a watcher's finding (it makes
 * one of the `awaited` tables, and `awaits` accepts the maker), -1 when none may. A maker `awaits`
 * turns down settles its table (WalkWatcher.awaitsMaker). `readingOf` reads an entry not cached
 * yet: a file read costs far less than replaying every revision up to it.
 */
export function nextAwaitedMaker(
  history: readonly HistoryEntry[],
  from: number,
  readingOf: (entry: HistoryEntry) => MigrationReading | undefined,
  awaited: Set<string>,
  awaits: (table: string, maker: string) => boolean,
): number {
  for (let at = from; at < history.length && awaited.size > 0; at++) {
    const tables = tablesMadeBy(readingOf(history[at])?.upgrade);
    for (let each = 0; each < tables.length; each++) {
      const table = tables[each];
      if (!awaited.has(table)) continue;
      if (awaits(table, history[at].revision)) return at;
      awaited.delete(table);
    }
  }
  return -1;
}
