/**
 * Whether an added constraint will be validated against existing rows under its lock, for the
 * rules that suggest `NOT VALID` then `VALIDATE CONSTRAINT`.
 */
import type { ActionOf } from '../../actions';
import type { RuleContext } from '../../types';

/**
 * A table created in the same migration is empty and unseen. A column added in the same
 * migration is no exemption: validating still reads every row of the table (and a server
 * default has filled them), under the lock.
 */
export function needsValidation(action: ActionOf<'addConstraint'>, context: RuleContext): boolean {
  return !action.notValid && !context.schema.tableIsNew(action.table);
}
