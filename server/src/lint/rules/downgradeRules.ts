/**
 * Hygiene of `downgrade()`: there is one, it does something when the upgrade does, and it
 * undoes what the upgrade did (checked by replaying both, see schema/effects.ts).
 */
import { EffectTracker, tableAliasesOf } from '../schema/effects';
import type { LintRule } from '../types';

export const missingDowngrade: LintRule = {
  code: 'missing-downgrade',
  defaultSeverity: 'warning',
  title: 'Migration has no downgrade() function',
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (downgrade || !upgrade) return;
    context.report(upgrade.nameRange, 'this migration has no downgrade() function: `alembic downgrade` past it fails; write one, or one that raises NotImplementedError on purpose');
  },
};

/** Actions whose whole effect EffectTracker follows, so that "no difference" means "no change". */
const NET_TRACKED = new Set(['createTable', 'dropTable', 'createIndex', 'dropIndex']);

export const emptyDowngrade: LintRule = {
  code: 'empty-downgrade',
  defaultSeverity: 'information',
  title: 'downgrade() does nothing while upgrade() changes the schema',
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (!upgrade || !downgrade || !downgrade.empty) return;
    // Only a known schema change counts: an opaque step may be anything, data changes need no undo.
    const changes = upgrade.actions.filter((action) => action.kind !== 'otherSql' && action.kind !== 'dml' && action.kind !== 'unchecked' && action.kind !== 'transaction');
    if (changes.length === 0) return;
    // Nor does a table made and dropped again inside the upgrade (indico's data fixes build a
    // temporary mapping table, index it, use it and drop it): nothing is left to undo.
    if (changes.every((action) => NET_TRACKED.has(action.kind))) {
      const tracker = new EffectTracker();
      for (const action of changes) tracker.apply(action);
      if (tracker.mismatches().length === 0) return;
    }
    context.report(downgrade.nameRange, 'downgrade() is empty while upgrade() changes the schema: `alembic downgrade` reports success and leaves the changes in place');
  },
};

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
