/**
 * The messages between the revision graph's webview (media/graph/graph.ts) and its host
 * (graphView.ts), declared once for both. Types only: the webview bundle imports nothing else.
 */
import type { GraphLaneLine } from '../../../server/src/protocol';

export type DatabaseMark = 'current' | 'applied' | 'pending';

/** One revision as the webview draws it: no file paths (the host opens files by id). */
export interface GraphViewRow {
  id: string;
  environmentId: string;
  message: string;
  labels: string[];
  lane: number;
  color: number;
  through: GraphLaneLine[];
  incoming: GraphLaneLine[];
  outgoing: GraphLaneLine[];
  jumpsOut: string[];
  jumpsIn: string[];
  upwardEdges: string[];
  head: boolean;
  base: boolean;
  branchpoint: boolean;
  mergepoint: boolean;
  problemCount: number;
  /** From the active connection's database state; absent when none was read. */
  database?: DatabaseMark;
}

export interface GraphViewEnvironment {
  id: string;
  name: string;
  laneCount: number;
  heads: string[];
  problemCount: number;
  /** `connection: current revisions`, when the database state is known. */
  database?: string;
  rows: GraphViewRow[];
}

export interface GraphViewModel {
  environments: GraphViewEnvironment[];
  indexing: boolean;
  /** Shown instead of the graph (no server yet, request failed, no environment). */
  message?: string;
}

/** What the webview's DOM holds now, read from the DOM itself (for the end-to-end tests). */
export interface GraphDomState {
  totalRows: number;
  /** Row elements present in the DOM (virtualised: only the ones near the viewport). */
  rowsInDom: number;
  /** Each row element in the DOM, top to bottom. */
  rows: { id: string; index: number; lane: number; lines: number; text: string; context: string | null }[];
  laneCount: number;
  scrollTop: number;
  viewportHeight: number;
  selectedId?: string;
  /** Computed stroke colour of the first node drawn: proof the theme variables apply. */
  nodeColor?: string;
  /** The body's computed background (the theme's `--vscode-sideBar-background`). */
  background: string;
  /** A random id of this page: a new one after the view was hidden and shown again. */
  pageId: string;
  /** The line above the rows (revisions, heads, problems, database). */
  summary: string;
  /** The page's Content-Security-Policy, as its meta element declares it. */
  csp: string;
  /** Every script `src` and stylesheet `href` of the page (all must be the extension's own files). */
  resources: string[];
}

export interface ScrollMeasurement {
  frames: number;
  /** Intervals between animation frames while scrolling, in ms. */
  medianFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Time spent rendering rows per frame, in ms. */
  meanRenderMs: number;
  maxRenderMs: number;
  /** Most row elements in the DOM at any frame. */
  maxRowsInDom: number;
  pixelsScrolled: number;
  /** Frames longer than 50 ms (a visible stutter). */
  longFrames: number;
}

export type HostToWebview =
  | { type: 'model'; model: GraphViewModel }
  | { type: 'reveal'; revisionId: string }
  | { type: 'probe'; requestId: number }
  | { type: 'clickRow'; requestId: number; revisionId: string }
  | { type: 'contextMenuRow'; requestId: number; revisionId: string }
  | { type: 'pressKey'; requestId: number; key: string }
  | { type: 'measureScroll'; requestId: number; frames: number; pixelsPerFrame: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'open'; environmentId: string; revisionId: string }
  | { type: 'rendered'; totalRows: number }
  | { type: 'answer'; requestId: number; value: unknown };
