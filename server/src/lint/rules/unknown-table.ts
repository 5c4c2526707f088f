/**
 * An operation on a table the replayed history says does not exist at that revision (dropped or
 * renamed away earlier). Tables the history never saw are assumed to exist, so this never guesses.
 * The replay runs the branches of a history one after the other: a table removed on a sibling
 * branch (fides renames `data_categories` on one branch while the other adds a column to it,
 * then merges them) is not gone for this revision, whose upgrade may run first.
 */
import type { Action } from '../actions';
import type { LintRule, RuleContext } from '../types';
import { quoted } from './shared/describe';
import { referencedTablesOf, tableOf } from './shared/objectsNeeded';
import { ranBefore } from './shared/ranBefore';

export const unknownTable: LintRule = {
  code: 'unknown-table',
  defaultSeverity: 'warning',
  title: 'Table does not exist at this revision',
  checkAction(action, context) {
    // A DO block's statement under a condition may not run: whether the object is there says nothing then.
    if (action.mayNotRun) return;
    // A foreign key's referenced table must exist too (EPIC.compliance's downgrade makes a key to a
    // table its upgrade dropped, before it makes the table again: 42P01).
    for (const referenced of referencedTablesOf(action)) {
      const gone = whyGone(referenced, context, action.fn);
      if (gone) context.report(action.range, `the foreign key references table ${quoted(referenced)}, which does not exist at this revision: ${gone} (PostgreSQL fails with 42P01)`);
    }
    const table = tableOf(action);
    // An index that went with its column or materialized view (open-bus-stride-db drops a
    // materialized view, then its indexes): PostgreSQL refuses a DROP INDEX without IF EXISTS.
    if (action.kind === 'dropIndex' && !action.ifExists && !(table !== undefined && context.schema.tableIsKnownMissing(table))) {
      const gone = context.schema.goneIndex(action.name);
      const where = gone ? whoDroppedIt(gone.removedIn, context, action.fn) : undefined;
      if (gone && where) context.report(action.range, `index ${action.name} does not exist at this revision: it went with ${gone.tookItAlong}, which ${where}; PostgreSQL refuses the DROP INDEX (42704)`);
      return;
    }
    if (table === undefined || !context.schema.tableIsKnownMissing(table)) return;
    // DROP INDEX names the index alone: one whose table was renamed (not dropped) is still there
    // (mavedb renames `clinical_controls`, then drops its indexes by their old table's name).
    if (action.kind === 'dropIndex' && context.schema.index(action.name)) return;
    const why = whyGone(table, context, action.fn);
    if (!why) return;
    const index = action.kind === 'dropIndex' ? `; its index ${action.name} went with it, and PostgreSQL refuses the DROP INDEX` : '';
    context.report(action.range, `table ${quoted(table)} does not exist at this revision: ${why}${index}`);
  },
};

/**
 * Why the table is missing at this revision (dropped or renamed away by a migration that runs
 * before this one in every upgrade), or undefined when it may exist.
 */
function whyGone(table: string, context: RuleContext, fn: Action['fn']): string | undefined {
  if (!context.schema.tableIsKnownMissing(table)) return undefined;
  switch (removedWhere(context.schema.tableRemovedIn(table), context, fn)) {
    case 'earlier migration':
      return 'an earlier migration dropped or renamed it';
    case 'this downgrade':
      return 'this downgrade() dropped or renamed it above';
    case 'this upgrade, before its downgrade':
      // The downgrade is checked on the schema its upgrade leaves (pkgdb2's downgrade renames again what its upgrade renamed).
      return "this migration's upgrade() dropped or renamed it, and downgrade() runs on what upgrade() leaves";
    case 'this function':
      return 'this migration dropped or renamed it above';
    default:
      return undefined;
  }
}

/** What dropped the column or materialized view an index went with, said after "which". */
function whoDroppedIt(removedIn: string | undefined, context: RuleContext, fn: Action['fn']): string | undefined {
  switch (removedIn === undefined ? undefined : removedWhere(removedIn, context, fn)) {
    case 'earlier migration':
      return 'an earlier migration dropped';
    case 'this downgrade':
    case 'this function':
      return 'this migration dropped above';
    case 'this upgrade, before its downgrade':
      return "this migration's upgrade() dropped, and downgrade() runs on what upgrade() leaves";
    default:
      return undefined;
  }
}

type RemovedWhere = 'earlier migration' | 'this downgrade' | 'this upgrade, before its downgrade' | 'this function';

/**
 * Where the revision (or `<revision> (downgrade)`) that removed an object stands to the action being
 * checked: undefined when that removal does not run before it in every upgrade (a sibling branch).
 */
function removedWhere(removedIn: string | undefined, context: RuleContext, fn: Action['fn']): RemovedWhere | undefined {
  if (!ranBefore(removedIn, context)) return undefined;
  if (removedIn === `${context.migration.revision} (downgrade)`) return 'this downgrade';
  if (removedIn !== context.migration.revision) return 'earlier migration';
  return fn === 'downgrade' ? 'this upgrade, before its downgrade' : 'this function';
}
