/**
 * `VALIDATE CONSTRAINT` in the same transaction as the constraint's `NOT VALID` add: the locks the
 * add took (SHARE ROW EXCLUSIVE on both tables of a foreign key, ACCESS EXCLUSIVE for a CHECK)
 * are held until commit, so the split gains nothing (pg_locks on PostgreSQL 15, held-out sweep
 * AX). A COMMIT written in between, or the VALIDATE in an autocommit block, separates them.
 */
import type { Action, ActionOf } from '../../actions';
import type { MigrationUnderLint } from '../../types';
import { earlierInFunction, endsTransaction } from './tableLocks';

export function notValidAddInSameTransaction(validate: ActionOf<'validateConstraint'>, migration: MigrationUnderLint): ActionOf<'addConstraint'> | undefined {
  if (!validate.inTransaction) return undefined;
  const earlier: Action[] = earlierInFunction(validate, migration);
  for (let at = earlier.length - 1; at >= 0; at--) {
    const candidate = earlier[at];
    // A COMMIT, or an autocommit block (Alembic commits before it), ended the add's transaction.
    if (endsTransaction(candidate)) return undefined;
    if (candidate.kind === 'addConstraint' && candidate.notValid && candidate.name === validate.name && candidate.table === validate.table) return candidate;
  }
  return undefined;
}
