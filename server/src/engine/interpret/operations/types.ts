import type { Operation } from '../../ops';
import type { Signature } from '../args';
import type { Value } from '../values';
import type { OperationArgs } from './opArgs';

/**
 * Arguments an Alembic `Operations` / `BatchOperations` method passes to the operation class
 * itself, beside the caller's `**kw`: a `**kw` entry of the same name is Python's TypeError. By
 * position it is "got multiple values for argument 'table_name'"; by keyword, "got multiple values
 * for keyword argument 'schema'".
 */
export interface SuppliedArguments {
  positional?: readonly string[];
  keywords?: readonly string[];
}

/** One Alembic operation: its `op.` signature, its `batch_op.` signature, and how to build it. */
export interface OperationDef {
  signature: Omit<Signature, 'name'>;
  /** What `op.<name>()` passes to the operation class beside its `**kw`. */
  supplies?: SuppliedArguments;
  /** Inside `batch_alter_table`, the table (and schema) come from the context under these names. */
  batch?: {
    signature: Omit<Signature, 'name'>;
    tableParam: string;
    schemaParam?: string;
    /** What `batch_op.<name>()` passes to the operation class beside its `**kw`. */
    supplies?: SuppliedArguments;
    /**
     * `kw["schema"] = <the batch's schema>` before the call (create_unique_constraint,
     * create_exclude_constraint): a `schema=` given is overwritten, not a TypeError.
     */
    replacesSchema?: true;
  };
  build(args: OperationArgs): Operation;
  /** What the call returns to Python (`op.create_table` returns the Table). */
  result?(operation: Operation): Value;
}
