/**
 * A foreign key is validated against every row when added, under locks that block writes on both
 * tables; `NOT VALID` then `VALIDATE CONSTRAINT` splits that into two short steps.
 */
import { notValidFix } from '../fixes/notValid';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { exclusiveLocksHeldBefore } from './shared/tableLocks';
import { notValidAddInSameTransaction } from './shared/validatedTooSoon';
import { needsValidation } from './shared/needsValidation';

export const addForeignKeyNotValid: LintRule = {
  code: 'add-foreign-key-not-valid',
  defaultSeverity: 'warning',
  title: 'Foreign key added without NOT VALID',
  actionKinds: ['addConstraint', 'validateConstraint'],
  checkAction(action, context) {
    if (action.kind === 'validateConstraint') {
      const added = notValidAddInSameTransaction(action, context.migration);
      if (added?.constraint !== 'foreignKey') return;
      const referenced = added.references?.table;
      context.report(
        action.range,
        `VALIDATE CONSTRAINT ${action.name} runs in the same transaction as its NOT VALID add (line ${added.range.start.line + 1}), whose SHARE ROW EXCLUSIVE locks on ${quoted(added.table)}${referenced !== undefined && referenced !== added.table ? ` and ${quoted(referenced)}` : ''} are held until commit: writes still wait for the whole check, as without NOT VALID; ` +
          'run it inside op.get_context().autocommit_block(), which commits the add first, or in a migration deployed after this one',
      );
      return;
    }
    if (action.kind !== 'addConstraint' || action.constraint !== 'foreignKey' || !needsValidation(action, context)) return;
    // A foreign key of a partitioned table cannot be NOT VALID (PostgreSQL 15 refuses): the advice differs.
    if (context.schema.table(action.table)?.partitioned) {
      context.report(
        action.range,
        `adding foreign key${action.name ? ` ${action.name}` : ''} on ${quoted(action.table)} checks every row of every partition while holding SHARE ROW EXCLUSIVE locks on them and on the referenced table, which block their writes; ` +
          `${quoted(action.table)} is partitioned, where PostgreSQL refuses NOT VALID: add the foreign key to each partition with postgresql_not_valid=True and VALIDATE CONSTRAINT it, then add it to ${quoted(action.table)}, which then checks nothing again`,
        { lock: { mode: 'ShareRowExclusiveLock', tables: [action.table] } },
      );
      return;
    }
    const referenced = action.references?.table;
    // The referenced table is gone (dropped above, or by the upgrade this downgrade undoes):
    // PostgreSQL fails (42P01) before it locks or checks anything, and unknown-table says so.
    if (referenced !== undefined && context.schema.tableIsKnownMissing(referenced)) return;
    const lockedTables = referenced !== undefined && referenced !== action.table ? [action.table, referenced] : [action.table];
    const name = `foreign key${action.name ? ` ${action.name}` : ''}`;
    // The key's own lock is SHARE ROW EXCLUSIVE, but an earlier statement of the transaction (the
    // ADD COLUMN that op.add_column(..., sa.ForeignKey(...)) prints first) may hold ACCESS EXCLUSIVE
    // on the table already: the check then runs with its reads blocked too (measured on PostgreSQL 15).
    const held = exclusiveLocksHeldBefore(action, context.migration, action.fn, context.schema).get(action.table);
    // op.add_column(..., sa.ForeignKey(...)) prints both statements from one line.
    const where = held === undefined ? '' : held.range.start.line !== action.range.start.line ? `line ${held.range.start.line + 1}` : held.kind === 'addColumn' ? 'by the ADD COLUMN this line prints first' : 'on this line';
    const locks = held
      ? `while the ACCESS EXCLUSIVE lock the transaction took on ${quoted(action.table)} (${where}) blocks its reads and writes` +
        (referenced !== undefined && referenced !== action.table ? ` and a SHARE ROW EXCLUSIVE lock on ${quoted(referenced)} blocks its writes` : '')
      : 'while holding SHARE ROW EXCLUSIVE locks on it and on the referenced table, which block their writes';
    context.report(action.range, `adding ${name} on ${quoted(action.table)} checks every row ${locks}; add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step`, {
      fixes: notValidFix(action, context.migration),
      lock: { mode: 'ShareRowExclusiveLock', tables: lockedTables },
    });
  },
};
