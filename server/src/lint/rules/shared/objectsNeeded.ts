/**
 * The table and column an action needs to exist, for the rules that check them against the
 * replayed history (see schema/model.ts).
 */
import type { Action } from '../../actions';

/** The table an action needs to exist, if any. */
export function tableOf(action: Action): string | undefined {
  switch (action.kind) {
    case 'dropTable':
      return action.ifExists ? undefined : action.table;
    // `op.drop_index(..., table_name=...)` after its table was dropped: the index went with it, and
    // PostgreSQL refuses the DROP INDEX (SQLBot drops `license`, then `ix_license_id`).
    case 'dropIndex':
      return action.ifExists ? undefined : action.table;
    case 'renameTable':
    case 'addColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
    case 'createIndex':
    case 'addConstraint':
    case 'validateConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'dml':
      return action.table;
    default:
      return undefined;
  }
}

/** The tables other than its own that an action's foreign keys reference. */
export function referencedTablesOf(action: Action): string[] {
  if (action.kind === 'addConstraint' && action.constraint === 'foreignKey' && action.references && action.references.table !== action.table) return [action.references.table];
  if (action.kind === 'createTable') return [...new Set((action.references ?? []).filter((table) => table !== action.table))];
  return [];
}

/** The column an action needs to exist, if any. */
export function columnOf(action: Action): string | undefined {
  switch (action.kind) {
    case 'dropColumn':
      return action.ifExists ? undefined : action.column;
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
      return action.column;
    default:
      return undefined;
  }
}
