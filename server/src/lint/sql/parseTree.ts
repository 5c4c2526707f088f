/**
 * Reading libpg-query's JSON parse trees: nodes, lists, names, and table names qualified as the
 * lint names tables (only outside `public`), for toActions.ts and statementLocks.ts.
 */
export type Node = Record<string, unknown>;

export function relationName(relation: unknown): string {
  if (!isNode(relation)) return '';
  return qualified([...(typeof relation.schemaname === 'string' ? [relation.schemaname] : []), String(relation.relname ?? '')]);
}

/** `name` in the schema of `relation` (qualified as `relationName` qualifies). */
export function sameSchema(relation: unknown, name: string): string {
  return qualified([...(isNode(relation) && typeof relation.schemaname === 'string' ? [relation.schemaname] : []), name]);
}

/**
 * `["public", "orders"]` → `orders`; another schema stays: `audit.orders`. `pg_temp.t` is the
 * session's table `t`, which the actions name bare (as its CREATE does: toActions.ts tableName).
 */
export function qualified(parts: string[]): string {
  const schema = parts[parts.length - 2];
  if (parts.length >= 2 && schema !== 'public' && schema !== 'pg_temp') return parts.slice(-2).join('.');
  return parts[parts.length - 1] ?? '';
}

/** `[{ String: { sval: "a" } }, ...]` → `["a", ...]`. */
export function names(value: unknown): string[] {
  return list(value)
    .map((item) => field(field(item, 'String'), 'sval'))
    .filter((name): name is string => typeof name === 'string');
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function field(value: unknown, key: string): unknown {
  return isNode(value) ? value[key] : undefined;
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
