/**
 * A `downgrade()` that does nothing while `upgrade()` changes the schema.
 */
import { EffectTracker } from '../schema/effects';
import type { LintRule } from '../types';

/** Actions whose whole effect EffectTracker follows, so that "no difference" means "no change". */
const NET_TRACKED = new Set(['createTable', 'dropTable', 'createIndex', 'dropIndex']);

/**
 * Actions with nothing a downgrade could undo: data changes, an opaque step (may be anything),
 * `VALIDATE CONSTRAINT` (the definition stays as it was), and `ALTER TYPE ... ADD VALUE`, which
 * PostgreSQL has no statement to take back (post-award-data-store, tildes: "can't remove from enums").
 */
const NOTHING_TO_UNDO = new Set(['otherSql', 'dropNotNull', 'dml', 'unchecked', 'transaction', 'validateConstraint', 'enumAddValue', 'truncate']);

export const emptyDowngrade: LintRule = {
  code: 'empty-downgrade',
  defaultSeverity: 'information',
  title: 'downgrade() does nothing while upgrade() changes the schema',
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (!upgrade || !downgrade || !downgrade.empty) return;
    // Only a known schema change counts.
    const changes = upgrade.actions.filter((action) => !NOTHING_TO_UNDO.has(action.kind));
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
