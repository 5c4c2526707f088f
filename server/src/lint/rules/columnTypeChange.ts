/** ALTER COLUMN ... TYPE rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock. */
import type { TypeFacts } from '../actions';
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './describe';

export const columnTypeChange: LintRule = {
  code: 'column-type-change',
  defaultSeverity: 'warning',
  title: 'Column type change that rewrites the table',
  checkAction(action, context) {
    if (action.kind !== 'alterColumnType') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    const previous = context.schema.table(action.table)?.columns.get(action.column)?.facts?.type;
    if (previous && isBinaryCoercible(previous, action.type)) return;
    context.report(
      action.range,
      `changing the type of ${quoted(`${action.table}.${action.column}`)} to ${display(action.type)} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock on ${quoted(action.table)}, which ${blocksEverything(context)}; ` +
        'add a new column, backfill it in batches and switch the application over instead',
    );
  },
};

/** Changes PostgreSQL makes without a rewrite: a longer (or unlimited) varchar, varchar to text. */
function isBinaryCoercible(from: TypeFacts, to: TypeFacts): boolean {
  if (from.isArray !== to.isArray) return false;
  const textual = (name: string): boolean => name === 'varchar' || name === 'text';
  if (!textual(from.name) || !textual(to.name)) return false;
  if (to.name === 'text' || to.modifiers.length === 0) return true;
  return from.name === 'varchar' && from.modifiers.length > 0 && to.modifiers[0] >= from.modifiers[0];
}

function display(type: TypeFacts): string {
  return `${type.name}${type.modifiers.length > 0 ? `(${type.modifiers.join(', ')})` : ''}${type.isArray ? '[]' : ''}`;
}
