/** Dropping a column loses its data and breaks the running application's queries that name it. */
import type { SourceRange } from '../../common/range';
import type { LintRule, RuleContext } from '../types';
import { quoted } from './shared/describe';
import { columnsOfTypes } from './shared/typeColumns';

export const dropColumn: LintRule = {
  code: 'drop-column',
  defaultSeverity: 'warning',
  title: 'Column dropped',
  actionKinds: ['otherSql', 'dropColumn'],
  checkAction(action, context) {
    if (action.fn !== 'upgrade') return;
    if (action.kind === 'otherSql' && action.types && action.cascade) {
      reportTypeColumns(action.types, action.range, context);
      return;
    }
    if (action.kind !== 'dropColumn') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    // A column the replay knows is not there holds no data (`DROP COLUMN IF EXISTS` does nothing; without IF EXISTS unknown-column says the drop fails).
    if (context.schema.columnIsKnownMissing(action.table, action.column)) return;
    context.report(
      action.range,
      `dropping ${quoted(`${action.table}.${action.column}`)} deletes its data, and the application version still running during the deploy fails on every query that names it; ` +
        'stop using the column in a release first (SQLAlchemy: deferred or removed from the model), then drop it',
    );
  },
};

/**
 * `DROP TYPE ... CASCADE` drops every column of the type with it (stalker drops its enum types so):
 * the columns the history shows of that type, made before this migration, are named. None known,
 * nothing is said (the CASCADE may drop no column).
 */
function reportTypeColumns(types: readonly string[], range: SourceRange, context: RuleContext): void {
  const columns = columnsOfTypes(types, context.schema)
    .filter(({ table, column }) => !context.schema.columnIsNew(table, column))
    .map(({ table, column }) => quoted(`${table}.${column}`));
  if (columns.length === 0) return;
  context.report(
    range,
    `DROP ${types.length > 1 ? 'these types' : 'this type'} with CASCADE also drops every column of ${types.length > 1 ? 'them' : 'it'}: ${columns.slice(0, 5).join(', ')}${columns.length > 5 ? ` and ${columns.length - 5} more` : ''}; their data is lost, and the application version still running during the deploy fails on every query that names them; ` +
      'drop the columns on purpose first (op.drop_column, after a release that stops using them), then the type without CASCADE',
  );
}
