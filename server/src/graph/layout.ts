/**
 * Lane layout of a revision history, drawn the way git graph tools draw commits: one row per
 * revision (children above parents), each revision a node in a lane, and every edge to a parent
 * (solid) or to a `depends_on` target (dashed) a line that runs down its own lane until the row
 * of its target.
 *
 * It is computed once, here, as a pure function of the rows, so a front end only draws: each row
 * carries everything needed to draw it alone (the lines passing it, the lines entering its node
 * from above and the lines leaving it downwards), which is what lets the editor's graph view
 * render only the rows on screen.
 *
 * Why the layout is unambiguous: at every boundary between two rows, a lane carries at most one
 * line, and all the edges a lane carries end at the same revision (edges join a lane only when
 * they have the same target and style). A line passing a row never runs through that row's node,
 * because the node sits in a lane that was freed (or newly taken) at that row. Lanes never shift
 * sideways while passing a row, so a line can be followed down by its lane alone.
 */

/** One revision, in display order (history order: heads first, bases last). */
export interface LayoutRevision {
  id: string;
  /** `down_revision` ids. Ids not among the rows (missing parents) get no edge. */
  parents: readonly string[];
  /** Resolved `depends_on` ids; drawn dashed. */
  dependencies: readonly string[];
}

/** A line in one lane: its colour index (a palette slot the front end picks) and style. */
export interface LaneLine {
  lane: number;
  color: number;
  /** A `depends_on` edge rather than a `down_revision` edge. */
  dashed: boolean;
}

export interface RowLayout {
  /** The lane of this row's node. */
  lane: number;
  /** Colour of the node: the colour of the lane it continues, or a new one for a head. */
  color: number;
  /** Lines that pass this row straight down, top to bottom in the same lane. */
  through: LaneLine[];
  /** Lines from children above, from the top of the row in `lane` to the node. */
  incoming: LaneLine[];
  /** Lines to parents below, from the node to the bottom of the row in `lane`. */
  outgoing: LaneLine[];
  /** Lanes this row draws in (highest lane used + 1). */
  width: number;
  /** Rows of far `depends_on` targets (drawn as a dashed stub naming the target, not a lane). */
  jumpsOut: number[];
  /** Rows of revisions whose far `depends_on` names this one (a dashed stub from above). */
  jumpsIn: number[];
}

/**
 * An edge that cannot be drawn downwards because its target is shown above its source (only
 * where the history itself is broken, e.g. a cycle); the front end marks both rows instead.
 */
export interface UpwardEdge {
  from: number;
  to: number;
  dashed: boolean;
}

export interface LaneLayout {
  rows: RowLayout[];
  /** The widest row's width. */
  laneCount: number;
  upward: UpwardEdge[];
}

/**
 * Rows a `depends_on` line may span before it is drawn as two stubs instead. In the generated
 * 5,000-revision history, full-length dependency lines made the graph 74 lanes wide (4 without
 * them); real projects rarely declare a dependency that far back.
 */
export const DEFAULT_MAX_DEPENDENCY_SPAN = 60;

export interface LayoutOptions {
  maxDependencySpan?: number;
}

/** What a lane carries across a row boundary. */
interface OpenLane {
  target: string;
  color: number;
  dashed: boolean;
}

/** Lays out `revisions` (in display order); never throws, whatever the graph's state. */
export function layoutLanes(revisions: readonly LayoutRevision[], options: LayoutOptions = {}): LaneLayout {
  const maxDependencySpan = options.maxDependencySpan ?? DEFAULT_MAX_DEPENDENCY_SPAN;
  const jumpsIn: number[][] = revisions.map(() => []);
  const rowOf = new Map<string, number>();
  revisions.forEach((revision, row) => {
    if (!rowOf.has(revision.id)) rowOf.set(revision.id, row);
  });
  const open: (OpenLane | undefined)[] = [];
  const rows: RowLayout[] = [];
  const upward: UpwardEdge[] = [];
  let nextColor = 0;
  let laneCount = 0;

  const freeLane = (): number => {
    const free = open.indexOf(undefined);
    return free === -1 ? open.length : free;
  };

  revisions.forEach((revision, row) => {
    const incomingLanes: number[] = [];
    for (let lane = 0; lane < open.length; lane++) if (open[lane]?.target === revision.id) incomingLanes.push(lane);
    // The node continues a solid (parent) lane when it has one, so a branch keeps its colour.
    const solid = incomingLanes.find((lane) => !open[lane]!.dashed);
    const nodeLane = solid ?? incomingLanes[0] ?? freeLane();
    const color = incomingLanes.length > 0 ? open[nodeLane]!.color : nextColor++;
    const incoming = incomingLanes.map((lane) => line(lane, open[lane]!));
    for (const lane of incomingLanes) open[lane] = undefined;
    const through: LaneLine[] = [];
    open.forEach((carried, lane) => {
      if (carried) through.push(line(lane, carried));
    });

    const outgoing: LaneLine[] = [];
    const jumpsOut: number[] = [];
    edgesOf(revision).forEach((edge, index) => {
      const targetRow = rowOf.get(edge.target);
      if (targetRow === undefined) return;
      if (targetRow <= row) {
        upward.push({ from: row, to: targetRow, dashed: edge.dashed });
        return;
      }
      // A far dependency would hold a lane over hundreds of rows: drawn as a pair of stubs (as gitk
      // draws long lines as arrows), so the graph stays as narrow as its branches.
      if (edge.dashed && targetRow - row > maxDependencySpan) {
        jumpsOut.push(targetRow);
        jumpsIn[targetRow].push(row);
        return;
      }
      // The first parent continues straight down in the node's lane and colour.
      if (index === 0 && !edge.dashed) {
        const carried: OpenLane = { target: edge.target, color, dashed: false };
        open[nodeLane] = carried;
        outgoing.push(line(nodeLane, carried));
        return;
      }
      // Join a lane already heading for the same revision in the same style: one line, one target.
      const joined = open.findIndex((carried) => carried?.target === edge.target && carried.dashed === edge.dashed);
      if (joined !== -1) {
        outgoing.push(line(joined, open[joined]!));
        return;
      }
      const lane = freeLane();
      const carried: OpenLane = { target: edge.target, color: nextColor++, dashed: edge.dashed };
      open[lane] = carried;
      outgoing.push(line(lane, carried));
    });
    while (open.length > 0 && open[open.length - 1] === undefined) open.pop();

    const width = Math.max(nodeLane, ...through.map((l) => l.lane), ...incoming.map((l) => l.lane), ...outgoing.map((l) => l.lane)) + 1;
    laneCount = Math.max(laneCount, width);
    rows.push({ lane: nodeLane, color, through, incoming, outgoing, width, jumpsOut, jumpsIn: jumpsIn[row] });
  });
  return { rows, laneCount, upward };
}

function line(lane: number, carried: OpenLane): LaneLine {
  return { lane, color: carried.color, dashed: carried.dashed };
}

/** Parents first (in `down_revision` order), then dependencies that are not also parents; each once. */
function edgesOf(revision: LayoutRevision): { target: string; dashed: boolean }[] {
  const seen = new Set<string>([revision.id]);
  const edges: { target: string; dashed: boolean }[] = [];
  for (const parent of revision.parents) {
    if (seen.has(parent)) continue;
    seen.add(parent);
    edges.push({ target: parent, dashed: false });
  }
  for (const dependency of revision.dependencies) {
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    edges.push({ target: dependency, dashed: true });
  }
  return edges;
}
