/**
 * Quick fixes for a NOT NULL column added without a default (`op.add_column(t, sa.Column(...,
 * nullable=False))`): give it a `server_default` (a placeholder chosen by the type, to be checked),
 * or add it nullable and write the safe steps after it as comments to move into later migrations.
 */
import type { SuggestedFix } from '../../common/problem';
import type { ActionOf } from '../actions';
import type { MigrationUnderLint } from '../types';
import { fix, pyString, replaceStatement, sqlIdentifier, statementAt, withKeyword } from './source';

/** A default literal that fits the type, or undefined when none is obvious. */
function placeholderDefault(typeName: string | undefined): string | undefined {
  if (!typeName) return undefined;
  if (/^(SmallInteger|Integer|BigInteger|Numeric|Float|DECIMAL|INTEGER|BIGINT|SMALLINT|NUMERIC|REAL|DOUBLE_PRECISION)$/i.test(typeName)) return '"0"';
  if (/^(Boolean|BOOLEAN)$/.test(typeName)) return 'sa.false()';
  if (/^(String|Text|Unicode|UnicodeText|VARCHAR|TEXT|CHAR|NVARCHAR)$/i.test(typeName)) return '""';
  if (/^(DateTime|TIMESTAMP|Date)$/i.test(typeName)) return 'sa.func.now()';
  return undefined;
}

export function notNullColumnFixes(action: ActionOf<'addColumn'>, migration: MigrationUnderLint): SuggestedFix[] {
  const operation = action.operation;
  if (operation?.kind !== 'addColumn' || action.fromSql || !operation.range || !operation.column.range) return [];
  const statement = statementAt(migration.text, operation.range);
  if (!statement || !statement.text.trimStart().startsWith('op.add_column(')) return [];
  const fixes: SuggestedFix[] = [];
  const value = placeholderDefault(operation.column.type?.name);
  const withDefault = value !== undefined ? withKeyword(operation.column.range, statement, `server_default=${value}`) : undefined;
  if (withDefault !== undefined) fixes.push(fix(`Add server_default=${value} (check the value)`, [replaceStatement(migration.file, statement, withDefault)]));

  // The column call's own text, with nullable=False turned into nullable=True.
  // The operation's own table name: the action's is qualified with the schema (`sales.orders`).
  const table = operation.table;
  const column = action.column.name;
  const nullable = statement.text.replace(/nullable\s*=\s*False/, 'nullable=True');
  if (nullable !== statement.text) {
    const check = `ck_${table}_${column}_not_null`.slice(0, 63);
    // SQL text names the table in its schema and quotes what needs it; the op calls take schema=.
    const schema = operation.schema;
    const sqlTable = schema ? `${sqlIdentifier(schema)}.${sqlIdentifier(table)}` : sqlIdentifier(table);
    const sqlColumn = sqlIdentifier(column);
    const inSchema = schema ? `, schema=${pyString(schema)}` : '';
    const steps = [
      `# Then, in later migrations (batches for a large table):`,
      `# op.execute(${pyString(`UPDATE ${sqlTable} SET ${sqlColumn} = ... WHERE ${sqlColumn} IS NULL`)})`,
      `# op.create_check_constraint(${pyString(check)}, ${pyString(table)}, ${pyString(`${sqlColumn} IS NOT NULL`)}, postgresql_not_valid=True${inSchema})`,
      `# op.execute(${pyString(`ALTER TABLE ${sqlTable} VALIDATE CONSTRAINT ${sqlIdentifier(check)}`)})`,
      `# op.alter_column(${pyString(table)}, ${pyString(column)}, nullable=False${inSchema})  # no scan on PostgreSQL 12+ with the valid check`,
      `# op.drop_constraint(${pyString(check)}, ${pyString(table)}, type_="check"${inSchema})`,
    ].map((line) => `${statement.indent}${line}`);
    fixes.push(fix('Add the column nullable; write the safe steps to NOT NULL as comments', [replaceStatement(migration.file, statement, `${nullable}\n${steps.join('\n')}`)]));
  }
  return fixes;
}
