/**
 * `DROP TABLE` without CASCADE of a table another table's foreign key still references:
 * PostgreSQL refuses it (2BP01, "cannot drop table ... because other objects depend on it") and
 * the deploy fails. Contractorwebapp's downgrade drops `suppliers` one line before it drops the
 * key of `purchase_orders` that references it (held-out sweep BG, PostgreSQL 15). Only keys the
 * replay is sure of count (made by this migration or its ancestors, on a table it followed), and a
 * referencing table dropped by the same statement (`DROP TABLE a, b`) does not.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { ranBefore } from './shared/ranBefore';

export const dropTableReferenced: LintRule = {
  code: 'drop-table-referenced',
  defaultSeverity: 'error',
  title: 'Table dropped while a foreign key still references it',
  actionKinds: ['dropTable'],
  checkAction(action, context) {
    if (action.kind !== 'dropTable' || action.cascade) return;
    const keys = context.schema.foreignKeysTo(action.table).filter((key) => ranBefore(key.createdIn, context));
    if (keys.length === 0) return;
    // `DROP TABLE a, b`: the statement's other tables go with it.
    const actions = context.migration[action.fn]?.actions ?? [];
    const sameStatement = new Set(actions.filter((other) => other.kind === 'dropTable' && other.range.start.line === action.range.start.line && other.range.start.character === action.range.start.character).map((other) => (other as { table: string }).table));
    const tables = [...new Set(keys.map((key) => key.table))].filter((table) => !sameStatement.has(table));
    if (tables.length === 0) return;
    const named = tables.map(quoted);
    context.report(
      action.range,
      `a foreign key of ${named.slice(0, 5).join(', ')}${named.length > 5 ? ` and ${named.length - 5} more` : ''} still references ${quoted(action.table)} here: PostgreSQL refuses to drop it (error 2BP01, "cannot drop table ... because other objects depend on it") and the deploy fails; ` +
        `drop that foreign key (or ${tables.length > 1 ? 'those tables' : 'that table'}) first`,
    );
  },
};
