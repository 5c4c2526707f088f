/**
 * `target.push(...items)` without the spread: a spread passes every item as an argument, and a
 * list of some hundred thousand (the problems of a 140,000-line file read as alembic.ini) exceeds
 * the call stack ("Maximum call stack size exceeded").
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
