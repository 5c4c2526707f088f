/**
 * `reverseOperation()` mirrors Alembic's `MigrateOperation.reverse()` for each operation kind:
 * what the autogenerate machinery would write in `downgrade()` for an `upgrade()` operation.
 * Where Alembic raises (execute, bulk_insert, rename_table have no reverse) or would build a
 * meaningless operation because the original object is unknown (drop_column, drop_index,
 * drop_constraint, drop_table without the dropped object), this returns `undefined`.
 */
import type {
  AddColumnOp,
  AddConstraintOp,
  AlterColumnOp,
  CreateIndexOp,
  CreateTableCommentOp,
  CreateTableOp,
  DropColumnOp,
  DropConstraintOp,
  DropIndexOp,
  DropTableCommentOp,
  DropTableOp,
  Operation,
  OperationKind,
} from './ops';

type Reverser<K extends OperationKind> = (operation: Extract<Operation, { kind: K }>) => Operation | undefined;

/** Alembic's `type_` names for drop_constraint, by constraint kind. */
const CONSTRAINT_TYPE_NAMES = { primaryKey: 'primary', unique: 'unique', check: 'check', foreignKey: 'foreignkey', exclude: undefined } as const;

const optional = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const createTable: Reverser<'createTable'> = (op: CreateTableOp): DropTableOp =>
  optional({
    kind: 'dropTable' as const,
    table: op.table,
    schema: op.schema,
    existingTable: optional({
      columns: op.columns,
      constraints: op.constraints,
      indexes: op.indexes,
      comment: op.comment,
      dialectOptions: op.dialectOptions,
    }),
  });

const dropTable: Reverser<'dropTable'> = (op: DropTableOp): CreateTableOp | undefined =>
  op.existingTable
    ? optional({
        kind: 'createTable' as const,
        table: op.table,
        schema: op.schema,
        columns: op.existingTable.columns,
        constraints: op.existingTable.constraints,
        indexes: op.existingTable.indexes,
        comment: op.existingTable.comment,
        dialectOptions: op.existingTable.dialectOptions ?? {},
      })
    : undefined;

const addColumn: Reverser<'addColumn'> = (op: AddColumnOp): DropColumnOp =>
  optional({ kind: 'dropColumn' as const, table: op.table, column: op.column.name, schema: op.schema, ifExists: op.ifNotExists, existingColumn: op.column, quoted: op.quoted });

const dropColumn: Reverser<'dropColumn'> = (op: DropColumnOp): AddColumnOp | undefined =>
  op.existingColumn ? optional({ kind: 'addColumn' as const, table: op.table, column: op.existingColumn, schema: op.schema, ifNotExists: op.ifExists, quoted: op.quoted }) : undefined;

/**
 * Alembic swaps each modified attribute with its `existing_*` twin. A modification whose
 * previous value was not given reverses to "no change", except the comment, whose unknown
 * previous value counts as "no comment". The rename is not reversed (Alembic drops it), and
 * `postgresql_using` is carried over unchanged (so Alembic refuses to render the reverse of a
 * USING change whose `existing_type` was not given, and so does the renderer).
 */
const alterColumn: Reverser<'alterColumn'> = (op: AlterColumnOp): AlterColumnOp =>
  optional({
    kind: 'alterColumn' as const,
    table: op.table,
    column: op.column,
    schema: op.schema,
    type: op.type !== undefined ? op.existingType : undefined,
    existingType: op.type ?? op.existingType,
    nullable: op.nullable !== undefined ? op.existingNullable : undefined,
    existingNullable: op.nullable ?? op.existingNullable,
    serverDefault: op.serverDefault !== undefined ? op.existingServerDefault : undefined,
    existingServerDefault: op.serverDefault !== undefined ? op.serverDefault : op.existingServerDefault,
    identity: op.identity ? { to: op.identity.from, from: op.identity.to } : undefined,
    comment: op.comment !== undefined ? (op.existingComment ?? null) : undefined,
    existingComment: op.comment !== undefined ? op.comment : op.existingComment,
    postgresqlUsing: op.postgresqlUsing,
  });

/** The drop carries the index's dialect options (so a concurrent create drops concurrently). */
const createIndex: Reverser<'createIndex'> = (op: CreateIndexOp): DropIndexOp =>
  optional({
    kind: 'dropIndex' as const,
    name: op.index.name,
    table: op.table,
    schema: op.schema,
    dialectOptions: { ...op.index.dialectOptions },
    existingIndex: op.index,
  });

const dropIndex: Reverser<'dropIndex'> = (op: DropIndexOp): CreateIndexOp | undefined =>
  op.existingIndex && op.table
    ? optional({ kind: 'createIndex' as const, table: op.table, schema: op.schema, index: { ...op.existingIndex, name: op.name } })
    : undefined;

const addConstraint: Reverser<'addConstraint'> = (op: AddConstraintOp): DropConstraintOp =>
  optional({
    kind: 'dropConstraint' as const,
    name: op.constraint.name ?? '',
    table: op.table,
    schema: op.schema,
    constraintType: CONSTRAINT_TYPE_NAMES[op.constraint.type],
    existingConstraint: op.constraint,
  });

const dropConstraint: Reverser<'dropConstraint'> = (op: DropConstraintOp): AddConstraintOp | undefined =>
  op.existingConstraint
    ? optional({ kind: 'addConstraint' as const, table: op.table, schema: op.schema, constraint: { ...op.existingConstraint, name: op.name } })
    : undefined;

const createTableComment: Reverser<'createTableComment'> = (op: CreateTableCommentOp): Operation =>
  op.existingComment === undefined || op.existingComment === null
    ? optional({ kind: 'dropTableComment' as const, table: op.table, schema: op.schema, existingComment: op.comment })
    : optional({ kind: 'createTableComment' as const, table: op.table, schema: op.schema, comment: op.existingComment, existingComment: op.comment });

/** Without the previous comment Alembic would set it to None, i.e. drop it again: no reverse. */
const dropTableComment: Reverser<'dropTableComment'> = (op: DropTableCommentOp): CreateTableCommentOp | undefined =>
  typeof op.existingComment === 'string'
    ? optional({ kind: 'createTableComment' as const, table: op.table, schema: op.schema, comment: op.existingComment })
    : undefined;

const REVERSERS: { [K in OperationKind]: Reverser<K> } = {
  createTable,
  dropTable,
  renameTable: () => undefined,
  addColumn,
  dropColumn,
  alterColumn,
  createIndex,
  dropIndex,
  addConstraint,
  dropConstraint,
  createTableComment,
  dropTableComment,
  execute: () => undefined,
  bulkInsert: () => undefined,
};

export function reverseOperation(operation: Operation): Operation | undefined {
  const reverser = Object.prototype.hasOwnProperty.call(REVERSERS, operation.kind)
    ? (REVERSERS[operation.kind] as Reverser<OperationKind>)
    : undefined;
  return reverser ? reverser(operation as never) : undefined;
}
