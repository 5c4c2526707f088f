/**
 * `CREATE OR REPLACE VIEW` over a view whose columns it does not keep: PostgreSQL replaces a view
 * only when the new query has at least the old columns, with the same names in the same
 * positions (new ones may only come after them); otherwise it refuses with 42P16 ("cannot drop
 * columns from view", "cannot change name of view column ..."), measured on PostgreSQL 15 and 18.
 * The usual case is a downgrade that puts back the previous, shorter definition. Only a view the
 * replay saw made (in this migration or an ancestor), with every output name certain
 * (sql/viewColumns.ts), is compared; column types are not.
 */
import type { LintRule } from '../types';
import { ranBefore } from './shared/ranBefore';
import { firstThreeQuoted } from './shared/describe';

export const replaceViewColumns: LintRule = {
  code: 'replace-view-columns',
  defaultSeverity: 'error',
  title: 'CREATE OR REPLACE VIEW drops or renames a column of the view',
  actionKinds: ['otherSql'],
  checkAction(action, context) {
    if (action.kind !== 'otherSql' || action.statement !== 'CREATE OR REPLACE VIEW' || !action.viewColumns || action.views?.length !== 1) return;
    const view = action.views[0];
    const before = context.schema.viewOutputColumns(view);
    if (!before || !ranBefore(before.createdIn, context)) return;
    const now = action.viewColumns;
    const old = before.columns;
    const recipe = `drop the view and create it again in the same migration (op.execute("DROP VIEW ${view}"), then CREATE VIEW), or keep the old columns first, in their order, and add new ones after them`;
    if (now.length < old.length) {
      const dropped = old.filter((column) => !now.includes(column));
      const which = dropped.length > 0 ? `${dropped.length > 1 ? 'columns' : 'column'} ${firstThreeQuoted(dropped)}` : `${old.length - now.length} of its ${old.length} columns`;
      context.report(action.range, `PostgreSQL refuses to replace view "${view}" with a query of ${now.length} ${now.length === 1 ? 'column' : 'columns'}: it would drop ${which} (error 42P16, "cannot drop columns from view"); ${recipe}`);
      return;
    }
    for (let at = 0; at < old.length; at++) {
      if (now[at] === old[at]) continue;
      context.report(
        action.range,
        `PostgreSQL refuses to replace view "${view}": its column ${at + 1} is "${old[at]}" and the new query names it "${now[at]}" (error 42P16, "cannot change name of view column"); ${recipe}, or rename the column first (ALTER VIEW ${view} RENAME COLUMN ...)`,
      );
      return;
    }
  },
};
