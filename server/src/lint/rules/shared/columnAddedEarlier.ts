/**
 * The add_column earlier in the same function that added the column a SET NOT NULL names, and
 * whether anything between them may have written it: an UPDATE of its table, a statement the lint
 * could not read, a transaction boundary, SQL that may write rows (a DO block, CALL, COPY, a
 * SELECT of a function). Shared by add-column-required-no-default (added without a default and
 * nothing fills it: the SET NOT NULL fails) and set-not-null (added with a default and nothing
 * written since: the scan is avoidable).
 */
import type { Action, ActionOf } from '../../actions';
import type { MigrationUnderLint } from '../../types';
import { earlierInFunction } from './tableLocks';

export interface AddedColumn {
  added: ActionOf<'addColumn'>;
  /** Something between the add and the action may have written the column. */
  filled: boolean;
  /**
   * Some of it is not an UPDATE of the table that backfill-under-exclusive-lock sees: a statement
   * the lint could not read (an ORM loop), SQL that may write rows, a transaction boundary, or an
   * UPDATE run outside the transaction (an autocommit block).
   */
  filledUnseen: boolean;
}

export function columnAddedEarlier(action: Action & { table: string }, migration: MigrationUnderLint, column = 'column' in action && typeof action.column === 'string' ? action.column : ''): AddedColumn | undefined {
  let added: ActionOf<'addColumn'> | undefined;
  let filled = false;
  let filledUnseen = false;
  for (const candidate of earlierInFunction(action, migration)) {
    if (candidate.kind === 'addColumn' && candidate.table === action.table && candidate.column.name === column) {
      added = candidate;
      filled = false;
      filledUnseen = false;
    } else if (added && candidate.kind === 'dml' && candidate.table === action.table) {
      filled = true;
      // Run outside the transaction (an autocommit block, after a COMMIT): backfill-under-exclusive-lock
      // has nothing to say about it, so it does not speak for what follows either.
      if (!candidate.inTransaction) filledUnseen = true;
    } else if (added && (candidate.kind === 'unchecked' || candidate.kind === 'transaction' || (candidate.kind === 'otherSql' && /^(?:DoStmt|CallStmt|CopyStmt|SelectStmt)$/.test(candidate.statement)))) {
      filled = true;
      filledUnseen = true;
    }
  }
  return added ? { added, filled, filledUnseen } : undefined;
}
