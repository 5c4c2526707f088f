/** `op.create_*_constraint`, `create_primary_key`, `create_foreign_key`: `ALTER TABLE t ADD <clause>`. */
import type { AddConstraintOp } from '../../ops';
import type { RenderState } from '../context';
import { constraintClause } from '../constraints';
import { qualifiedName } from '../identifiers';

export function renderAddConstraint(op: AddConstraintOp, state: RenderState): string[] {
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema, state)} ADD ${constraintClause(op.constraint, state)}`];
}
