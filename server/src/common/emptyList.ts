/**
 * One frozen empty list shared by every record that has nothing in a list field. A cold index
 * keeps tens of thousands of such records (a file's problems, imports, dependencies...); most
 * of those lists are empty, and one allocation each was a measurable part of the garbage the
 * collector copies. Pushing onto it throws, so code that fills a list must start from `[]`.
 */
const EMPTY: readonly never[] = Object.freeze([]);

/** The shared empty list, typed readonly: it is frozen, so the compiler refuses a push. */
export function emptyList<T>(): readonly T[] {
  return EMPTY;
}

/** `list` itself, or the shared empty list when it has no items. */
export function orEmpty<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY : list;
}
