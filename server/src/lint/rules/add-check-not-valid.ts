/**
 * A check constraint is validated against every row when added, under an ACCESS EXCLUSIVE lock;
 * `NOT VALID` then `VALIDATE CONSTRAINT` splits that into two short steps.
 */
import { notValidFix } from '../fixes/notValid';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { needsValidation } from './shared/needsValidation';

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
      { fixes: notValidFix(action, context.migration), lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
    );
  },
};
