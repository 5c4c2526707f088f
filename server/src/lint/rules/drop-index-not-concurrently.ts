/** DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table. */
import type { LintRule } from '../types';
import { concurrentlyFix } from '../fixes/concurrently';
import { blocksEverything } from './shared/describe';
import { exclusiveLocksHeldBefore } from './shared/tableLocks';

export const dropIndexNotConcurrently: LintRule = {
  code: 'drop-index-not-concurrently',
  defaultSeverity: 'warning',
  title: 'Index dropped without CONCURRENTLY',
  actionKinds: ['dropIndex'],
  checkAction(action, context) {
    if (action.kind !== 'dropIndex' || action.concurrently) return;
    const index = context.schema.index(action.name);
    // An index (or its table) made earlier in the same migration is not in use yet.
    if (index && (index.createdIn === context.schema.revision || context.schema.tableIsNew(index.table))) return;
    // One only a branch on a run-time condition made (`if not has_index: op.create_index(...)`):
    // its table is known from that branch, and one made earlier in the same migration is as new.
    const possible = index ? undefined : context.schema.possibleIndex(action.name);
    if (possible && possible.createdIn === context.schema.revision) return;
    // Dropping the table, or a column of the index, later in the same function takes the same
    // lock and drops the index anyway (autogenerate writes exactly this).
    const fn = context.migration[action.fn];
    const table = index?.table ?? action.table ?? possible?.table;
    const position = fn?.actions.indexOf(action) ?? -1;
    const droppedLater = fn?.actions.some(
      (later, at) =>
        at > position &&
        ((later.kind === 'dropTable' && later.table === table) ||
          (later.kind === 'dropColumn' && later.table === table && index?.columns?.includes(later.column)) ||
          // A materialized view's index goes with the view, and every index of a schema with DROP SCHEMA ... CASCADE.
          (later.kind === 'otherSql' && table !== undefined && later.statement.startsWith('DROP ') && (later.views?.includes(table) || (later.cascade === true && later.schemas?.some((schema) => table.startsWith(`${schema}.`)))))),
    );
    if (table && droppedLater) return;
    // Its table is gone (dropped above): no lock to take, and unknown-table says the DROP fails.
    if (table && context.schema.tableIsKnownMissing(table)) return;
    // It went with its column or materialized view: nothing to lock, and unknown-table says the DROP fails.
    if (context.schema.goneIndex(action.name)) return;
    // The transaction holds ACCESS EXCLUSIVE on the table already, taken by a statement that
    // cannot go CONCURRENTLY (an ALTER TABLE above): this one waits for nothing and blocks nothing
    // more (albs-web-server). Several DROP INDEX on one table are each reported: each has the fix.
    const holder = table ? exclusiveLocksHeldBefore(action, context.migration, action.fn, context.schema).get(table) : undefined;
    if (holder && holder.kind !== 'dropIndex') return;
    // The index of a primary key, unique or exclusion constraint (named as the constraint): PostgreSQL
    // refuses to drop it, concurrently or not (2BP01, measured on PostgreSQL 15).
    const owner = table ? context.schema.table(table)?.constraints.get(action.name) : undefined;
    if (owner && (owner.kind === 'primaryKey' || owner.kind === 'unique' || owner.kind === 'exclude')) {
      context.report(
        action.range,
        `PostgreSQL refuses this DROP INDEX: ${action.name} is the index of the ${owner.kind === 'primaryKey' ? 'primary key' : owner.kind === 'unique' ? 'unique constraint' : 'exclusion constraint'} ${action.name} on "${table}" (error 2BP01, "cannot drop index ... because constraint ... requires it"); drop the constraint instead, with op.drop_constraint("${action.name}", "${table}")`,
        { severity: 'error' },
      );
      return;
    }
    // A partitioned table's index cannot be dropped CONCURRENTLY (PostgreSQL 15 refuses): no such advice there.
    if (table && context.schema.table(table)?.partitioned) {
      context.report(
        action.range,
        `DROP INDEX ${action.name} takes an ACCESS EXCLUSIVE lock on "${table}" and on each of its partitions, which ${blocksEverything(context, action.fn)}; "${table}" is partitioned, where PostgreSQL refuses DROP INDEX CONCURRENTLY: drop it when the tables are quiet, with a lock_timeout`,
        { lock: { mode: 'AccessExclusiveLock', tables: [table] } },
      );
      return;
    }
    context.report(
      action.range,
      `DROP INDEX ${action.name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${table ? `its table "${table}"` : 'its table'}, which ${blocksEverything(context, action.fn)}; ` +
        'use postgresql_concurrently=True inside op.get_context().autocommit_block()',
      { fixes: concurrentlyFix(action, context.migration), lock: { mode: 'AccessExclusiveLock', ...(table ? { tables: [table] } : {}) } },
    );
  },
};
