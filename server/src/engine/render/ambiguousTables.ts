/**
 * SQLAlchemy's ambiguous table names (`SelectState._normalize_froms`): when a SELECT's tables
 * include one with a schema (`other.users`), every table *without* a schema of the same name in
 * that select is printed under an anonymous alias, `users AS users_1` in its FROM list and
 * `users_1.id` in its columns, including the columns of an enclosing statement's `users` that the
 * select correlates with (which then name an alias PostgreSQL never sees, so the statement fails:
 * Alembic prints it so, and so does Lens). Each select computes its own; a nested one's replace
 * the enclosing one's.
 */
import type { RenderState } from './context';

/** Longer anonymous names are cut and numbered by SQLAlchemy (`_truncated_identifier`). */
const LONGEST_UNCUT_ALIAS = 63 - 6;

/** Name → alias for the names of this select's schema-qualified tables; undefined: none. */
export function ambiguousTableAliases(tables: readonly { name: string; schema?: string }[], state: RenderState): ReadonlyMap<string, string> | undefined {
  let aliases: Map<string, string> | undefined;
  for (const table of tables) {
    if (table.schema === undefined || aliases?.has(table.name)) continue;
    // The anonymous label is numbered per name within the statement; the same name always gets
    // the same label (its key is the name's hash), so every select's alias of it is `<name>_1`.
    const alias = `${table.name}_1`;
    if (alias.length > LONGEST_UNCUT_ALIAS) {
      state.report('unsupported-sql-expression', `a select of two tables named ${table.name} (one with a schema): SQLAlchemy aliases the one without a schema under a name it truncates and numbers, which is not modelled`);
    }
    (aliases ??= new Map()).set(table.name, alias);
  }
  return aliases;
}
