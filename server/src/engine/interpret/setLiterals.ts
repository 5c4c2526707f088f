/**
 * A set literal of values other than strings (`{1, 2, 2}`, `{(1, "a"), (2, "b")}`). Python keeps
 * one of equal members (the first: `{1, 1.0, True}` is `{1}`), iterates a set in the order of its
 * hash table, not as written (`{3, 1}` iterates 1, 3), and prints it with braces. The engine kept
 * it as a list: duplicates counted (`len({1, 2, 2})` was 3), the written order iterated and `[1]`
 * printed for `{1}`. Its members are kept now, without duplicates, and only what does not depend
 * on their order or on printing a set is known: len(), `in`, its truth and sorted().
 */
import { equalityKey, opaque, type Value } from './values';

export function setOfValues(items: readonly Value[]): Value {
  const unknown = items.find((item) => item.kind === 'opaque');
  if (unknown) return unknown;
  const members: Value[] = [];
  const keys = new Set<string>();
  for (const item of items) {
    const key = equalityKey(item);
    if (key === undefined) return opaque('a set of values the engine cannot compare');
    if (keys.has(key)) continue;
    keys.add(key);
    members.push(item);
  }
  return { kind: 'opaque', reason: "a set: the order Python iterates and prints it in is decided by its hashing at run time", setItems: members };
}
