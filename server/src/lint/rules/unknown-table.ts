/**
 * An operation on a table the replayed history says does not exist at that revision (dropped or
 * renamed away earlier). Tables the history never saw are assumed to exist, so this never guesses.
 * The replay runs the branches of a history one after the other: a table removed on a sibling
 * branch (fides renames `data_categories` on one branch while the other adds a column to it,
 * then merges them) is not gone for this revision, whose upgrade may run first.
 */
import type { Action } from '../actions';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { tableOf } from './shared/objectsNeeded';
import { ranBefore } from './shared/ranBefore';

export const unknownTable: LintRule = {
  code: 'unknown-table',
  defaultSeverity: 'warning',
  title: 'Table does not exist at this revision',
  checkAction(action, context) {
    // A foreign key's referenced table must exist too (EPIC.compliance's downgrade makes a key to a
    // table its upgrade dropped, before it makes the table again: 42P01).
    for (const referenced of referencedTablesOf(action)) {
      if (!context.schema.tableIsKnownMissing(referenced) || !ranBefore(context.schema.tableRemovedIn(referenced), context)) continue;
      const removedIn = context.schema.tableRemovedIn(referenced);
      const here = removedIn === context.migration.revision || removedIn === `${context.migration.revision} (downgrade)`;
      context.report(action.range, `the foreign key references table ${quoted(referenced)}, which does not exist at this revision: ${here ? 'this migration dropped or renamed it above' : 'an earlier migration dropped or renamed it'} (PostgreSQL fails with 42P01)`);
    }
    const table = tableOf(action);
    if (table === undefined || !context.schema.tableIsKnownMissing(table)) return;
    // DROP INDEX names the index alone: one whose table was renamed (not dropped) is still there
    // (mavedb renames `clinical_controls`, then drops its indexes by their old table's name).
    if (action.kind === 'dropIndex' && context.schema.index(action.name)) return;
    if (!ranBefore(context.schema.tableRemovedIn(table), context)) return;
    const removedIn = context.schema.tableRemovedIn(table);
    const here = removedIn === context.migration.revision || removedIn === `${context.migration.revision} (downgrade)`;
    const why = here ? `this migration dropped or renamed it above` : 'an earlier migration dropped or renamed it';
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
