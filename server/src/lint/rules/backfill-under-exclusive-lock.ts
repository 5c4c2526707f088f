/**
 * An UPDATE or DELETE that runs after DDL took an ACCESS EXCLUSIVE lock in the same transaction:
 * the lock is held until commit, so the table the DDL changed is closed to every read and write
 * for as long as the backfill takes (typically: add a column, fill it, set NOT NULL, all in one
 * upgrade). Locks are only released at commit, so the order within the transaction matters.
 * A statement whose WHERE pins the table's primary key or a unique constraint to written values
 * (`UPDATE member SET email = '...' WHERE id = 76`) is a fix of known rows, over in a moment: the
 * lock was already taken and is held to commit all the same, so it adds no wait worth a finding.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { exclusiveLocksHeldBefore } from './shared/tableLocks';

export const backfillUnderExclusiveLock: LintRule = {
  code: 'backfill-under-exclusive-lock',
  defaultSeverity: 'warning',
  title: 'UPDATE or DELETE in the same transaction as an ACCESS EXCLUSIVE lock',
  actionKinds: ['dml'],
  checkAction(action, context) {
    if (action.kind !== 'dml' || action.statement === 'insert' || action.table === '') return;
    if (context.schema.tableIsNew(action.table)) return;
    if (action.pinnedColumns && context.schema.columnsHoldKey(action.table, action.pinnedColumns)) return;
    // Each table with the first statement before this one in its transaction that locked it.
    const held = exclusiveLocksHeldBefore(action, context.migration, action.fn, context.schema);
    if (held.size === 0) return;
    const tables = [...held].map(([table, earlier]) => `${quoted(table)} (line ${earlier.range.start.line + 1})`).join(', ');
    const verb = action.statement === 'update' ? 'UPDATE' : 'DELETE';
    context.report(
      action.range,
      `this ${verb} of ${quoted(action.table)} runs while the transaction holds an ACCESS EXCLUSIVE lock on ${tables}, so every read and write of ${held.size > 1 ? 'them' : 'it'} waits for the whole backfill; ` +
        'move the data change to its own migration (or after a COMMIT / into op.get_context().autocommit_block()), in batches, before the DDL that needs it',
      { lock: { mode: 'AccessExclusiveLock', tables: [...held.keys()] } }
    );
  },
};
