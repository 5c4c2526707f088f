/**
 * Maintenance statements that write a whole existing table (or its indexes) anew while holding a
 * lock that blocks the application: CLUSTER, VACUUM FULL, SET TABLESPACE, SET LOGGED / UNLOGGED
 * (ACCESS EXCLUSIVE until commit), REINDEX without CONCURRENTLY (SHARE on the table, ACCESS
 * EXCLUSIVE on each index). A lock_timeout only bounds the wait for the lock, not the rewrite.
 */
import type { ActionOf, TableRewrite } from '../actions';
import type { LintRule, RuleContext } from '../types';
import { BLOCKS_WRITES, blocksEverything, quoted } from './shared/describe';

export const tableRewrite: LintRule = {
  code: 'table-rewrite',
  defaultSeverity: 'warning',
  title: 'Statement rewrites a whole table under a blocking lock',
  actionKinds: ['otherSql'],
  checkAction(action, context) {
    if (action.kind !== 'otherSql' || !action.rewrites) return;
    for (const rewrite of action.rewrites) {
      // A partitioned parent has no storage: SET LOGGED / UNLOGGED / TABLESPACE rewrite nothing there (PostgreSQL 15).
      if ('table' in rewrite && rewrite.how.startsWith('SET ') && context.schema.table(rewrite.table)?.partitioned) continue;
      report(rewrite, action, context);
    }
  },
};

function report(rewrite: TableRewrite, action: ActionOf<'otherSql'>, context: RuleContext): void {
  const table = 'table' in rewrite ? rewrite.table : context.schema.index(rewrite.index)?.table;
  // A table made earlier in the same migration holds nothing yet; one known gone is unknown-table's.
  if (table !== undefined && (context.schema.tableIsNew(table) || context.schema.tableIsKnownMissing(table))) return;
  if (rewrite.how === 'REINDEX TABLE' || rewrite.how === 'REINDEX INDEX') {
    const what = 'index' in rewrite ? `index ${quoted(rewrite.index)}` : `the indexes of ${quoted(rewrite.table)}`;
    const onTable = table !== undefined ? ` on ${quoted(table)}` : ' on its table';
    const safe =
      context.config.postgresqlVersion >= 12
        ? `use ${rewrite.how} CONCURRENTLY (PostgreSQL 12 and later) inside op.get_context().autocommit_block(), which lets reads and writes go on`
        : 'PostgreSQL before 12 has no REINDEX CONCURRENTLY: build a new index CONCURRENTLY and drop the old one, or reindex in a maintenance window';
    context.report(
      action.range,
      `${rewrite.how} builds ${what} again under a SHARE lock${onTable}, which ${BLOCKS_WRITES}, and an ACCESS EXCLUSIVE lock on each index (queries that would use one wait); ${safe}`,
      { lock: { mode: 'ShareLock', ...(table !== undefined ? { tables: [table] } : {}) } },
    );
    return;
  }
  const safe =
    rewrite.how === 'CLUSTER' || rewrite.how === 'VACUUM FULL'
      ? 'run it outside the deploy: in a maintenance window, or with pg_repack, which rebuilds the table while reads and writes go on'
      : rewrite.how === 'SET TABLESPACE'
        ? 'move the table outside the deploy: in a maintenance window, or with pg_repack --tablespace while reads and writes go on'
        : rewrite.how === 'REFRESH MATERIALIZED VIEW'
          ? 'use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view) inside op.get_context().autocommit_block(), which lets its readers go on'
          : 'change it outside the deploy, in a maintenance window';
  context.report(
    action.range,
    `${rewrite.how} writes every row of ${quoted(rewrite.table)} anew, with its indexes, under an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}: for as long as copying the whole table takes (a lock_timeout bounds only the wait for the lock); ${safe}`,
    { lock: { mode: 'AccessExclusiveLock', tables: [rewrite.table] } },
  );
}
