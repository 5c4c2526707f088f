/**
 * Dropping a table loses its data and breaks the running application's queries that use it. A
 * table the same function makes again (congress and glare rebuild tables: copy the rows aside,
 * drop, create, copy back) is there when the migration commits: only its rows are at stake, and
 * they are when nothing fills the new table.
 */
import type { LintRule } from '../types';
import type { Action } from '../actions';
import { quoted } from './shared/describe';

export const dropTable: LintRule = {
  code: 'drop-table',
  defaultSeverity: 'warning',
  title: 'Table dropped',
  actionKinds: ['otherSql', 'dropTable'],
  checkAction(action, context) {
    if (action.kind === 'otherSql' && action.schemas && action.cascade && action.fn === 'upgrade') {
      const tables = action.schemas.flatMap((schema) => context.schema.tablesInSchema(schema)).filter((table) => !context.schema.tableIsNew(table));
      if (tables.length === 0) return;
      context.report(
        action.range,
        `DROP SCHEMA ... CASCADE drops ${tables.map(quoted).join(', ')} with it and deletes their rows, and the application version still running during the deploy fails on every query that uses them; ` +
          'remove their use from the application in a release first, then drop them',
      );
      return;
    }
    if (action.kind !== 'dropTable' || action.fn !== 'upgrade') return;
    if (context.schema.tableIsNew(action.table)) return;
    const later = context.migration[action.fn]?.actions ?? [];
    const remade = later.slice(later.indexOf(action) + 1).findIndex((next) => makes(next, action.table));
    if (remade >= 0) {
      const after = later.slice(later.indexOf(action) + 1 + remade);
      // Renamed into place (a copy made before) or filled afterwards: the rows come back.
      if (after[0].kind === 'renameTable' || after.some((next) => next.kind === 'dml' && next.statement === 'insert' && next.table === action.table) || after.some(mayFill)) return;
      context.report(
        action.range,
        `dropping ${quoted(action.table)} deletes its rows, and the table made again at line ${after[0].range.start.line + 1} starts empty; copy the rows over (INSERT ... SELECT from a copy) or change the table in place`,
      );
      return;
    }
    context.report(
      action.range,
      `dropping ${quoted(action.table)} deletes its rows${action.cascade ? ' and, with CASCADE, everything that depends on it' : ''}, and the application version still running during the deploy fails on every query that uses it; ` +
        'remove its use from the application in a release first, then drop it',
    );
  },
};

/**
 * Statements that write no rows, whatever they name: granting, commenting, handing a table to its
 * owner (agr re-creates a table in raw SQL, then `ALTER TABLE ... OWNER TO`), settings, schema
 * objects' definitions. Any other statement the lint does not follow (a SELECT of a function,
 * COPY, CALL, a step it could not read) may fill the new table.
 */
const WRITES_NO_ROWS = new Set([
  'GrantStmt', 'GrantRoleStmt', 'CommentStmt', 'AlterOwnerStmt', 'CreateTrigStmt', 'CreateSeqStmt', 'AlterSeqStmt', 'ViewStmt',
  'CreatePolicyStmt', 'AlterPolicyStmt', 'CreateFunctionStmt', 'CreateExtensionStmt', 'CreateEnumStmt', 'CreateDomainStmt',
]);

function mayFill(action: Action): boolean {
  if (action.kind === 'unchecked') return true;
  if (action.kind !== 'otherSql') return false;
  return !(WRITES_NO_ROWS.has(action.statement) || action.statement.startsWith('ALTER TABLE ') || action.statement.startsWith('SET ') || action.statement.startsWith('RESET ') || action.statement.startsWith('DROP '));
}

function makes(action: Action, table: string): boolean {
  return (action.kind === 'createTable' && action.table === table && action.temporary !== true) || (action.kind === 'renameTable' && action.newName === table);
}
