/**
 * The order `alembic history` prints (newest first), for every revision of a map, whatever state
 * the graph is in. The CLI's `history` and the editor's tree both list revisions in this order,
 * so it is computed once, here, by the same walk (`RevisionMap.walkRevisions`).
 *
 * Where Alembic's walk fails (a cycle) or leaves revisions out (ones no head reaches, e.g. the
 * members of a cycle), Alembic prints nothing to copy; those revisions follow in a
 * children-before-parents order so that an editor still shows every revision once.
 */
import type { RevisionMap } from './revisionMap';

/** Every winning revision id of `map` once, in `alembic history` order; never fails. */
export function historyOrder(map: RevisionMap): string[] {
  const walked = map.walkRevisions('base', 'heads');
  const order = walked.ok ? walked.value.map((revision) => revision.id) : [];
  const listed = new Set(order);
  if (listed.size === map.byId.size) return order;
  for (const id of childrenFirstOrder(map)) {
    if (!listed.has(id)) {
      listed.add(id);
      order.push(id);
    }
  }
  return order;
}

/**
 * Depth-first from the childless revisions (in map order, as Alembic lists heads), a revision
 * after all of its children: its last child releases it. Revisions that no walk releases (cycle
 * members) follow in map order.
 */
function childrenFirstOrder(map: RevisionMap): string[] {
  const childrenLeft = new Map<string, number>();
  const stack: string[] = [];
  for (const revision of map.byId.values()) {
    const children = revision.children.filter((child) => map.byId.has(child)).length;
    childrenLeft.set(revision.id, children);
    if (children === 0) stack.push(revision.id);
  }
  stack.reverse();
  const order: string[] = [];
  const emitted = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    const revision = map.byId.get(id);
    if (!revision || emitted.has(id)) continue;
    emitted.add(id);
    order.push(id);
    for (const parent of [...revision.downRevisions].reverse()) {
      const left = (childrenLeft.get(parent) ?? 1) - 1;
      childrenLeft.set(parent, left);
      if (left === 0) stack.push(parent);
    }
  }
  for (const id of map.byId.keys()) if (!emitted.has(id)) order.push(id);
  return order;
}
