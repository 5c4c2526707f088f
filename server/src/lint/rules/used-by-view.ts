/**
 * A change PostgreSQL refuses because a view depends on what it changes: the type of a column a
 * view reads (0A000, "cannot alter type of a column used by a view or rule"), or dropping that
 * column or the table without CASCADE (2BP01, "... because other objects depend on it"); a view
 * reads a column wherever its query names it, WHERE and JOIN included, and every column a `*`
 * stood for when it was made (all measured on PostgreSQL 15); a view another view reads cannot be
 * dropped without CASCADE either (2BP01). The deploy fails at that statement.
 * Only views the replay saw made, in this migration or an ancestor, and what their query
 * certainly reads (sql/viewReads.ts) count; a view possibly dropped since is not.
 */
import type { LintRule, RuleContext } from '../types';
import { ranBefore } from './shared/ranBefore';
import { firstThreeQuoted } from './shared/describe';

export const usedByView: LintRule = {
  code: 'used-by-view',
  defaultSeverity: 'error',
  title: 'Column or table changed while a view depends on it',
  actionKinds: ['alterColumnType', 'dropColumn', 'otherSql', 'dropTable'],
  checkAction(action, context) {
    if (action.kind === 'alterColumnType') {
      const views = viewsOf(context, action.table, action.column);
      if (views.length === 0) return;
      context.report(
        action.range,
        `PostgreSQL refuses this type change: ${describe(views)} ${views.length > 1 ? 'read' : 'reads'} "${action.table}"."${action.column}" (error 0A000, "cannot alter type of a column used by a view or rule"); ` +
          `drop ${views.length > 1 ? 'the views' : 'the view'} first in this migration and create ${views.length > 1 ? 'them' : 'it'} again after the change (op.execute("DROP VIEW ..."), then the CREATE VIEW)`,
      );
      return;
    }
    if (action.kind === 'dropColumn' && !action.cascade) {
      const views = viewsOf(context, action.table, action.column);
      if (views.length === 0) return;
      context.report(
        action.range,
        `PostgreSQL refuses to drop "${action.table}"."${action.column}": ${describe(views)} ${views.length > 1 ? 'read' : 'reads'} it (error 2BP01, "cannot drop column ... because other objects depend on it"); ` +
          `drop or change ${views.length > 1 ? 'those views' : 'the view'} first, in this migration`,
      );
      return;
    }
    if (action.kind === 'otherSql' && action.statement.startsWith('DROP ') && !action.cascade && action.views) {
      // Views dropped by the same statement do not hold it back (`DROP VIEW reader, base`).
      const dropped = new Set(action.views);
      for (const view of action.views) {
        const readers = context.schema
          .viewsReadingView(view)
          .filter((reader) => !dropped.has(reader.view) && ranBefore(reader.createdIn, context))
          .map((reader) => reader.view);
        if (readers.length === 0) continue;
        context.report(
          action.range,
          `PostgreSQL refuses to drop "${view}": ${describe(readers)} ${readers.length > 1 ? 'read' : 'reads'} it (error 2BP01, "cannot drop view ... because other objects depend on it"); drop ${readers.length > 1 ? 'those views' : 'that view'} first, in this migration, and create ${readers.length > 1 ? 'them' : 'it'} again after`,
        );
        return;
      }
      return;
    }
    if (action.kind === 'dropTable' && !action.cascade) {
      const views = viewsOf(context, action.table);
      if (views.length === 0) return;
      context.report(
        action.range,
        `PostgreSQL refuses to drop "${action.table}": ${describe(views)} ${views.length > 1 ? 'read' : 'reads'} it (error 2BP01, "cannot drop table ... because other objects depend on it"); drop ${views.length > 1 ? 'those views' : 'the view'} first, in this migration`,
      );
    }
  },
};

/** The views (made by this migration or an ancestor) that read the table, or that column of it. */
function viewsOf(context: RuleContext, table: string, column?: string): string[] {
  return context.schema
    .viewsReading(table, column)
    .filter((view) => ranBefore(view.createdIn, context))
    .map((view) => view.view);
}

function describe(views: readonly string[]): string {
  return `${views.length > 1 ? 'the views' : 'the view'} ${firstThreeQuoted(views)}`;
}
