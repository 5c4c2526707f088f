/** create_table, drop_table, rename_table and the table comment operations. */
import type { ColumnSpec, ConstraintSpec, CreateTableCommentOp, CreateTableOp, DropTableCommentOp, IndexSpec, Operation, TableRef } from '../../ops';
import { ArgumentError, type OperationArgs } from './opArgs';
import type { OperationDef } from './types';
import { generatedKeys } from '../sqlalchemy/generatedKeys';
import { tableColumn } from '../sqlalchemy/columns';
import { unmodelledQuote } from '../sqlalchemy/quoteFlags';

const ALEMBIC_TABLE_KEYWORDS = ['schema', 'comment', 'info', 'if_not_exists'];

/** sa.Table()'s own keywords (SQLAlchemy 2.1), which create_table and drop_table hand it with `**kw`. */
const TABLE_KEYWORDS = new Set([
  'schema', 'quote', 'quote_schema', 'autoload_with', 'autoload_replace', 'keep_existing', 'extend_existing', 'resolve_fks',
  'include_columns', 'implicit_returning', 'comment', 'info', 'listeners', 'prefixes', 'must_exist', 'mustexist',
]);

/**
 * The Table Alembic makes for the operation validates the keywords: a `postgresql_*` the dialect
 * does not take is ArgumentError, any other that is not `<dialect>_<argument>` TypeError.
 */
function refuseTableKeywords(args: OperationArgs): void {
  args.refuseDialectArguments('Table');
  for (const key of args.bound.extra.keys()) {
    if (!TABLE_KEYWORDS.has(key) && !/^.+?_.+$/s.test(key)) args.invalid(`TypeError: Additional arguments should be named <dialectname>_<argument>, got '${key}'`);
  }
  // The Table's quote= / quote_schema= reach every statement of the call that names it.
  const name = args.string('table_name');
  const schema = args.optionalString('schema');
  const problem = unmodelledQuote(name, args.bound.extra.get('quote')?.value, 'quote')
    ?? (schema === undefined ? undefined : unmodelledQuote(schema, args.bound.extra.get('quote_schema')?.value, 'quote_schema'));
  if (problem !== undefined) args.opaque(problem, problem.startsWith('quote_schema') ? 'quote_schema' : 'quote');
}

