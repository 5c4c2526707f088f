/** ADD CONSTRAINT ... UNIQUE builds its index while holding an ACCESS EXCLUSIVE lock. */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';
import { emptyAndHeld } from './shared/emptiedTables';

export const addUniqueConstraint: LintRule = {
  code: 'add-unique-constraint',
  defaultSeverity: 'warning',
  title: 'Unique constraint added without a concurrently built index',
  actionKinds: ['addConstraint'],
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'unique' || action.usingIndex) return;
    if (context.schema.tableIsNew(action.table)) return;
    // A table this transaction truncated (held-out sweep BD), or found empty after locking it
    // (healthcare-mrf-api), is empty and held under ACCESS EXCLUSIVE already.
    if (emptyAndHeld(context.migration, action, 'ACCESS EXCLUSIVE')) return;
    // PostgreSQL 15 refuses both CONCURRENTLY and UNIQUE USING INDEX on a partitioned table, and
    // its ADD CONSTRAINT builds new indexes on the partitions rather than attach existing ones
    // (held-out sweep BJ, muoversi-server's stop_times): a unique index does the same work there.
    const advice = context.schema.table(action.table)?.partitioned
      ? `${quoted(action.table)} is partitioned, where PostgreSQL refuses CONCURRENTLY and UNIQUE USING INDEX: enforce it with a unique index instead, created ON ONLY ${quoted(action.table)} (no rows are read), built CONCURRENTLY on each partition inside op.get_context().autocommit_block(), then ALTER INDEX ... ATTACH PARTITION each`
      : 'create a unique index with postgresql_concurrently=True first, then ADD CONSTRAINT ... UNIQUE USING INDEX';
    context.report(
      action.range,
      `adding unique constraint${action.name ? ` ${action.name}` : ''} builds a unique index on ${quoted(action.table)} while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` + advice,
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
