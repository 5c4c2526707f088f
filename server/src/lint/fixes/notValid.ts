/**
 * Quick fix for a foreign key or check constraint added with validation: add it with
 * `postgresql_not_valid=True` and validate it in a following step inside `autocommit_block()`,
 * which commits the add first: the add's locks are held until its transaction commits, so a
 * VALIDATE in the same transaction would check every row under them (which takes only a SHARE
 * UPDATE EXCLUSIVE lock on its own). Only for `op.create_foreign_key` /
 * `op.create_check_constraint` with a name (VALIDATE needs it).
 */
import type { SuggestedFix } from '../../common/problem';
import type { ActionOf } from '../actions';
import type { MigrationUnderLint } from '../types';
import { fix, pyString, replaceStatement, sqlIdentifier, statementAt, withKeyword } from './source';

export function notValidFix(action: ActionOf<'addConstraint'>, migration: MigrationUnderLint): SuggestedFix[] {
  const operation = action.operation;
  if (operation?.kind !== 'addConstraint' || action.fromSql || !operation.range || !action.name) return [];
  const statement = statementAt(migration.text, operation.range);
  if (!statement || !/^op\.create_(foreign_key|check_constraint)\(/.test(statement.text.trimStart())) return [];
  const withArgument = withKeyword(operation.range, statement, 'postgresql_not_valid=True');
  if (withArgument === undefined) return [];
  // The operation's own table name: the action's is qualified with the schema already.
  const table = operation.schema ? `${sqlIdentifier(operation.schema)}.${sqlIdentifier(operation.table)}` : sqlIdentifier(operation.table);
  const validate = `${statement.indent}with op.get_context().autocommit_block():\n${statement.indent}    op.execute(${pyString(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${sqlIdentifier(action.name)}`)})`;
  return [fix('Add it NOT VALID, then VALIDATE CONSTRAINT', [replaceStatement(migration.file, statement, `${withArgument}\n${validate}`)])];
}
