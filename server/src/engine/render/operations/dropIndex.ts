/** `op.drop_index`: the index name is qualified with the schema; the table is not mentioned. */
import type { DropIndexOp } from '../../ops';
import type { RenderState } from '../context';
import { quoteObjectName, quoteSchema } from '../identifiers';

export function renderDropIndex(op: DropIndexOp, state: RenderState): string[] {
  const name = (op.schema ? `${quoteSchema(op.schema, state)}.` : '') + quoteObjectName(op.name, state, 'index', op.quote);
  const concurrently = op.dialectOptions.postgresql_concurrently ? 'CONCURRENTLY ' : '';
  return [`DROP INDEX ${concurrently}${op.ifExists ? 'IF EXISTS ' : ''}${name}`];
}
