/** CREATE INDEX without CONCURRENTLY on a table that already exists locks out writes while it builds. */
import type { LintRule } from '../types';
import { concurrentlyFix } from '../fixes/concurrently';
import { BLOCKS_WRITES, quoted } from './shared/describe';

export const createIndexNotConcurrently: LintRule = {
  code: 'create-index-not-concurrently',
  defaultSeverity: 'warning',
  title: 'Index created without CONCURRENTLY on an existing table',
  checkAction(action, context) {
    if (action.kind !== 'createIndex' || action.concurrently) return;
    // A table created earlier in the same migration is empty and unseen by the application.
    if (context.schema.tableIsNew(action.table)) return;
    context.report(
      action.range,
      `CREATE INDEX${action.name ? ` ${action.name}` : ''} without CONCURRENTLY takes a SHARE lock on ${quoted(action.table)}, which ${BLOCKS_WRITES} building the whole index; ` +
        'use postgresql_concurrently=True inside op.get_context().autocommit_block()',
      { fixes: concurrentlyFix(action, context.migration), lock: { mode: 'ShareLock', tables: [action.table] } },
    );
  },
};
