/**
 * Foreign keys and check constraints are validated against every row when added, under a lock
 * that blocks writes; `NOT VALID` then `VALIDATE CONSTRAINT` splits that into two short steps.
 * Two codes share this check, one per constraint kind, so each can be configured on its own.
 */
import type { ActionOf } from '../actions';
import { notValidFix } from '../fixes/notValid';
import type { LintRule, RuleContext } from '../types';
import { quoted } from './describe';

/**
 * A table created in the same migration is empty and unseen. A column added in the same
 * migration is no exemption: validating still reads every row of the table (and a server
 * default has filled them), under the lock.
 */
function needsValidation(action: ActionOf<'addConstraint'>, context: RuleContext): boolean {
  return !action.notValid && !context.schema.tableIsNew(action.table);
}

export const addForeignKeyNotValid: LintRule = {
  code: 'add-foreign-key-not-valid',
  defaultSeverity: 'warning',
  title: 'Foreign key added without NOT VALID',
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'foreignKey' || !needsValidation(action, context)) return;
    context.report(
      action.range,
      `adding foreign key${action.name ? ` ${action.name}` : ''} on ${quoted(action.table)} checks every row while holding SHARE ROW EXCLUSIVE locks on it and on the referenced table, which block their writes; ` +
        'add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step',
      { fixes: notValidFix(action, context.migration) },
    );
  },
};

export const addCheckNotValid: LintRule = {
  code: 'add-check-not-valid',
  defaultSeverity: 'warning',
  title: 'Check constraint added without NOT VALID',
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'check' || !needsValidation(action, context)) return;
    context.report(
      action.range,
      `adding check constraint${action.name ? ` ${action.name}` : ''} scans every row of ${quoted(action.table)} while holding an ACCESS EXCLUSIVE lock on it, which blocks every read and write; ` +
        'add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step',
      { fixes: notValidFix(action, context.migration) },
    );
  },
};
