/**
 * Tables a migration function emptied earlier in the same transaction (`TRUNCATE t`, `DELETE FROM
 * t` without WHERE), or found empty with a guard that stops the migration otherwise (a DO block's
 * `IF EXISTS (SELECT 1 FROM t) THEN RAISE EXCEPTION`, sql/emptinessGuard.ts), and not filled since
 * as far as the actions show. Read by rules whose hazard
 * is the table's existing rows (add-column-required-no-default: socorro truncates a table, then
 * adds NOT NULL columns to it).
 *
 * Worked out from each function's actions in order, once per migration. Anything that may
 * write rows the actions do not name (a SELECT or DO that may call a function, COPY, CALL, a
 * statement the linter could not read) forgets every emptied table; so does leaving the
 * transaction (COMMIT, an autocommit block): the running application may insert in between.
 */
import type { Action, BlockingLockMode } from '../../actions';
import type { MigrationUnderLint } from '../../types';

export interface Emptied {
  statement: 'TRUNCATE' | 'DELETE' | 'CHECK';
  /** Zero-based line of the emptying statement. */
  line: number;
  /**
   * A CHECK's table was locked before it, in the same transaction, in this mode (the strongest
   * taken): every mode a LOCK TABLE is read with blocks other sessions' inserts (SHARE or stronger).
   */
  locked?: BlockingLockMode;
}

const LOCK_STRENGTH: Record<BlockingLockMode, number> = { SHARE: 1, 'SHARE ROW EXCLUSIVE': 2, EXCLUSIVE: 3, 'ACCESS EXCLUSIVE': 4 };

/**
 * Whether the table is empty and held, before `action`, in at least the mode `mode`: a TRUNCATE
 * (ACCESS EXCLUSIVE, to the commit), or a check found it empty after a LOCK TABLE that strong.
 * Building an index or a key on it then reads no row and blocks no one not blocked already.
 */
export function emptyAndHeld(migration: MigrationUnderLint, action: Action, mode: BlockingLockMode): boolean {
  const emptied = emptiedBefore(migration, action);
  if (emptied?.statement === 'TRUNCATE') return true;
  return emptied?.statement === 'CHECK' && emptied.locked !== undefined && LOCK_STRENGTH[emptied.locked] >= LOCK_STRENGTH[mode];
}

/** `otherSql` statements that may write rows the actions do not name. */
const MAY_WRITE_ROWS = new Set(['SelectStmt', 'DoStmt', 'CallStmt', 'CopyStmt', 'ExecuteStmt']);

/** By migration: the emptied table each action is on, where it was (worked out once, on first ask). */
const emptiedByAction = new WeakMap<MigrationUnderLint, Map<Action, Emptied>>();

/** Whether any action of the migration's functions empties a table. */
function emptiesATable(migration: MigrationUnderLint): boolean {
  const empties = (action: Action): boolean =>
    action.kind === 'truncate' || (action.kind === 'dml' && action.statement === 'delete' && !action.hasWhere) || (action.kind === 'otherSql' && action.provesEmpty !== undefined);
  return (migration.upgrade?.actions.some(empties) ?? false) || (migration.downgrade?.actions.some(empties) ?? false);
}

/** Follows one function's actions in order, noting each action whose table was emptied before it. */
function follow(actions: readonly Action[], found: Map<Action, Emptied>): void {
  const tables = new Map<string, Emptied>();
  // Tables locked in this transaction (held to its end), with the strongest mode taken.
  const locked = new Map<string, BlockingLockMode>();
  let inTransaction: boolean | undefined;
  for (const action of actions) {
    // Outside a transaction every statement commits on its own; a change of mode is a new transaction.
    if (!action.inTransaction || action.inTransaction !== inTransaction) {
      tables.clear();
      locked.clear();
    }
    inTransaction = action.inTransaction;
    const before = 'table' in action && typeof action.table === 'string' ? tables.get(action.table) : undefined;
    if (before) found.set(action, before);
    const line = action.range.start.line;
    switch (action.kind) {
      case 'truncate':
        for (const table of action.tables) tables.set(table, { statement: 'TRUNCATE', line });
        break;
      case 'dml':
        if (action.statement === 'delete' && !action.hasWhere) tables.set(action.table, { statement: 'DELETE', line });
        else if (action.statement === 'insert') tables.delete(action.table);
        break;
      case 'dropTable':
      case 'createTable':
        tables.delete(action.table);
        break;
      case 'renameTable': {
        const emptied = tables.get(action.table);
        tables.delete(action.table);
        if (emptied) tables.set(action.newName, emptied);
        break;
      }
      case 'transaction':
        tables.clear();
        locked.clear();
        break;
      case 'unchecked':
        tables.clear();
        break;
      case 'otherSql':
        for (const lock of action.locks ?? []) {
          if (!('table' in lock)) continue;
          const held = locked.get(lock.table);
          if (held === undefined || LOCK_STRENGTH[lock.mode] > LOCK_STRENGTH[held]) locked.set(lock.table, lock.mode);
        }
        if (action.provesEmpty) {
          for (const table of action.provesEmpty) {
            const mode = locked.get(table);
            tables.set(table, { statement: 'CHECK', line, ...(mode ? { locked: mode } : {}) });
          }
        }
        else if (MAY_WRITE_ROWS.has(action.statement)) tables.clear();
        break;
      default:
        break;
    }
    if (!action.inTransaction) {
      tables.clear();
      locked.clear();
    }
  }
}

/**
 * Whether the table `action` is on was emptied before it (in the same transaction, not filled
 * since). Any rule may ask about any action, in any order.
 */
export function emptiedBefore(migration: MigrationUnderLint, action: Action): Emptied | undefined {
  let found = emptiedByAction.get(migration);
  if (!found) {
    found = new Map();
    // Most migrations empty no table: nothing to follow (this is asked about every action of a history).
    if (emptiesATable(migration)) for (const fn of [migration.upgrade, migration.downgrade]) if (fn) follow(fn.actions, found);
    emptiedByAction.set(migration, found);
  }
  return found.get(action);
}
