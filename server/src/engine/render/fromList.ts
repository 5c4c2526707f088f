/**
 * A SELECT's FROM entries as SQLAlchemy prints them: a table (under its ambiguous-name alias, see
 * ambiguousTables.ts), or a join, `t JOIN u ON u.t_id = t.id` (`LEFT OUTER JOIN`, `FULL OUTER
 * JOIN`), chained joins left to right. A join hides the tables it joins (SQLAlchemy's
 * `Join._hide_froms`): one met again in the columns or WHERE clause prints inside the join only.
 */
import type { FromItem, FromTable, SqlExpr } from '../ops';
import type { RenderState } from './context';
import { qualifiedName, quoteIdentifier } from './identifiers';

export function isJoin(item: FromItem): item is Extract<FromItem, { kind: 'join' }> {
  return 'kind' in item;
}

/** The tables of an entry, left to right. */
export function tablesOf(item: FromItem): FromTable[] {
  return isJoin(item) ? [...tablesOf(item.left), item.right] : [item];
}

export function sameTable(a: FromTable, b: FromTable): boolean {
  return a.name === b.name && a.schema === b.schema;
}

/** The entries without the tables a join of them hides. */
export function withoutJoinedTables(items: readonly FromItem[]): FromItem[] {
  const joined = items.filter(isJoin).flatMap(tablesOf);
  return items.filter((item) => isJoin(item) || !joined.some((table) => sameTable(table, item)));
}

const JOIN_KEYWORDS = { inner: 'JOIN', left: 'LEFT OUTER JOIN', full: 'FULL OUTER JOIN' } as const;

/** One FROM entry; `renderOn` prints a join's ON clause as the select prints its expressions. */
export function renderFromItem(item: FromItem, aliases: ReadonlyMap<string, string> | undefined, state: RenderState, renderOn: (on: SqlExpr) => string): string {
  if (!isJoin(item)) return fromTable(item, aliases, state);
  return `${renderFromItem(item.left, aliases, state, renderOn)} ${JOIN_KEYWORDS[item.outer ?? 'inner']} ${fromTable(item.right, aliases, state)} ON ${renderOn(item.on)}`;
}

function fromTable(table: FromTable, aliases: ReadonlyMap<string, string> | undefined, state: RenderState): string {
  const alias = table.schema === undefined ? aliases?.get(table.name) : undefined;
  const name = qualifiedName(table.name, table.schema, state);
  return alias === undefined ? name : `${name} AS ${quoteIdentifier(alias, state)}`;
}
