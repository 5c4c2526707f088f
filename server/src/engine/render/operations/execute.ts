/**
 * `op.execute`: a string or `sa.text()` is printed as given (Alembic strips surrounding
 * whitespace); DML on `sa.table`, sequence DDL and an enum type's own create()/drop() are compiled.
 */
import type { ExecuteOp } from '../../ops';
import type { RenderState } from '../context';
import { dmlStatement } from '../dml';
import { renderExpr, renderSelect } from '../expressions';
import { enumTypeStatement } from '../enumTypes';
import { sequenceStatement } from '../sequences';
import { textSql } from '../text';
import { quoteIdentifier } from '../identifiers';
import { hasBindParameters } from '../bindParameters';

export function renderExecute(op: ExecuteOp, state: RenderState): string[] {
  const sql = op.sql;
  if (state.context.literalBinds === false && hasBindParameters(sql)) {
    state.report(
      'unsupported-sql-expression',
      "env.py's offline context.configure() does not set literal_binds=True, so Alembic prints this statement's values as bind placeholders (%(name)s, with a cast where the value is typed), which the engine does not reproduce: not rendered. Add literal_binds=True to it for SQL that runs as printed.",
    );
    return [];
  }
  switch (sql.kind) {
    case 'insert':
    case 'update':
    case 'delete':
      return [dmlStatement(sql, state)];
    case 'createSequence':
    case 'dropSequence':
      return [sequenceStatement(sql, state)];
    case 'createEnumType':
    case 'dropEnumType':
      return [enumTypeStatement(sql, state)];
    case 'createSchema':
      return [`CREATE SCHEMA ${sql.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(sql.name, state)}`];
    case 'dropSchema':
      return [`DROP SCHEMA ${sql.ifExists ? 'IF EXISTS ' : ''}${quoteIdentifier(sql.name, state)}${sql.cascade ? ' CASCADE' : ''}`];
    case 'literal':
      // A plain string is wrapped in sa.text() by Alembic, with the same bind parsing.
      if (typeof sql.value === 'string') return [textSql(sql.value, undefined, state)];
      state.report('invalid-operation-option', 'op.execute() takes a SQL string or a SQL construct.');
      return [];
    case 'select':
      return [renderSelect(sql, state, {}, true)];
    default:
      return [renderExpr(sql, state)];
  }
}
