/** `op.create_index`: see indexes.ts for the statement layout. */
import type { CreateIndexOp } from '../../ops';
import type { RenderState } from '../context';
import { createIndexStatement } from '../indexes';

export function renderCreateIndex(op: CreateIndexOp, state: RenderState): string[] {
  return [createIndexStatement(op.table, op.schema, op.index, op.ifNotExists, state)];
}
