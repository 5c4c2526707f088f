/**
 * Names from a `MetaData(naming_convention=...)`, computed as SQLAlchemy 2 does
 * (sqlalchemy/sql/naming.py and the compiler's name truncation), so an unnamed constraint or
 * index gets the name Alembic prints:
 *
 * - the template is Python `%`-formatting over the tokens `table_name`, `constraint_name`,
 *   `referred_table_name`, and `column_X_name` / `_label` / `_key` (also `referred_column_X_...`),
 *   where X is a position (0, 1, ...; a missing position gives ""), `0N` (every column, joined
 *   with nothing) or `0_N` (joined with "_"); a column's label is `<schema>_<table>_<column>`
 *   (dots in the schema become "_");
 * - a name is converted when it was unnamed, or when the template uses `%(constraint_name)s`
 *   (then an explicit name is required); a name marked by `op.f()` is never converted again;
 * - a converted name longer than 63 characters is cut to 55 and suffixed with "_" and the last
 *   four hex digits of its MD5, where a plain name that long is an error.
 */
import { createHash } from 'node:crypto';
import { ownString } from '../../../common/ownedStrings';
import { tokenFunctionValue, type TokenFunction } from './tokenFunctions';

/** A convention's entries: templates by object kind, and token functions by token name. */
export type ConventionEntries = Readonly<Record<string, string | TokenFunction>>;

export type ObjectKind = 'ix' | 'uq' | 'ck' | 'fk' | 'pk';

/** The constraint class Alembic builds for `drop_constraint`'s `type_`, by the convention key that names it. */
export const KIND_OF_DROP: Readonly<Record<string, ObjectKind>> = { foreignkey: 'fk', primary: 'pk', unique: 'uq', check: 'ck' };

/** What the tokens of one object read. */
export interface NamedObject {
  kind: ObjectKind;
  table: string;
  schema?: string;
  /** Explicit name, if any. */
  name?: string;
  /** True when the name came from `op.f()` (SQLAlchemy's `conv`). */
  converted: boolean;
  columns: string[];
  referredTable?: string;
  referredColumns?: string[];
  /** Set when the columns SQLAlchemy would see are not known (a check on an expression). */
  columnsUnknown?: boolean;
  /** An index's `unique` flag (read by token functions such as `'uq_' if constraint.unique else ''`). */
  unique?: boolean;
  /**
   * A column's `sa.ForeignKey("t.c")` in create_table or add_column to another table: Alembic's
   * MetaData for the operation holds only its own table, so SQLAlchemy cannot resolve the key's
   * column, which `%(referred_column_X_...)s` reads (NoReferencedTableError).
   */
  referredUnresolved?: true;
}

/**
 * The name to print, or undefined to keep the object unnamed; a problem when it cannot be named
 * (`raises`: SQLAlchemy raises there, so Alembic fails too).
 */
export type NameResult = { name?: string } | { problem: string; raises?: true };

/** PostgreSQL's identifier limit, which SQLAlchemy's dialect uses for constraint and index names. */
const MAX_NAME = 63;

export function conventionName(object: NamedObject, templates: ConventionEntries): NameResult {
  if (object.converted) return { name: truncateConverted(object.name ?? '') };
  const template = templates[object.kind];
  if (template === undefined) return object.name === undefined ? {} : { name: object.name };
  if (typeof template !== 'string') return { problem: `the naming convention's "${object.kind}" entry is a function, not a template` };
  const usesName = usesConstraintName(template);
  if (object.name !== undefined && !usesName) return { name: object.name };
  if (object.name === undefined && usesName) {
    return { problem: 'Naming convention including %(constraint_name)s token requires that constraint is explicitly named.' };
  }
  const referred = object.referredUnresolved ? /%\((referred_column_[^)]*)\)s/.exec(template) : null;
  if (referred) {
    return {
      problem: `the "fk" template of the naming convention uses %(${referred[1]})s, which reads the referred column, and the foreign key's table ${object.referredTable} is not in the MetaData Alembic builds for this operation: SQLAlchemy raises NoReferencedTableError (could not find table '${object.referredTable}'); name the foreign key, or add it with op.create_foreign_key()`,
      raises: true,
    };
  }
  let unknown: string | undefined;
  const name = template.replace(/%\(([^)]*)\)s|%%/g, (match, token: string | undefined) => {
    if (match === '%%') return '%';
    // SQLAlchemy looks a token up in the convention (a token function) before its own tokens.
    const fn = templates[token ?? ''];
    const value = fn !== undefined && typeof fn !== 'string' ? tokenFunctionValue(fn, object) : tokenValue(token ?? '', object);
    if (value === undefined) unknown ??= token;
    return value ?? '';
  });
  if (unknown !== undefined) return { problem: `the naming convention uses the token %(${unknown})s, which the engine does not know` };
  return { name: truncateConverted(name) };
}

/** Whether a template has the constraint_name token, kept by template: asked for every object named. */
const templatesUsingName = new Map<string, boolean>();

function usesConstraintName(template: string): boolean {
  let uses = templatesUsingName.get(template);
  if (uses === undefined) {
    uses = /%\(constraint_name\)s/.test(template);
    if (templatesUsingName.size < 1_000) templatesUsingName.set(ownString(template), uses);
  }
  return uses;
}

/** SQLAlchemy's treatment of a converted name past the limit. */
export function truncateConverted(name: string): string {
  if (name.length <= MAX_NAME) return name;
  return `${name.slice(0, MAX_NAME - 8)}_${createHash('md5').update(name, 'utf8').digest('hex').slice(-4)}`;
}

function tokenValue(token: string, object: NamedObject): string | undefined {
  if (token === 'table_name') return object.table;
  if (token === 'constraint_name') return object.name;
  if (token === 'referred_table_name') return object.referredTable;
  const match = /^(referred_)?column_(0N|0_N|\d+)_(name|label|key)$/.exec(token);
  if (!match) return undefined;
  const referred = match[1] !== undefined;
  if (!referred && object.columnsUnknown) return undefined;
  const columns = referred ? object.referredColumns : object.columns;
  if (!columns) return undefined;
  const table = referred ? object.referredTable : object.table;
  const schema = referred ? undefined : object.schema;
  const render = (column: string): string => (match[3] === 'label' ? labelOf(column, table ?? '', schema) : column);
  if (match[2] === '0N') return columns.map(render).join('');
  if (match[2] === '0_N') return columns.map(render).join('_');
  const column = columns[Number(match[2])];
  return column === undefined ? '' : render(column);
}

function labelOf(column: string, table: string, schema: string | undefined): string {
  return `${schema ? `${schema.replace(/\./g, '_')}_` : ''}${table}_${column}`;
}
