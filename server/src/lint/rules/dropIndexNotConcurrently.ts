/** DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table. */
import type { LintRule } from '../types';
import { concurrentlyFix } from '../fixes/concurrently';
import { BLOCKS_EVERYTHING } from './describe';

export const dropIndexNotConcurrently: LintRule = {
  code: 'drop-index-not-concurrently',
  defaultSeverity: 'warning',
  title: 'Index dropped without CONCURRENTLY',
  checkAction(action, context) {
    if (action.kind !== 'dropIndex' || action.concurrently) return;
    const index = context.schema.index(action.name);
    // An index (or its table) made earlier in the same migration is not in use yet.
    if (index && (index.createdIn === context.schema.revision || context.schema.tableIsNew(index.table))) return;
    // Dropping the table later in the same function takes the same lock anyway (autogenerate writes this).
    const fn = context.migration[action.fn];
    const table = index?.table ?? action.table;
    if (table && fn?.actions.some((later) => later.kind === 'dropTable' && later.table === table && fn.actions.indexOf(later) > fn.actions.indexOf(action))) return;
    context.report(
      action.range,
      `DROP INDEX ${action.name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${table ? `its table "${table}"` : 'its table'}, which ${BLOCKS_EVERYTHING}; ` +
        'use postgresql_concurrently=True inside op.get_context().autocommit_block()',
      { fixes: concurrentlyFix(action, context.migration) },
    );
  },
};
