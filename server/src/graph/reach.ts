/**
 * Walks over the winning revisions with integer positions instead of object sets: the cycle
 * check walks the whole map up to four times per build and label inheritance once per labelled
 * revision, so on a long history the walks dominate. `reached` gives the same set of ids as
 * `iterateRelated`; `walkFrom` also keeps its visiting order.
 */
import type { Revision } from './revision';

export type Step = (revision: Revision) => readonly string[];

/** Along down_revision; one shared function so its edges are built once per map. */
export const DOWN_EDGES: Step = (revision) => revision.downRevisions;
/** Along down_revision and depends_on (Alembic's `_all_down_revisions`), shared like DOWN_EDGES. */
export const ALL_DOWN_EDGES: Step = (revision) => revision.allDownRevisions;

/** Along `children` (Alembic's `nextrev`), shared like DOWN_EDGES. */
export const CHILD_EDGES: Step = (revision) => revision.children;

export interface Edges {
  offsets: Int32Array;
  targets: Int32Array;
}

export class DenseRevisions {
  /** Id -> winner position; without `byId`, a map of its own. */
  private readonly position: { get(id: string): number | undefined };
  private readonly adjacency = new Map<Step, { offsets: Int32Array; targets: Int32Array }>();
  /** Edges in `step` order, for walks whose visiting order matters. */
  private readonly ordered = new Map<Step, { offsets: Int32Array; targets: Int32Array }>();
  private readonly reverses = new Map<Step, Step>();

  /**
   * `byId` (the map's winners by id, as `winners` lists them) saves building a second map of
   * every id: each winner then carries its position.
   */
  constructor(readonly winners: readonly Revision[], byId?: ReadonlyMap<string, Revision>) {
    // Plain loops here and below: they run once per rebuild over every revision, often before
    // the engine has optimized them (an editor's first edits).
    if (byId) {
      for (let index = 0; index < winners.length; index++) winners[index].densePosition = index;
      this.position = { get: (id) => byId.get(id)?.densePosition };
      return;
    }
    const position = new Map<string, number>();
    for (let index = 0; index < winners.length; index++) position.set(winners[index].id, index);
    this.position = position;
  }

  /**
   * Declares `up` as the reverse of `down` for reachability (children are exactly the winners
   * naming a parent), so its edges are derived from `down`'s without id lookups.
   */
  reverseOf(up: Step, down: Step): void {
    this.reverses.set(up, down);
  }

  /** Edges along `step` between winners (ids without a winner are skipped, as the walks do). */
  edges(step: Step, forWalkOrder = false): { offsets: Int32Array; targets: Int32Array } {
    let built = (forWalkOrder ? this.ordered : this.adjacency).get(step);
    if (built) return built;
    const reverseOf = forWalkOrder ? undefined : this.reverses.get(step);
    if (reverseOf) {
      built = reversed(this.edges(reverseOf), this.winners.length);
      this.adjacency.set(step, built);
      return built;
    }
    const offsets = new Int32Array(this.winners.length + 1);
    const targets: number[] = [];
    for (let index = 0; index < this.winners.length; index++) {
      for (const id of step(this.winners[index])) {
        const target = this.position.get(id);
        if (target !== undefined) targets.push(target);
      }
      offsets[index + 1] = targets.length;
    }
    built = { offsets, targets: Int32Array.from(targets) };
    (forWalkOrder ? this.ordered : this.adjacency).set(step, built);
    return built;
  }

  /**
   * Which winners' ids are visited by a walk from `starts` along `step`. A start that is a
   * shadowed duplicate counts under its id (it shares the winner's id) and is walked by its own
   * edges; everything else reached is a winner.
   */
  reached(starts: readonly Revision[], step: Step): Uint8Array {
    const { offsets, targets } = this.edges(step);
    const marked = new Uint8Array(this.winners.length);
    const expanded = new Uint8Array(this.winners.length);
    const todo: number[] = [];
    for (const start of starts) {
      const index = this.position.get(start.id);
      if (index === undefined) continue;
      if (this.winners[index] === start) {
        todo.push(index);
        continue;
      }
      marked[index] = 1;
      for (const id of step(start)) {
        const target = this.position.get(id);
        if (target !== undefined) todo.push(target);
      }
    }
    while (todo.length > 0) {
      const index = todo.pop()!;
      if (expanded[index]) continue;
      expanded[index] = 1;
      marked[index] = 1;
      for (let edge = offsets[index]; edge < offsets[index + 1]; edge++) {
        if (!expanded[targets[edge]]) todo.push(targets[edge]);
      }
    }
    return marked;
  }

