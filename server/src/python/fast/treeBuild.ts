/**
 * Turns the fast parser's post-order node buffer (type, from, to, size per node; size counts the
 * node's own four numbers and its descendants') into the lezer `Tree` that `Tree.build` makes of
 * it, with the same structure: runs of sibling nodes that span at most 1,024 characters become
 * one `TreeBuffer` (positions relative to the run's start, nodes in pre-order), larger nodes and
 * lone leaves become `Tree` nodes. `Tree.build` reads the buffer through a cursor object and scans
 * every run twice; reading a typed array directly does the same in about a third of the time,
 * and readers see the very tree they saw before (the fast parser's tests compare whole trees).
 * The parser never writes lezer's special records (reused nodes, context changes, repeat nodes),
 * so their cases are absent here. Unlike `Tree.build`, it does not recurse per nested node: a
 * tree 2,500 levels deep took most of the default stack there, and overflowed it from a deeper
 * caller.
 */
import { Tree, TreeBuffer, type NodeSet } from '@lezer/common';

/** lezer's `DefaultBufferLength`: the text span a `TreeBuffer` may cover. */
const MAX_BUFFER_LENGTH = 1024;
/** Past this many nested `Tree` nodes `Tree.build` keeps only the leaves of the rest (takeFlat). */
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

export function buildPostOrderTree(buffer: Int32Array, size: number, nodeSet: NodeSet, topType: number, length: number): Tree {
  // Every record lands in at most one TreeBuffer: `size` numbers are enough for all of them.
  const { store, at } = reserve(size);
  const top = new Builder(buffer, nodeSet, store, at).build(size);
  return new Tree(nodeSet.types[topType], top.children, top.positions, length);
}

/** A `Tree` node being built: its record's fields and the children taken so far (last first). */
interface OpenNode {
  type: number;
  start: number;
  end: number;
  /** The node's first record: its children's records lie between here and `next`. */
  firstRecord: number;
  /** Where the records not taken yet end (children are taken from the last one back). */
  next: number;
  /** `Tree.build`'s depth of the node (the top-level nodes are at 0, the Script at -1). */
  depth: number;
  children: (Tree | TreeBuffer)[];
  positions: number[];
}

/**
 * Takes nodes from the last record back, keeping the open `Tree` nodes on its own stack, not the
 * call stack: an expression nested a few thousand levels (a generated `1 + 1 + ...`, refused by
 * CPython past 2,992 levels but still to be read and reported) is a few thousand open nodes.
 */
class Builder {
  constructor(
    private readonly buffer: Int32Array,
    private readonly nodeSet: NodeSet,
    /** Where this tree's `TreeBuffer`s are cut from, from `stored` on. */
    private readonly store: Uint16Array,
    private stored: number,
  ) {}

  /** The top node's children, in order: every record before `size` taken. */
  build(size: number): OpenNode {
    const b = this.buffer;
    const top: OpenNode = { type: 0, start: 0, end: 0, firstRecord: 0, next: size, depth: -1, children: [], positions: [] };
    const open: OpenNode[] = [top];
    for (;;) {
      const node = open[open.length - 1];
      if (node.next > node.firstRecord) {
        const pos = node.next;
        const afterRun = this.takeRun(pos, node.start, node.firstRecord, node.children, node.positions);
        if (afterRun >= 0) {
          node.next = afterRun;
          continue;
        }
        const child: OpenNode = { type: b[pos - 4], start: b[pos - 3], end: b[pos - 2], firstRecord: pos - b[pos - 1], next: pos - 4, depth: node.depth + 1, children: [], positions: [] };
        // `Tree.build` nests `Tree` nodes 2,500 deep at most: below that it keeps only the leaves.
        if (child.depth > MAX_TREE_DEPTH) while (child.next > child.firstRecord) this.takeFlat(child);
        open.push(child);
        continue;
      }
      if (node === top) break;
      open.pop();
      const parent = open[open.length - 1];
      node.children.reverse();
      node.positions.reverse();
      parent.children.push(new Tree(this.nodeSet.types[node.type], node.children, node.positions, node.end - node.start));
      parent.positions.push(node.start - parent.start);
      parent.next = node.firstRecord;
    }
    top.children.reverse();
    top.positions.reverse();
    return top;
  }

  /**
   * When the node whose record ends at `pos` fits a `TreeBuffer`: takes it and the earlier
   * siblings that fit with it, down to `minPos` (the parent's first record), into one buffer,
   * appends that to `children` and returns where the records before the run end. -1 when the
   * node is to be a `Tree` node.
   */
  private takeRun(pos: number, parentStart: number, minPos: number, children: (Tree | TreeBuffer)[], positions: number[]): number {
    const b = this.buffer;
    const start = b[pos - 3];
    const end = b[pos - 2];
    if (end - start > MAX_BUFFER_LENGTH) return -1;
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
    if (runSize <= 4) return -1;
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

  /**
   * What `Tree.build` makes of the records under a node past its depth limit: the leaves alone,
   * from the last one back, in one `TreeBuffer` per span of at most 1,024 characters (the inner
   * nodes' records are skipped). Takes one such buffer into `node`.
   */
  private takeFlat(node: OpenNode): void {
    const b = this.buffer;
    const leaves: number[] = [];
    let stopAt = -1;
    let pos = node.next;
    for (; pos > node.firstRecord; pos -= 4) {
      if (b[pos - 1] > 4) continue;
      const start = b[pos - 3];
      if (stopAt > -1 && start < stopAt) break;
      if (stopAt < 0) stopAt = b[pos - 2] - MAX_BUFFER_LENGTH;
      leaves.push(b[pos - 4], start, b[pos - 2]);
    }
    node.next = pos;
    if (leaves.length === 0) return;
    const data = new Uint16Array((leaves.length / 3) * 4);
    const base = leaves[leaves.length - 2];
    for (let leaf = leaves.length - 3, at = 0; leaf >= 0; leaf -= 3) {
      data[at++] = leaves[leaf];
      data[at++] = leaves[leaf + 1] - base;
      data[at++] = leaves[leaf + 2] - base;
      data[at] = at + 1;
      at++;
    }
    node.children.push(new TreeBuffer(data, leaves[2] - base, this.nodeSet));
    node.positions.push(base - node.start);
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
