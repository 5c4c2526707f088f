/**
 * Tables a migration function emptied earlier in the same transaction (`TRUNCATE t`, `DELETE FROM
 * t` without WHERE), and not filled since as far as the actions show. Read by rules whose hazard
 * is the table's existing rows (add-column-required-no-default: socorro truncates a table, then
 * adds NOT NULL columns to it).
 *
 * Fed every action in order (`emptiedBefore`, before the schema model applies it). Anything that may
 * write rows the actions do not name (a SELECT or DO that may call a function, COPY, CALL, a
 * statement the linter could not read) forgets every emptied table; so does leaving the
 * transaction (COMMIT, an autocommit block): the running application may insert in between.
 */
import type { Action, MigrationFunction } from '../../actions';
import type { MigrationUnderLint } from '../../types';

export interface Emptied {
  statement: 'TRUNCATE' | 'DELETE';
  /** Zero-based line of the emptying statement. */
  line: number;
}

interface FunctionState {
  fn: MigrationFunction;
  /** Whether the last action ran inside a transaction (a change means another transaction). */
  inTransaction: boolean;
  tables: Map<string, Emptied>;
}

/** `otherSql` statements that may write rows the actions do not name. */
const MAY_WRITE_ROWS = new Set(['SelectStmt', 'DoStmt', 'CallStmt', 'CopyStmt', 'ExecuteStmt']);

const states = new WeakMap<MigrationUnderLint, FunctionState>();

/** Whether any action of the migration's functions empties a table, by migration (worked out once). */
const emptying = new WeakMap<MigrationUnderLint, boolean>();

function emptiesATable(migration: MigrationUnderLint): boolean {
  let known = emptying.get(migration);
  if (known === undefined) {
    const empties = (action: Action): boolean => action.kind === 'truncate' || (action.kind === 'dml' && action.statement === 'delete' && !action.hasWhere);
    known = (migration.upgrade?.actions.some(empties) ?? false) || (migration.downgrade?.actions.some(empties) ?? false);
    emptying.set(migration, known);
  }
  return known;
}

function stateOf(migration: MigrationUnderLint, action: Action): FunctionState {
  let state = states.get(migration);
  if (!state || state.fn !== action.fn) {
    state = { fn: action.fn, inTransaction: action.inTransaction, tables: new Map() };
    states.set(migration, state);
  }
  return state;
}

/**
 * Whether the table `action` is on was emptied before it (in the same transaction, not filled
 * since), then takes `action` into account. Call once per action, in order.
 */
export function emptiedBefore(migration: MigrationUnderLint, action: Action): Emptied | undefined {
  // Most migrations empty no table: nothing to follow (this runs for every action of a history).
  if (!emptiesATable(migration)) return undefined;
  const state = stateOf(migration, action);
  const tables = state.tables;
  // Outside a transaction every statement commits on its own; a change of mode is a new transaction.
  if (!action.inTransaction || action.inTransaction !== state.inTransaction) tables.clear();
  state.inTransaction = action.inTransaction;
  const before = 'table' in action && typeof action.table === 'string' ? tables.get(action.table) : undefined;
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
      break;
    case 'unchecked':
      tables.clear();
      break;
    case 'otherSql':
      if (MAY_WRITE_ROWS.has(action.statement)) tables.clear();
      break;
    default:
      break;
  }
  if (!action.inTransaction) tables.clear();
  return before;
}
