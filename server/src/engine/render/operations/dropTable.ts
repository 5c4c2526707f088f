/** `op.drop_table`: `DROP TABLE [IF EXISTS] name`. */
import type { DropTableOp } from '../../ops';
import type { RenderState } from '../context';
import { qualifiedName } from '../identifiers';

export function renderDropTable(op: DropTableOp, state: RenderState): string[] {
  return [`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${qualifiedName(op.table, op.schema, state)}`];
}
