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
import { tableOf } from './shared/objectsNeeded';
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

/** The tables other than its own that an action's foreign keys reference. */
function referencedTablesOf(action: Action): string[] {
  if (action.kind === 'addConstraint' && action.constraint === 'foreignKey' && action.references && action.references.table !== action.table) return [action.references.table];
  if (action.kind === 'createTable') return [...new Set((action.references ?? []).filter((table) => table !== action.table))];
  return [];
}

/**
 * Why the table is missing at this revision (dropped or renamed away by a migration that runs
 * before this one in every upgrade), or undefined when it may exist.
 */
function whyGone(table: string, context: RuleContext, fn: Action['fn']): string | undefined {
  if (!context.schema.tableIsKnownMissing(table)) return undefined;
  const removedIn = context.schema.tableRemovedIn(table);
  if (!ranBefore(removedIn, context)) return undefined;
  if (removedIn === `${context.migration.revision} (downgrade)`) return 'this downgrade() dropped or renamed it above';
  if (removedIn !== context.migration.revision) return 'an earlier migration dropped or renamed it';
  // The downgrade is checked on the schema its upgrade leaves (pkgdb2's downgrade renames again what its upgrade renamed).
  return fn === 'downgrade' ? "this migration's upgrade() dropped or renamed it, and downgrade() runs on what upgrade() leaves" : 'this migration dropped or renamed it above';
}
