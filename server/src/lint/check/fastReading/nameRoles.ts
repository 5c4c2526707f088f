/**
 * Which string literals of an operation name a table, column, index or constraint: those are
 * replaced by placeholders in a shape's key (shapes.ts), so `op.drop_table("orders_1")` and
 * `op.drop_table("orders_2")` share one reading. Only these positions are masked: a literal in
 * any other position (`type_="foreignkey"`, a default, SQL) stays in the key as written, since its
 * value can change what the operation does.
 */
import type { Argument, Expression } from './callSyntax';

/** An operation's name positions: positional index and keyword for each. */
interface Roles {
  positional: Record<number, NameKind>;
  keywords: Record<string, NameKind>;
}

/** A plain name, a list of names, or a list of `table.column` references. */
type NameKind = 'name' | 'names' | 'references';

const OPERATIONS: Record<string, Roles> = {
  create_table: { positional: { 0: 'name' }, keywords: { table_name: 'name' } },
  drop_table: { positional: { 0: 'name' }, keywords: { table_name: 'name' } },
  rename_table: { positional: { 0: 'name', 1: 'name' }, keywords: { old_table_name: 'name', new_table_name: 'name' } },
  add_column: { positional: { 0: 'name' }, keywords: { table_name: 'name' } },
  drop_column: { positional: { 0: 'name', 1: 'name' }, keywords: { table_name: 'name', column_name: 'name' } },
  alter_column: { positional: { 0: 'name', 1: 'name' }, keywords: { table_name: 'name', column_name: 'name', new_column_name: 'name' } },
  create_index: { positional: { 0: 'name', 1: 'name', 2: 'names' }, keywords: { index_name: 'name', table_name: 'name', columns: 'names' } },
  drop_index: { positional: { 0: 'name', 1: 'name' }, keywords: { index_name: 'name', table_name: 'name' } },
  drop_constraint: { positional: { 0: 'name', 1: 'name' }, keywords: { constraint_name: 'name', table_name: 'name' } },
  create_foreign_key: {
    positional: { 0: 'name', 1: 'name', 2: 'name', 3: 'names', 4: 'names' },
    keywords: { constraint_name: 'name', source_table: 'name', referent_table: 'name', local_cols: 'names', remote_cols: 'names' },
  },
  create_unique_constraint: { positional: { 0: 'name', 1: 'name', 2: 'names' }, keywords: { constraint_name: 'name', table_name: 'name', columns: 'names' } },
  create_primary_key: { positional: { 0: 'name', 1: 'name', 2: 'names' }, keywords: { constraint_name: 'name', table_name: 'name', columns: 'names' } },
  create_check_constraint: { positional: { 0: 'name', 1: 'name' }, keywords: { constraint_name: 'name', table_name: 'name' } },
};

/** SQLAlchemy constructors inside an operation (by the attribute after the module alias). */
const CONSTRUCTORS: Record<string, Roles> = {
  Column: { positional: { 0: 'name' }, keywords: { name: 'name' } },
  PrimaryKeyConstraint: { positional: { 0: 'name', 1: 'name', 2: 'name', 3: 'name', 4: 'name', 5: 'name' }, keywords: { name: 'name' } },
  UniqueConstraint: { positional: { 0: 'name', 1: 'name', 2: 'name', 3: 'name', 4: 'name', 5: 'name' }, keywords: { name: 'name' } },
  ForeignKeyConstraint: { positional: { 0: 'names', 1: 'references' }, keywords: { name: 'name' } },
  CheckConstraint: { positional: {}, keywords: { name: 'name' } },
};

/** The module whose constructors CONSTRUCTORS describes, by the alias the layout requires. */
const SQLALCHEMY_PREFIX = 'sa.';
const CONSTRUCTORS_BY_NAME = new Map(Object.entries(CONSTRUCTORS));

/**
 * Calls `visit` with every string literal of the call that holds a name, and, for a
 * `table.column` reference, the offsets of each part. `op.f("...")` holds a name too.
 */
const OPERATIONS_BY_NAME = new Map(Object.entries(OPERATIONS));

export function forEachName(operation: string, args: readonly Argument[], visit: (start: number, end: number) => void): void {
  const roles = OPERATIONS_BY_NAME.get(operation);
  if (roles) visitArguments(args, roles, visit);
  for (const arg of args) visitNested(arg.value, visit);
}

function visitArguments(args: readonly Argument[], roles: Roles, visit: (start: number, end: number) => void): void {
  let position = 0;
  for (const arg of args) {
    const kind = arg.keyword !== undefined ? roles.keywords[arg.keyword] : roles.positional[position++];
    if (kind) visitRole(arg.value, kind, visit);
  }
}

function visitRole(value: Expression, kind: NameKind, visit: (start: number, end: number) => void): void {
  if (kind === 'name') {
    if (value.kind === 'string') visit(value.start + 1, value.end - 1);
    return;
  }
  if (value.kind !== 'sequence') return;
  for (const item of value.items) {
    if (item.kind !== 'string') continue;
    if (kind === 'names') {
      visit(item.start + 1, item.end - 1);
      continue;
    }
    const dot = item.value.indexOf('.');
    if (dot < 0 || item.value.indexOf('.', dot + 1) >= 0) continue;
    visit(item.start + 1, item.start + 1 + dot);
    visit(item.start + 2 + dot, item.end - 1);
  }
}

/** Names inside SQLAlchemy constructors and `op.f(...)` at any depth. */
function visitNested(value: Expression, visit: (start: number, end: number) => void): void {
  if (value.kind === 'sequence') {
    for (const item of value.items) visitNested(item, visit);
    return;
  }
  if (value.kind !== 'call') return;
  if (value.callee === 'op.f') {
    const first = value.args[0];
    if (value.args.length === 1 && first.keyword === undefined && first.value.kind === 'string') visit(first.value.start + 1, first.value.end - 1);
    return;
  }
  const callee = value.callee;
  const roles = callee.startsWith(SQLALCHEMY_PREFIX) && callee.indexOf('.', SQLALCHEMY_PREFIX.length) < 0 ? CONSTRUCTORS_BY_NAME.get(callee.slice(SQLALCHEMY_PREFIX.length)) : undefined;
  if (roles) visitArguments(value.args, roles, visit);
  for (const arg of value.args) visitNested(arg.value, visit);
}
