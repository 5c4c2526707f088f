/** create_table, drop_table, rename_table and the table comment operations. */
import type { ColumnSpec, ConstraintSpec, CreateTableCommentOp, CreateTableOp, DropTableCommentOp, IndexSpec, Operation, TableRef } from '../../ops';
import { ArgumentError } from './opArgs';
import type { OperationDef } from './types';
import { generatedKeys } from '../sqlalchemy/generatedKeys';

const ALEMBIC_TABLE_KEYWORDS = ['schema', 'comment', 'info', 'if_not_exists'];

export const TABLE_OPERATIONS: Record<string, OperationDef> = {
  create_table: {
    signature: { positional: ['table_name'], required: ['table_name'], varargs: 'columns', keywordOnly: ['if_not_exists'], varkw: true },
    build(args) {
      const columns: ColumnSpec[] = [];
      const constraints: ConstraintSpec[] = [];
      const indexes: IndexSpec[] = [];
      for (const arg of args.bound.rest) {
        const value = arg.value;
        if (value.kind === 'column') {
          // SQLAlchemy's Table refuses a second column of the same name (DuplicateColumnError), so
          // Alembic prints nothing for this create_table.
          if (columns.some((column) => column.name === value.spec.name)) {
            throw new ArgumentError('invalid', `op.create_table(): a column with name '${value.spec.name}' is already present in table '${args.string('table_name')}'`, arg.node);
          }
          columns.push(value.spec);
        }
        else if (value.kind === 'constraint') constraints.push(value.spec);
        else if (value.kind === 'index') indexes.push(value.spec);
        else if (value.kind === 'opaque') args.opaqueValue(value);
        else args.invalid(`expected columns, constraints or indexes, got ${value.kind === 'str' ? 'a string' : value.kind}`);
      }
      const operation: CreateTableOp = {
        kind: 'createTable',
        table: args.string('table_name'),
        columns,
        constraints,
        indexes,
        dialectOptions: args.extraLiterals(ALEMBIC_TABLE_KEYWORDS),
      };
      const schema = args.optionalString('schema');
      if (schema !== undefined) operation.schema = schema;
      const comment = args.optionalString('comment');
      if (comment !== undefined) operation.comment = comment;
      const ifNotExists = args.optionalBool('if_not_exists');
      if (ifNotExists !== undefined) operation.ifNotExists = ifNotExists;
      return operation;
    },
    result(operation: Operation) {
      // Built for every create_table, whether or not its Table is used: plain assignments, where
      // spreading optional parts into fresh objects was 3% of the interpretation.
      const create = operation as CreateTableOp;
      const columns: TableRef['columns'] = [];
      for (const column of create.columns) {
        const ref: TableRef['columns'][number] = { name: column.name };
        if (column.type) ref.type = column.type;
        columns.push(ref);
      }
      const ref: TableRef = create.schema ? { name: create.table, schema: create.schema, columns } : { name: create.table, columns };
      const keys = generatedKeys(create.columns, create.constraints, true);
      if (keys) ref.generatedKeys = keys;
      return { kind: 'table', ref };
    },
  },
  drop_table: {
    signature: { positional: ['table_name'], required: ['table_name'], keywordOnly: ['schema', 'if_exists'], varkw: true },
    build(args) {
      return withOptional({ kind: 'dropTable', table: args.string('table_name') }, {
        schema: args.optionalString('schema'),
        ifExists: args.optionalBool('if_exists'),
      });
    },
  },
  rename_table: {
    signature: { positional: ['old_table_name', 'new_table_name'], required: ['old_table_name', 'new_table_name'], keywordOnly: ['schema'] },
    build(args) {
      return withOptional(
        { kind: 'renameTable', oldName: args.string('old_table_name'), newName: args.string('new_table_name') },
        { schema: args.optionalString('schema') },
      );
    },
  },
  create_table_comment: {
    signature: { positional: ['table_name', 'comment'], required: ['table_name', 'comment'], keywordOnly: ['existing_comment', 'schema'] },
    batch: { signature: { positional: ['comment'], required: ['comment'], keywordOnly: ['existing_comment'] }, tableParam: 'table_name', schemaParam: 'schema' },
    build(args) {
      const operation: CreateTableCommentOp = withOptional(
        { kind: 'createTableComment' as const, table: args.string('table_name'), comment: args.string('comment') },
        { schema: args.optionalString('schema') },
      );
      if (args.has('existing_comment')) operation.existingComment = args.optionalString('existing_comment') ?? null;
      return operation;
    },
  },
  drop_table_comment: {
    signature: { positional: ['table_name'], required: ['table_name'], keywordOnly: ['existing_comment', 'schema'] },
    batch: { signature: { positional: [], required: [], keywordOnly: ['existing_comment'] }, tableParam: 'table_name', schemaParam: 'schema' },
    build(args) {
      const operation: DropTableCommentOp = withOptional({ kind: 'dropTableComment' as const, table: args.string('table_name') }, { schema: args.optionalString('schema') });
      if (args.has('existing_comment')) operation.existingComment = args.optionalString('existing_comment') ?? null;
      return operation;
    },
  },
};

/** Copies the defined optional fields onto an operation (keeps `undefined` keys out of the JSON). */
export function withOptional<T extends object>(operation: T, optional: { [key: string]: unknown }): T {
  // for-in visits the keys in the order Object.entries gives them, without an array of pairs per
  // call (this runs for most operations of a history).
  for (const key in optional) {
    const value = optional[key];
    if (value !== undefined) (operation as Record<string, unknown>)[key] = value;
  }
  return operation;
}
