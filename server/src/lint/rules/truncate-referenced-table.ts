/**
 * TRUNCATE of a table another table has a foreign key to, without that table in the same
 * TRUNCATE and without CASCADE: PostgreSQL refuses it whatever the rows (error 0A000, "cannot
 * truncate a table referenced in a foreign key constraint"; measured on PostgreSQL 15), so the
 * deploy fails there. Only foreign keys the replay is sure of count (schema/model.ts): made by
 * CREATE TABLE or ADD CONSTRAINT on the table the TRUNCATE names (followed through renames, by
 * generation), and not possibly dropped since.
 */
import type { LintRule } from '../types';
import { foreignKeyReferences, type SchemaModel } from '../schema/model';

export const truncateReferencedTable: LintRule = {
  code: 'truncate-referenced-table',
  defaultSeverity: 'error',
  title: 'TRUNCATE of a table referenced by a foreign key, without CASCADE',
  actionKinds: ['truncate'],
  checkAction(action, context) {
    if (action.kind !== 'truncate' || action.cascade) return;
    const truncated = new Map<number, string>();
    for (const table of action.tables) {
      const state = context.schema.table(table);
      if (state) truncated.set(state.generation, table);
    }
    if (truncated.size === 0) return;
    const referencing = firstReferencing(context.schema, truncated);
    if (!referencing) return;
    context.report(
      action.range,
      `PostgreSQL refuses this TRUNCATE: "${referencing.table}" has a foreign key to "${referencing.referenced}" (error 0A000, "cannot truncate a table referenced in a foreign key constraint"), whether or not either table has rows; ` +
        `truncate "${referencing.table}" in the same statement (TRUNCATE ${referencing.referenced}, ${referencing.table}) if its rows should go too, or DELETE the rows you mean`,
    );
  },
};

/** A table outside the TRUNCATE with a foreign key to one of the truncated tables (by generation). */
function firstReferencing(schema: SchemaModel, truncated: ReadonlyMap<number, string>): { table: string; referenced: string } | undefined {
  for (const [name, state] of schema.tables) {
    if (truncated.has(state.generation)) continue;
    const referenced = foreignKeyReferences(state).find((reference) => truncated.has(reference.generation))?.generation;
    if (referenced !== undefined) return { table: name, referenced: truncated.get(referenced)! };
  }
  return undefined;
}