  /**
   * The revisions `iterateRelated` visits from the winner `start` along `step`, in its order
   * (children pushed in `step` order, the last pushed walked first); undefined when `start` is
   * a shadowed duplicate, which the caller walks the ordinary way.
   */
  walkFrom(start: Revision, step: Step): Revision[] | undefined {
    const first = this.position.get(start.id);
    if (first === undefined || this.winners[first] !== start) return undefined;
    const { offsets, targets } = this.edges(step, true);
    const seen = new Uint8Array(this.winners.length);
    const out: Revision[] = [];
    const todo = [first];
    while (todo.length > 0) {
      const index = todo.pop()!;
      if (seen[index]) continue;
      seen[index] = 1;
      for (let edge = offsets[index]; edge < offsets[index + 1]; edge++) {
        if (!seen[targets[edge]]) todo.push(targets[edge]);
      }
      out.push(this.winners[index]);
    }
    return out;
  }

  /** Winner positions with every `step` target before its source; undefined when `step` edges have a cycle. */
  targetsFirst(step: Step): Int32Array | undefined {
    const { offsets, targets } = this.edges(step);
    const count = this.winners.length;
    const incoming = new Int32Array(count);
    for (let edge = 0; edge < targets.length; edge++) incoming[targets[edge]]++;
    const order = new Int32Array(count);
    let filled = 0;
    const ready: number[] = [];
    for (let index = 0; index < count; index++) if (incoming[index] === 0) ready.push(index);
    while (ready.length > 0) {
      const index = ready.pop()!;
      order[count - 1 - filled++] = index;
      for (let edge = offsets[index]; edge < offsets[index + 1]; edge++) {
        if (--incoming[targets[edge]] === 0) ready.push(targets[edge]);
      }
    }
    return filled === count ? order : undefined;
  }

  /** The position of the winner with this id. */
  indexOf(id: string): number | undefined {
    return this.position.get(id);
  }

  /**
   * Hands over edges along `step` that the caller built while it resolved the same ids (the map
   * builder links children that way), so they are not looked up a second time. They must equal
   * what `edges(step)` would build.
   */
  provideEdges(step: Step, built: Edges): void {
    this.adjacency.set(step, built);
  }

  /** Like `provideEdges`, for walks whose visiting order matters: the edges must be in `step` order. */
  provideOrderedEdges(step: Step, built: Edges): void {
    this.ordered.set(step, built);
  }

  positionOf(revision: Revision): number | undefined {
    const index = this.position.get(revision.id);
    return index !== undefined && this.winners[index] === revision ? index : undefined;
  }

  /** True when `step` edges form a cycle (a self edge included): Kahn's algorithm leaves nodes over. */
  hasCycle(step: Step): boolean {
    const { offsets, targets } = this.edges(step);
    const count = this.winners.length;
    const incoming = new Int32Array(count);
    for (let edge = 0; edge < targets.length; edge++) incoming[targets[edge]]++;
    const ready: number[] = [];
    for (let index = 0; index < count; index++) if (incoming[index] === 0) ready.push(index);
    let removed = 0;
    while (ready.length > 0) {
      const index = ready.pop()!;
      removed++;
      for (let edge = offsets[index]; edge < offsets[index + 1]; edge++) {
        if (--incoming[targets[edge]] === 0) ready.push(targets[edge]);
      }
    }
    return removed < count;
  }
}

/** The same edges pointing the other way (reachability only: the order within a node is not kept). */
export function reversed(forward: { offsets: Int32Array; targets: Int32Array }, count: number): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(count + 1);
  for (let edge = 0; edge < forward.targets.length; edge++) offsets[forward.targets[edge] + 1]++;
  for (let index = 0; index < count; index++) offsets[index + 1] += offsets[index];
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(forward.targets.length);
  for (let source = 0; source < count; source++) {
    for (let edge = forward.offsets[source]; edge < forward.offsets[source + 1]; edge++) targets[fill[forward.targets[edge]]++] = source;
  }
  return { offsets, targets };
}
