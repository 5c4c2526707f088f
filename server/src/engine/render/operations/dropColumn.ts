/** `op.drop_column`: `ALTER TABLE t DROP COLUMN [IF EXISTS] c`. */
import type { DropColumnOp } from '../../ops';
import type { RenderState } from '../context';
import { alembicTableName, quoteIdentifier } from '../identifiers';

export function renderDropColumn(op: DropColumnOp, state: RenderState): string[] {
  const table = alembicTableName(op.table, op.schema, state);
  return [`ALTER TABLE ${table} DROP COLUMN ${op.ifExists ? 'IF EXISTS ' : ''}${quoteIdentifier(op.column, state)}`];
}
