/**
 * A foreign key is validated against every row when added, under locks that block writes on both
 * tables; `NOT VALID` then `VALIDATE CONSTRAINT` splits that into two short steps.
 */
import { notValidFix } from '../fixes/notValid';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { needsValidation } from './shared/needsValidation';

export const addForeignKeyNotValid: LintRule = {
  code: 'add-foreign-key-not-valid',
  defaultSeverity: 'warning',
  title: 'Foreign key added without NOT VALID',
  actionKinds: ['addConstraint'],
  checkAction(action, context) {
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
    context.report(
      action.range,
      `adding foreign key${action.name ? ` ${action.name}` : ''} on ${quoted(action.table)} checks every row while holding SHARE ROW EXCLUSIVE locks on it and on the referenced table, which block their writes; ` +
        'add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step',
      { fixes: notValidFix(action, context.migration), lock: { mode: 'ShareRowExclusiveLock', tables: [action.table] } },
    );
  },
};
