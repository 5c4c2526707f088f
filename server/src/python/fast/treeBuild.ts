/**
 * Turns the fast parser's post-order node buffer (type, from, to, size per node; size counts the
 * node's own four numbers and its descendants') into the lezer `Tree` that `Tree.build` makes of
 * it, with the same structure: runs of sibling nodes that span at most 1,024 characters become
 * one `TreeBuffer` (positions relative to the run's start, nodes in pre-order), larger nodes and
 * lone leaves become `Tree` nodes. `Tree.build` reads the buffer through a cursor object and scans
 * every run twice; reading a typed array directly does the same in about a third of the time,
 * and readers see the very tree they saw before (the fast parser's tests compare whole trees).
 * The parser never writes lezer's special records (reused nodes, context changes, repeat nodes),
 * so their cases are absent here.
 */
import { Tree, TreeBuffer, type NodeSet } from '@lezer/common';

/** lezer's `DefaultBufferLength`: the text span a `TreeBuffer` may cover. */
const MAX_BUFFER_LENGTH = 1024;
/** Past this many nested `Tree` nodes `Tree.build` flattens the rest; such text is left to it. */
const MAX_TREE_DEPTH = 2500;

/**
 * Room the `TreeBuffer`s of consecutive trees are cut from (each a view of its own part): one
 * allocation outside V8's heap per slab instead of one per run or per file, which cost more than
 * copying the nodes. A slab lives as long as one of its trees does: 64 KB serve about eight
 * migrations, so a tree kept alone keeps at most that much beside itself.
 */
const SLAB_NUMBERS = 1 << 15;
let slab = new Uint16Array(SLAB_NUMBERS);
let slabUsed = 0;

/** `numbers` consecutive free numbers: where they start in the returned array. */
function reserve(numbers: number): { store: Uint16Array; at: number } {
  if (numbers > SLAB_NUMBERS) return { store: new Uint16Array(numbers), at: 0 };
  if (slabUsed + numbers > SLAB_NUMBERS) {
    slab = new Uint16Array(SLAB_NUMBERS);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += numbers;
  return { store: slab, at };
}

/** Thrown when the tree is nested deeper than this builder follows; the caller uses `Tree.build`. */
export class TooDeep {}

export function buildPostOrderTree(buffer: Int32Array, size: number, nodeSet: NodeSet, topType: number, length: number): Tree {
  // Every record lands in at most one TreeBuffer: `size` numbers are enough for all of them.
  const { store, at } = reserve(size);
  const builder = new Builder(buffer, nodeSet, store, at);
  const children: (Tree | TreeBuffer)[] = [];
  const positions: number[] = [];
  for (let pos = size; pos > 0; ) pos = builder.take(pos, 0, 0, children, positions, 0);
  children.reverse();
  positions.reverse();
  return new Tree(nodeSet.types[topType], children, positions, length);
}

class Builder {
  constructor(
    private readonly buffer: Int32Array,
    private readonly nodeSet: NodeSet,
    /** Where this tree's `TreeBuffer`s are cut from, from `stored` on. */
    private readonly store: Uint16Array,
    private stored: number,
  ) {}

  /**
   * Takes the node that ends at `pos` (and, when it fits a `TreeBuffer`, the earlier siblings that
   * fit with it, down to `minPos`, the parent's first record), appends it to `children` (which
   * are collected last first) and returns where the records before it end.
   */
  take(pos: number, parentStart: number, minPos: number, children: (Tree | TreeBuffer)[], positions: number[], depth: number): number {
    const b = this.buffer;
    const start = b[pos - 3];
    const end = b[pos - 2];
    const size = b[pos - 1];
    if (end - start <= MAX_BUFFER_LENGTH) {
      const minStart = end - MAX_BUFFER_LENGTH;
      let runStart = start;
      let from = pos;
      while (from > minPos) {
        const nodeSize = b[from - 1];
        if (from - nodeSize < minPos || b[from - 3] < minStart) break;
        runStart = b[from - 3];
        from -= nodeSize;
      }
      const runSize = pos - from;
      // `Tree.build` puts a lone leaf in a `Tree` of its own, not in a buffer.
      if (runSize > 4) {
        const data = new Uint16Array(this.store.buffer, this.stored * 2, runSize);
        this.stored += runSize;
        for (let at = pos, writeEnd = runSize; at > from; ) {
          const nodeSize = b[at - 1];
          copyNode(b, at, data, writeEnd, runStart);
          at -= nodeSize;
          writeEnd -= nodeSize;
        }
        children.push(new TreeBuffer(data, end - runStart, this.nodeSet));
        positions.push(runStart - parentStart);
        return from;
      }
    }
    const firstRecord = pos - size;
    if (size > 4 && depth > MAX_TREE_DEPTH) throw new TooDeep();
    const localChildren: (Tree | TreeBuffer)[] = [];
    const localPositions: number[] = [];
    for (let at = pos - 4; at > firstRecord; ) at = this.take(at, start, firstRecord, localChildren, localPositions, depth + 1);
    localChildren.reverse();
    localPositions.reverse();
    children.push(new Tree(this.nodeSet.types[b[pos - 4]], localChildren, localPositions, end - start));
    positions.push(start - parentStart);
    return firstRecord;
  }
}

/**
 * Writes the node whose post-order record ends at `pos`, and its descendants, into `out` in
 * pre-order (type, from, to, index after its last descendant), so that the subtree ends at
 * `writeEnd`: a subtree takes as many numbers in either order, so every position is known
 * without a second pass.
 */
function copyNode(b: Int32Array, pos: number, out: Uint16Array, writeEnd: number, base: number): void {
  const size = b[pos - 1];
  const at = writeEnd - size;
  out[at] = b[pos - 4];
  out[at + 1] = b[pos - 3] - base;
  out[at + 2] = b[pos - 2] - base;
  out[at + 3] = writeEnd;
  const firstRecord = pos - size;
  for (let child = pos - 4, childEnd = writeEnd; child > firstRecord; ) {
    const childSize = b[child - 1];
    if (childSize === 4) {
      const leaf = childEnd - 4;
      out[leaf] = b[child - 4];
      out[leaf + 1] = b[child - 3] - base;
      out[leaf + 2] = b[child - 2] - base;
      out[leaf + 3] = childEnd;
    } else {
      copyNode(b, child, out, childEnd, base);
    }
    child -= childSize;
    childEnd -= childSize;
  }
}
