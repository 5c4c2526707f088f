/** `op.drop_constraint`: the type_ argument does not change the PostgreSQL statement. */
import type { DropConstraintOp } from '../../ops';
import type { RenderState } from '../context';
import { qualifiedName, quoteObjectName } from '../identifiers';

export function renderDropConstraint(op: DropConstraintOp, state: RenderState): string[] {
  if (!op.name) {
    state.report('missing-operation-field', 'drop_constraint needs the constraint name; an unnamed constraint cannot be dropped.');
    return [];
  }
  const table = qualifiedName(op.table, op.schema, state);
  return [`ALTER TABLE ${table} DROP CONSTRAINT ${op.ifExists ? 'IF EXISTS ' : ''}${quoteObjectName(op.name, state, 'constraint')}`];
}
