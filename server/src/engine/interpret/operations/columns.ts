/** add_column, drop_column and alter_column. */
import type { AlterColumnOp, ColumnSpec, ForcedQuotes, IdentitySpec } from '../../ops';
import { serverDefaultOf, serverDefaultProblem } from '../sqlalchemy/schema';
import { toSqlExpr } from '../sqlalchemy/expressions';
import { nonNativeEnumCheck } from '../sqlalchemy/columns';
import { ArgumentError, type OperationArgs } from './opArgs';
import { withOptional } from './tables';
import type { OperationDef } from './types';

/** The names alter_column passes its changes to AlterColumnOp under, beside `**kw`. */
const ALTER_MODIFY_KEYWORDS = ['modify_name', 'modify_type', 'modify_server_default', 'modify_nullable', 'modify_comment'];

const ALTER_KEYWORDS = [
  'nullable', 'comment', 'server_default', 'new_column_name', 'type_', 'existing_type',
  'existing_server_default', 'existing_nullable', 'existing_comment',
];

/** Alembic's `False` default means "not given"; `None` means "set to NULL / drop". */
function givenDefault(args: OperationArgs, name: string): AlterColumnOp['serverDefault'] | undefined {
  const value = args.value(name);
  if (value === undefined || (value.kind === 'bool' && value.value === false)) return undefined;
  // What autogenerate writes for an identity or generated column (nr-forests-access-management):
  // PostgreSQL's alter_column prints nothing of existing_server_default.
  if (name === 'existing_server_default' && (value.kind === 'identity' || value.kind === 'computed' || value.kind === 'fetchedValue')) return undefined;
  // Alembic's PostgreSQL alter_column asserts that the new default renders as SQL; FetchedValue renders none.
  if (name === 'server_default' && value.kind === 'fetchedValue') args.invalid('Alembic fails on alter_column(server_default=sa.FetchedValue()) (an AssertionError: a FetchedValue renders no DEFAULT); to drop the default, pass server_default=None', name);
  // Only server_default becomes a DefaultClause, which refuses a bool; Alembic merely compares
  // existing_server_default, whatever it is.
  const expr = name === 'existing_server_default' && value.kind === 'bool' ? toSqlExpr(value) : serverDefaultOf(value);
  if (expr === undefined) {
    if (value.kind === 'opaque') args.opaque(value.reason, name);
    args.invalid(value.kind === 'bool' ? serverDefaultProblem(value, name) : `${name} must be a string, sa.text() or a SQL expression`, name);
  }
  return expr;
}

/**
 * A changed server_default where it or existing_server_default is an `sa.Identity`: Alembic's
 * IdentityColumnDefault (`server_default=None` drops the identity; `existing_server_default=None`
 * adds one; two identities set the options that differ). A `sa.Computed` on either side is
 * SQLAlchemy's CompileError, and the other mixtures fail inside Alembic (an AssertionError).
 */
function identityChange(args: OperationArgs): AlterColumnOp['identity'] | undefined {
  const to = args.value('server_default');
  const from = args.value('existing_server_default');
  if (to === undefined || (to.kind === 'bool' && to.value === false)) return undefined;
  if (to.kind === 'computed' || from?.kind === 'computed') {
    args.invalid('Adding or removing a "computed" construct, e.g. GENERATED ALWAYS AS, to or from an existing column is not supported (SQLAlchemy\'s CompileError)', 'server_default');
  }
  if (to.kind !== 'identity' && from?.kind !== 'identity') return undefined;
  const spec = (value: typeof to | undefined): IdentitySpec | null | undefined => (value?.kind === 'identity' ? value.spec : value?.kind === 'none' ? null : undefined);
  const toSpec = spec(to);
  const fromSpec = spec(from);
  if (toSpec === undefined || fromSpec === undefined) {
    const other = toSpec === undefined ? 'server_default' : 'existing_server_default';
    args.invalid(`Alembic fails on an identity change with ${other}= ${from === undefined && other === 'existing_server_default' ? 'not given' : 'neither an sa.Identity nor None'} (an AssertionError): pass existing_server_default=None to add an identity, server_default=None to drop one`, other);
  }
  return { to: toSpec, from: fromSpec };
}

/**
 * `batch_op.alter_column(sa.Column("c", sa.Text(), nullable=False))` (mwdb-core): a Column where
 * the name goes, and nothing to change. Alembic emits a statement per change given (nullable=,
 * server_default=, type_=, comment=, new_column_name=) and nothing else reads the name, so it
 * runs the call and emits nothing, whatever the Column says: a warning, no step. With a change,
 * the name is needed and a Column is refused as before (Alembic fails quoting it).
 */
