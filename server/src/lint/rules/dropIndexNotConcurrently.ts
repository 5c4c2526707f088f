/** DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table. */
import type { LintRule } from '../types';
import { BLOCKS_EVERYTHING } from './describe';

export const dropIndexNotConcurrently: LintRule = {
  code: 'drop-index-not-concurrently',
  defaultSeverity: 'warning',
  title: 'Index dropped without CONCURRENTLY',
  checkAction(action, context) {
    if (action.kind !== 'dropIndex' || action.concurrently) return;
    const index = context.schema.indexes.get(action.name);
    // An index (or its table) made earlier in the same migration is not in use yet.
    if (index && (index.createdIn === context.schema.revision || context.schema.tableIsNew(index.table))) return;
    const table = index ? `its table "${index.table}"` : 'its table';
    context.report(
      action.range,
      `DROP INDEX ${action.name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${table}, which ${BLOCKS_EVERYTHING}; ` +
        'use postgresql_concurrently=True inside op.get_context().autocommit_block()',
    );
  },
};
