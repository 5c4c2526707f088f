/**
 * A `**kw` keyword the Alembic method already passes to the operation class itself
 * (`batch_op.create_index("ix", ["c"], schema="x")`: BatchOperations passes the batch's schema):
 * Python's TypeError before anything is emitted.
 */
import type { Arg } from '../args';
import type { SuppliedArguments } from './types';

export interface ArgumentCollision {
  message: string;
  arg: Arg;
}

/** Who passes the name, and what to write instead. */
const CAUSE: Record<string, string> = {
  table_name: 'batch_alter_table() passes its own table name',
  source_table: 'batch_alter_table() passes its own table name',
  schema: 'batch_alter_table() passes its own schema; give schema= to batch_alter_table() instead',
  source_schema: 'batch_alter_table() passes its own schema; give schema= to batch_alter_table() instead',
  elements: 'it passes the positional arguments after the name as elements',
  modify_name: 'it passes new_column_name= as modify_name; write new_column_name=',
  modify_type: 'it passes type_= as modify_type; write type_=',
  modify_server_default: 'it passes server_default= as modify_server_default; write server_default=',
  modify_nullable: 'it passes nullable= as modify_nullable; write nullable=',
  modify_comment: 'it passes comment= as modify_comment; write comment=',
};

/**
 * The first `**kw` entry that collides. CPython merges the explicit keywords with `**kw` before it
 * binds the call, so a keyword clash is reported before a positional one.
 */
export function collidingArgument(supplied: SuppliedArguments | undefined, extra: ReadonlyMap<string, Arg>, label: string): ArgumentCollision | undefined {
  if (!supplied || extra.size === 0) return undefined;
  for (const [names, what] of [[supplied.keywords, 'keyword argument'], [supplied.positional, 'argument']] as const) {
    if (!names) continue;
    for (const [name, arg] of extra) {
      if (!names.includes(name)) continue;
      const cause = CAUSE[name] ?? 'Alembic passes it itself';
      return { message: `${label}() got multiple values for ${what} '${name}': Alembic raises TypeError, as ${cause}`, arg };
    }
  }
  return undefined;
}
