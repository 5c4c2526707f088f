/**
 * `op.execute`: a string or `sa.text()` is printed as given (Alembic strips surrounding
 * whitespace); DML on `sa.table`, sequence DDL and an enum type's own create()/drop() are compiled.
 */
import type { ExecuteOp } from '../../ops';
import type { RenderState } from '../context';
import { dmlStatement } from '../dml';
import { renderExpr } from '../expressions';
import { enumTypeStatement } from '../enumTypes';
import { sequenceStatement } from '../sequences';
import { textSql } from '../text';
import { quoteIdentifier } from '../identifiers';

export function renderExecute(op: ExecuteOp, state: RenderState): string[] {
  const sql = op.sql;
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
    default:
      return [renderExpr(sql, state)];
  }
}
