/** `op.create_table_comment` / `op.drop_table_comment`: the drop sets the comment to NULL. */
import type { CreateTableCommentOp, DropTableCommentOp } from '../../ops';
import type { RenderState } from '../context';
import { tableCommentStatement } from '../comments';

export function renderCreateTableComment(op: CreateTableCommentOp, state: RenderState): string[] {
  return [tableCommentStatement(op.table, op.schema, op.comment, state)];
}

export function renderDropTableComment(op: DropTableCommentOp, state: RenderState): string[] {
  return [tableCommentStatement(op.table, op.schema, null, state)];
}
