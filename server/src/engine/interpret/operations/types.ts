import type { Operation } from '../../ops';
import type { Signature } from '../args';
import type { Value } from '../values';
import type { OperationArgs } from './opArgs';

/** One Alembic operation: its `op.` signature, its `batch_op.` signature, and how to build it. */
export interface OperationDef {
  signature: Omit<Signature, 'name'>;
  /** Inside `batch_alter_table`, the table (and schema) come from the context under these names. */
  batch?: { signature: Omit<Signature, 'name'>; tableParam: string; schemaParam?: string };
  build(args: OperationArgs): Operation;
  /** What the call returns to Python (`op.create_table` returns the Table). */
  result?(operation: Operation): Value;
}