export const TABLE_OPERATIONS: Record<string, OperationDef> = {
  create_table: {
    signature: { positional: ['table_name'], required: ['table_name'], varargs: 'columns', keywordOnly: ['if_not_exists'], varkw: true },
    build(args) {
      refuseTableKeywords(args);
      const columns: ColumnSpec[] = [];
      const givenConstraints: Given<ConstraintSpec>[] = [];
      const givenIndexes: Given<IndexSpec>[] = [];
      for (const arg of args.bound.rest) {
        const value = arg.value;
        if (value.kind === 'column') {
          // SQLAlchemy's Table refuses a second column of the same key, or of the same name
          // (DuplicateColumnError), so Alembic prints nothing for this create_table.
          const conflict = duplicateColumn(columns, value.spec);
          if (conflict !== undefined) {
            throw new ArgumentError('invalid', `op.create_table(): a column with ${conflict} is already present in table '${args.string('table_name')}'`, arg.node);
          }
          columns.push(value.spec);
        }
        else if (value.kind === 'constraint') givenConstraints.push(value);
        else if (value.kind === 'index') givenIndexes.push(value);
        // SQLAlchemy's Table skips a None among its items (agilitybeacon: `sa.Column(...) if x else None`).
        else if (value.kind === 'none') continue;
        else if (value.kind === 'opaque') args.opaqueValue(value);
        else args.invalid(`expected columns, constraints or indexes, got ${value.kind === 'str' ? 'a string' : value.kind}`);
      }
      const table = args.string('table_name');
      const constraints = givenConstraints.map((given) => inTable(constraintInTable(table, columns, given)));
      const indexes = givenIndexes.map((given) => indexInTable(table, columns, given));
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
      const missing = missingSelfReference(operation);
      if (missing !== undefined) {
        throw new ArgumentError('invalid', `op.create_table(): a foreign key refers to ${missing}, a column this table does not have; Alembic adds it to the table without a type, and SQLAlchemy cannot print the CREATE TABLE (Can't generate DDL for NullType())`);
      }
      return operation;
    },
    result(operation: Operation) {
      // Built for every create_table, whether or not its Table is used: plain assignments, where
      // spreading optional parts into fresh objects was 3% of the interpretation.
      const create = operation as CreateTableOp;
      const columns: TableRef['columns'] = [];
      for (const column of create.columns) columns.push(tableColumn(column));
      const ref: TableRef = create.schema ? { name: create.table, schema: create.schema, columns } : { name: create.table, columns };
      const keys = generatedKeys(create.columns, create.constraints, true);
      if (keys) ref.generatedKeys = keys;
      return { kind: 'table', ref };
    },
  },
  drop_table: {
    signature: { positional: ['table_name'], required: ['table_name'], keywordOnly: ['schema', 'if_exists'], varkw: true },
    build(args) {
      refuseTableKeywords(args);
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
        { kind: 'createTableComment' as const, table: args.string('table_name'), comment: args.optionalString('comment') ?? null },
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

/**
 * A foreign key to a column of the table being created that it does not have
 * (`ForeignKey("accounts.id")` in create_table("accounts") without an id): Alembic makes a stand-in
 * column for every referred column it does not know, and here that is a column of this table.
 */
function missingSelfReference(operation: CreateTableOp): string | undefined {
  const own = new Set(operation.columns.map((column) => column.name));
  const isThisTable = (table: string, schema: string | undefined): boolean => table === operation.table && schema === operation.schema;
  for (const column of operation.columns) {
    for (const key of column.foreignKeys) {
      const parts = key.target.split('.');
      const referred = parts.pop() ?? '';
      const table = parts.pop();
      if (table !== undefined && isThisTable(table, parts.length > 0 ? parts.join('.') : undefined) && !own.has(referred)) return `"${key.target}"`;
    }
  }
  for (const constraint of operation.constraints) {
    if (constraint.type !== 'foreignKey' || !isThisTable(constraint.referredTable, constraint.referredSchema)) continue;
    const referred = constraint.referredColumns.find((column) => !own.has(column));
    if (referred !== undefined) return `"${constraint.referredTable}.${referred}"`;
  }
  return undefined;
}

const CONSTRAINT_CLASS: Partial<Record<ConstraintSpec['type'], string>> = { primaryKey: 'PrimaryKeyConstraint', unique: 'UniqueConstraint', foreignKey: 'ForeignKeyConstraint' };

/**
 * What SQLAlchemy's Table says a new column conflicts on (`key 'k'`, `name 'x'`), or undefined:
 * its key already filed (named "name" when the key is its name), else its name already a column's.
 */
function duplicateColumn(columns: readonly ColumnSpec[], added: ColumnSpec): string | undefined {
  const key = added.key ?? added.name;
  if (columns.some((column) => (column.key ?? column.name) === key)) return key === added.name ? `name '${added.name}'` : `key '${key}'`;
  return columns.some((column) => column.name === added.name) ? `name '${added.name}'` : undefined;
}

/** A constraint or index given to create_table, with which of its columns were Column objects. */
interface Given<Spec> {
  spec: Spec;
  columnObjects?: readonly boolean[];
}

/**
 * The table's column that the i-th entry names, as SQLAlchemy's Table finds it: a string through
 * the columns' keys (`sa.Column("x", key="k")` is `"k"`, and `"x"` names nothing), a Column object
 * by its name. SQLAlchemy raises ConstraintColumnNotFoundError for a string no key matches, so
 * Alembic prints nothing for the create_table.
 */
function columnOfTable(table: string, kind: string, columns: readonly ColumnSpec[], entry: string, isObject: boolean): string {
  const column = columns.find((candidate) => (isObject ? candidate.name : candidate.key ?? candidate.name) === entry);
  if (column === undefined) throw new ArgumentError('invalid', `Can't create ${kind} on table '${table}': no column named '${entry}' is present.`);
  return column.name;
}

function constraintInTable(table: string, columns: readonly ColumnSpec[], given: Given<ConstraintSpec>): ConstraintSpec {
  const spec = given.spec;
  const kind = CONSTRAINT_CLASS[spec.type];
  if (kind === undefined || !('columns' in spec)) return spec;
  const named = spec.columns.map((entry, index) => columnOfTable(table, kind, columns, entry, given.columnObjects?.[index] ?? false));
  return named.every((name, index) => name === spec.columns[index]) ? spec : { ...spec, columns: named };
}

function indexInTable(table: string, columns: readonly ColumnSpec[], given: Given<IndexSpec>): IndexSpec {
  const spec = given.spec;
  const named = spec.columns.map((entry, index) => (typeof entry === 'string' ? columnOfTable(table, 'Index', columns, entry, given.columnObjects?.[index] ?? false) : entry));
  return named.every((name, index) => name === spec.columns[index]) ? spec : { ...spec, columns: named };
}

/** A table's primary key or unique constraint names each of its columns once (a column collection), as in CREATE TABLE. */
function inTable(spec: ConstraintSpec): ConstraintSpec {
  if ((spec.type !== 'primaryKey' && spec.type !== 'unique') || new Set(spec.columns).size === spec.columns.length) return spec;
  return { ...spec, columns: [...new Set(spec.columns)] };
}