function refuseNamelessNoChange(args: OperationArgs): void {
  const names = ['table_name', 'column_name'].filter((name) => args.value(name) !== undefined && args.value(name)!.kind !== 'str');
  if (names.length === 0) return;
  const given = (name: string): boolean => {
    const value = args.value(name);
    return value !== undefined && value.kind !== 'none';
  };
  const setsDefaultOrComment = (name: string): boolean => {
    const value = args.value(name);
    // False is alter_column's "unchanged" for these two.
    return given(name) && !(value?.kind === 'bool' && !value.value);
  };
  if (given('nullable') || given('type_') || given('new_column_name') || given('postgresql_using') || setsDefaultOrComment('server_default') || setsDefaultOrComment('comment')) return;
  const what = args.value(names[0])!.kind === 'column' ? 'a Column' : 'not a string';
  throw new ArgumentError(
    'noop',
    `alter_column() is given ${what} as its ${names[0]} and nothing to change: Alembic emits no SQL for it (the Column's own settings are not read); to change the column, pass its name and nullable=, type_= or server_default=`,
  );
}

/**
 * `batch_op.add_column(..., insert_before=/insert_after=)`: a place among the columns exists only
 * when the batch copies the table. BatchOperations passes a truthy one on, and the batch raises
 * CommandError unless it recreates: on PostgreSQL only recreate="always" does, which the engine
 * does not model (dispatch.ts), so every batch that reaches here raises. `op.add_column` has no
 * such keywords (its signature refuses them).
 */
function refuseColumnPlacement(args: OperationArgs): void {
  for (const name of ['insert_before', 'insert_after']) {
    if (args.optionalBool(name)) {
      args.invalid(`${name}=: Alembic raises CommandError: Can't specify insert_before or insert_after when using ALTER; please specify recreate='always' (PostgreSQL adds a column at the end of the table)`, name);
    }
  }
}

function givenComment(args: OperationArgs, name: string): string | null | undefined {
  const value = args.value(name);
  if (value === undefined || (value.kind === 'bool' && value.value === false)) return undefined;
  if (value.kind === 'none') return null;
  return args.optionalString(name);
}

function forcedQuotes(table: boolean, column: boolean): ForcedQuotes | undefined {
  if (!table && !column) return undefined;
  return { ...(table ? { table: true as const } : {}), ...(column ? { column: true as const } : {}) };
}

/** Whether add_column prints nothing after its ADD COLUMN for this column (no constraint, index, comment, sequence). */
function printedOnce(spec: ColumnSpec): boolean {
  return !spec.primaryKey && !spec.unique && !spec.index && spec.comment === undefined && spec.foreignKeys.length === 0 && spec.checks.length === 0 && (spec.tableChecks ?? []).length === 0 && spec.sequence === undefined;
}

