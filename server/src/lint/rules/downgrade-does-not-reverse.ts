/**
 * A `downgrade()` that does not undo `upgrade()`, found by replaying both (see schema/effects.ts).
 */
import { EffectTracker, tableAliasesOf } from '../schema/effects';
import type { LintRule } from '../types';

export const downgradeDoesNotReverse: LintRule = {
  code: 'downgrade-does-not-reverse',
  defaultSeverity: 'warning',
  title: 'downgrade() does not undo upgrade()',
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (!upgrade || !downgrade || downgrade.empty) return;
    // Only a fully understood pair can be compared; anything unchecked could be the missing half.
    const all = [...upgrade.actions, ...downgrade.actions];
    if (all.some((action) => action.kind === 'unchecked')) return;
    const tracker = new EffectTracker(tableAliasesOf(all));
    for (const action of all) tracker.apply(action);
    const mismatches = tracker.mismatches();
    if (mismatches.length === 0) return;
    const described = mismatches
      .slice(0, 5)
      .map((mismatch) => {
        if (mismatch.onlyInDowngrade) return `it ${mismatch.after === 'absent' ? 'drops' : 'creates'} ${mismatch.object}, which upgrade() did not ${mismatch.after === 'absent' ? 'create' : 'remove'}`;
        return mismatch.before === 'present' ? `${mismatch.object} is not restored` : `${mismatch.object} is left behind`;
      })
      .join('; ');
    const more = mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : '';
    context.report(downgrade.nameRange, `downgrade() does not undo upgrade(): ${described}${more}`, { data: { mismatches } });
  },
};
