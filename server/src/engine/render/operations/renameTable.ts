/** `op.rename_table`: the new name is never schema-qualified on PostgreSQL. */
import type { RenameTableOp } from '../../ops';
import type { RenderState } from '../context';
import { alembicTableName, quoteIdentifier } from '../identifiers';

export function renderRenameTable(op: RenameTableOp, state: RenderState): string[] {
  return [`ALTER TABLE ${alembicTableName(op.oldName, op.schema, state)} RENAME TO ${quoteIdentifier(op.newName, state)}`];
}
