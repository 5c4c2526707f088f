/** `op.drop_column`: `ALTER TABLE t DROP COLUMN [IF EXISTS] c`. */
import type { DropColumnOp } from '../../ops';
import type { RenderState } from '../context';
import { alembicTableName, quoteAsFlagged } from '../identifiers';

export function renderDropColumn(op: DropColumnOp, state: RenderState): string[] {
  const table = alembicTableName(op.table, op.schema, state, op.quoted?.table);
  return [`ALTER TABLE ${table} DROP COLUMN ${op.ifExists ? 'IF EXISTS ' : ''}${quoteAsFlagged(op.column, op.quoted?.column, state)}`];
}
