/**
 * Quick fix for a type change PostgreSQL cannot make on its own: `postgresql_using="col::type"`,
 * the plain cast (which fails on values that do not convert, at which point the expression is
 * the author's to write). Only for `op.alter_column(...)` written as one call (not batch_op).
 */
import type { SuggestedFix } from '../../common/problem';
import type { ActionOf } from '../actions';
import type { MigrationUnderLint } from '../types';
import { displayType } from '../rules/shared/describe';
import { fix, pyString, replaceStatement, sqlIdentifier, statementAt, withKeyword } from './source';

export function usingFix(action: ActionOf<'alterColumnType'>, migration: MigrationUnderLint): SuggestedFix[] {
  const operation = action.operation;
  if (operation?.kind !== 'alterColumn' || action.fromSql || !operation.range || operation.postgresqlUsing !== undefined) return [];
  const statement = statementAt(migration.text, operation.range);
  if (!statement || !statement.text.trimStart().startsWith('op.alter_column(')) return [];
  const column = sqlIdentifier(action.column);
  const cast = `${column}::${displayType(action.type)}`;
  const withArgument = withKeyword(operation.range, statement, `postgresql_using=${pyString(cast)}`);
  if (withArgument === undefined) return [];
  return [fix(`Convert the values with USING ${cast}`, [replaceStatement(migration.file, statement, withArgument)])];
}
