/** CREATE INDEX without CONCURRENTLY on a table that already exists locks out writes while it builds. */
import type { LintRule } from '../types';
import { concurrentlyFix } from '../fixes/concurrently';
import { BLOCKS_WRITES, quoted } from './shared/describe';
import { emptyAndHeld } from './shared/emptiedTables';
import { exclusiveLocksHeldBefore } from './shared/tableLocks';

export const createIndexNotConcurrently: LintRule = {
  code: 'create-index-not-concurrently',
  defaultSeverity: 'warning',
  title: 'Index created without CONCURRENTLY on an existing table',
  actionKinds: ['createIndex'],
  checkAction(action, context) {
    if (action.kind !== 'createIndex' || action.concurrently) return;
    // A table created earlier in the same migration is empty and unseen by the application.
    if (context.schema.tableIsNew(action.table)) return;
    // A table this transaction truncated: it holds ACCESS EXCLUSIVE already, until the end, and is
    // empty (DELETE is not enough: the build still reads every deleted row, while others write).
    // So is one found empty after a LOCK TABLE that blocks writes as the build's SHARE lock does.
    if (emptyAndHeld(context.migration, action, 'SHARE')) return;
    // `IF NOT EXISTS` over an index the history already has: PostgreSQL skips the build (a NOTICE).
    // (Not one that went with a dropped column: hindsight drops the column, adds it again and
    // builds the index anew under IF NOT EXISTS.)
    if (action.ifNotExists && action.name !== undefined && context.schema.index(action.name) && !context.schema.indexIsKnownGone(action.name)) return;
    // The new index's name takes no schema in SQL (it lives in its table's).
    const name = action.name?.slice(action.name.lastIndexOf('.') + 1);
    const statement = `CREATE ${action.unique ? 'UNIQUE ' : ''}INDEX${name ? ` ${name}` : ''} without CONCURRENTLY`;
    // A materialized view: the application cannot write to it, so the lock only holds up a refresh.
    if (context.schema.hasView(action.table)) {
      context.report(
        action.range,
        `${statement} takes a SHARE lock on materialized view ${quoted(action.table)}, which blocks REFRESH MATERIALIZED VIEW on it (not queries) until the index is built; ` +
          'if a job refreshes it while this runs, use postgresql_concurrently=True inside op.get_context().autocommit_block()',
        { severity: 'information', fixes: concurrentlyFix(action, context.migration), lock: { mode: 'ShareLock', tables: [action.table] } },
      );
      return;
    }
    const head = `${statement} takes a SHARE lock on ${quoted(action.table)}, which ${BLOCKS_WRITES} building the whole index; `;
    // PostgreSQL refuses CONCURRENTLY on a partitioned table (measured on PostgreSQL 15): the index is built per partition.
    if (context.schema.table(action.table)?.partitioned) {
      context.report(
        action.range,
        head +
          `${quoted(action.table)} is partitioned, where PostgreSQL refuses CONCURRENTLY: create the index ON ONLY ${quoted(action.table)} (no rows are read), build it CONCURRENTLY on each partition inside op.get_context().autocommit_block(), then ALTER INDEX ... ATTACH PARTITION each`,
        { lock: { mode: 'ShareLock', tables: [action.table] } },
      );
      return;
    }
    // An earlier statement of the transaction holds ACCESS EXCLUSIVE on the table already (an
    // ALTER TABLE above): reads wait for the build too (held-out sweep AT, cloudumi).
    const held = exclusiveLocksHeldBefore(action, context.migration, action.fn, context.schema).get(action.table);
    const said = held
      ? `${statement} builds the whole index while the transaction holds the ACCESS EXCLUSIVE lock it took on ${quoted(action.table)} (line ${held.range.start.line + 1}), so reads of it wait for the build too, not only writes; ` +
        'use postgresql_concurrently=True inside op.get_context().autocommit_block(), which commits what came before (releasing that lock) first, or move the index to a migration of its own'
      : head + 'use postgresql_concurrently=True inside op.get_context().autocommit_block()';
    context.report(action.range, said, {
      fixes: concurrentlyFix(action, context.migration),
      lock: { mode: 'ShareLock', tables: [action.table] },
    });
  },
};