export const COLUMN_OPERATIONS: Record<string, OperationDef> = {
  add_column: {
    signature: {
      positional: ['table_name', 'column'],
      required: ['table_name', 'column'],
      keywordOnly: ['schema', 'if_not_exists', 'inline_references', 'inline_primary_key'],
    },
    batch: {
      signature: {
        positional: ['column'],
        required: ['column'],
        keywordOnly: ['insert_before', 'insert_after', 'if_not_exists', 'inline_references', 'inline_primary_key'],
      },
      tableParam: 'table_name',
      schemaParam: 'schema',
    },
    build(args) {
      const column = args.value('column');
      const forcedColumn = column?.kind === 'opaque' ? column.forcedQuoteColumn : undefined;
      if (column?.kind !== 'column' && forcedColumn === undefined) {
        if (column?.kind === 'opaque') args.opaqueValue(column, 'column');
        return args.invalid(`argument 'column' must be a sa.Column(...)`, 'column');
      }
      refuseColumnPlacement(args);
      const spec = column?.kind === 'column' ? column.spec : forcedColumn!;
      const table = args.maybeQuotedString('table_name');
      const quoted = forcedQuotes(table.forcedQuote, forcedColumn !== undefined);
      // A forced quote is followed in the ADD COLUMN alone: a name printed again by the statements
      // after it (its constraints, index, comment) would need the flag there too.
      if (quoted !== undefined && !printedOnce(spec)) {
        const value = table.forcedQuote ? args.value('table_name') : column;
        if (value?.kind === 'opaque') args.opaqueValue({ ...value, reason: `${value.reason} (followed by add_column only for a column with no constraint, index or comment)` }, table.forcedQuote ? 'table_name' : 'column');
      }
      return withOptional(
        { kind: 'addColumn', table: table.text, column: spec },
        {
          schema: args.optionalString('schema'),
          ifNotExists: args.optionalBool('if_not_exists'),
          inlineReferences: args.optionalBool('inline_references'),
          inlinePrimaryKey: args.optionalBool('inline_primary_key'),
          quoted,
        },
      );
    },
  },
  drop_column: {
    signature: { positional: ['table_name', 'column_name'], required: ['table_name', 'column_name'], keywordOnly: ['schema'], varkw: true },
    batch: {
      signature: { positional: ['column_name'], required: ['column_name'], varkw: true },
      tableParam: 'table_name',
      schemaParam: 'schema',
      supplies: { positional: ['table_name'], keywords: ['schema'] },
    },
    build(args) {
      const table = args.maybeQuotedString('table_name');
      const column = args.maybeQuotedString('column_name');
      return withOptional(
        { kind: 'dropColumn', table: table.text, column: column.text },
        { schema: args.optionalString('schema'), ifExists: args.optionalBool('if_exists'), quoted: forcedQuotes(table.forcedQuote, column.forcedQuote) },
      );
    },
  },
  alter_column: {
    signature: { positional: ['table_name', 'column_name'], required: ['table_name', 'column_name'], keywordOnly: [...ALTER_KEYWORDS, 'schema'], varkw: true },
    supplies: { keywords: ALTER_MODIFY_KEYWORDS },
    batch: {
      signature: { positional: ['column_name'], required: ['column_name'], keywordOnly: [...ALTER_KEYWORDS, 'insert_before', 'insert_after'], varkw: true },
      tableParam: 'table_name',
      schemaParam: 'schema',
      supplies: { positional: ['table_name'], keywords: ['schema', ...ALTER_MODIFY_KEYWORDS] },
    },
    build(args) {
      // `name=` (Alembic 0.x's spelling of new_column_name) reaches the implementation through
      // **kw beside the name Alembic passes itself: a TypeError, not a rename (fedocal).
      if (args.bound.extra.has('name')) {
        throw new ArgumentError('invalid', `alter_column() got multiple values for keyword argument 'name' (Alembic passes new_column_name as name; write new_column_name=)`, args.bound.extra.get('name')?.node);
      }
      refuseNamelessNoChange(args);
      const operation: AlterColumnOp = withOptional(
        { kind: 'alterColumn', table: args.string('table_name'), column: args.string('column_name') },
        {
          schema: args.optionalString('schema'),
          nullable: args.optionalBool('nullable'),
          newName: args.optionalString('new_column_name'),
          type: args.optionalType('type_'),
          existingType: args.optionalType('existing_type'),
          existingNullable: args.optionalBool('existing_nullable'),
          postgresqlUsing: args.optionalString('postgresql_using'),
        },
      );
      // A type whose attach listener adds a CHECK (attachChecks.ts): Alembic drops the old one and
      // adds the new one around ALTER COLUMN TYPE, which the engine does not model.
      for (const [keyword, type] of [['type_', operation.type], ['existing_type', operation.existingType]] as const) {
        if (type?.attachedChecks) throw new ArgumentError('opaque', `alter_column() with ${keyword}= of a type whose attach listener adds a CHECK constraint, which Alembic adds or drops around the change: not modelled`);
      }
      // Both on the column's old name, as Alembic builds them.
      const dropped = operation.type && operation.existingType ? nonNativeEnumCheck(operation.existingType, operation.column) : undefined;
      if (dropped) operation.typeChecksDropped = [dropped];
      const added = operation.type ? nonNativeEnumCheck(operation.type, operation.column) : undefined;
      if (added) operation.typeChecksAdded = [added];
      const identity = identityChange(args);
      if (identity) operation.identity = identity;
      const serverDefault = identity ? undefined : givenDefault(args, 'server_default');
      if (serverDefault !== undefined) operation.serverDefault = serverDefault;
      const existingDefault = identity ? undefined : givenDefault(args, 'existing_server_default');
      if (existingDefault !== undefined) operation.existingServerDefault = existingDefault;
      const comment = givenComment(args, 'comment');
      if (comment !== undefined) operation.comment = comment;
      if (args.has('existing_comment')) operation.existingComment = args.optionalString('existing_comment') ?? null;
      return operation;
    },
  },
};
