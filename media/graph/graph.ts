/**
 * The revision graph webview: draws the rows the host sends (laid out in lanes by the server),
 * virtualised so that only the rows near the viewport exist in the DOM, whatever the history's
 * length. Row elements are recycled as they scroll out; a scroll redraws at most once per frame.
 *
 * Inline styles are forbidden by the page's CSP, so positions are set through the CSSOM
 * (`element.style`), which the CSP allows, and colours come from classes in graph.css.
 */
import type { GraphDomState, GraphViewModel, GraphViewRow, HostToWebview, ScrollMeasurement, WebviewToHost } from '../../client/src/graph/messages';

/** Where the user was, kept by VS Code while the view is hidden (its page is then discarded). */
interface SavedState {
  scrollTop: number;
  selectedId?: string;
}

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void; getState(): SavedState | undefined; setState(state: SavedState): void };

const vscode = acquireVsCodeApi();
const ROW_HEIGHT = 22;
const LANE_WIDTH = 12;
const NODE_RADIUS = 4;
/** Rows drawn above and below the visible ones, so a scroll rarely shows an empty row. */
const OVERSCAN = 8;
const PALETTE_SIZE = 8;
const SVG = 'http://www.w3.org/2000/svg';

type Line = { kind: 'environment'; text: string } | { kind: 'revision'; row: GraphViewRow };

const viewport = document.getElementById('viewport') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLDivElement;
const summary = document.getElementById('summary') as HTMLDivElement;

let lines: Line[] = [];
let rowIndexById = new Map<string, number>();
let graphWidth = LANE_WIDTH;
let selected = -1;
/** Row index -> its element, for the rows in the DOM now. */
const drawn = new Map<number, HTMLDivElement>();
const spare: HTMLDivElement[] = [];
let frameRequested = false;
/** Milliseconds each render took (read by the scroll measurement). */
let renderTimes: number[] | undefined;
let maxRowsInDom = 0;
/** Restored once, when the first rows arrive after the page was (re)created. */
let saved = vscode.getState();
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Tells one page from the next: the view's page is discarded while it is hidden. */
const pageId = Math.random().toString(36).slice(2);

function setModel(model: GraphViewModel): void {
  const previousId = selected >= 0 ? idAt(selected) : saved?.selectedId;
  lines = [];
  const showEnvironments = model.environments.length > 1;
  for (const environment of model.environments) {
    if (showEnvironments) lines.push({ kind: 'environment', text: environment.name });
    for (const row of environment.rows) lines.push({ kind: 'revision', row });
  }
  rowIndexById = new Map();
  lines.forEach((line, index) => {
    if (line.kind === 'revision' && !rowIndexById.has(line.row.id)) rowIndexById.set(line.row.id, index);
  });
  graphWidth = (Math.max(1, ...model.environments.map((environment) => environment.laneCount)) + 1) * LANE_WIDTH;
  selected = previousId !== undefined ? (rowIndexById.get(previousId) ?? -1) : -1;
  summary.textContent = model.message ?? summaryText(model);
  canvas.style.height = `${lines.length * ROW_HEIGHT}px`;
  if (saved && lines.length > 0) {
    viewport.scrollTop = saved.scrollTop;
    saved = undefined;
  }
  for (const element of drawn.values()) recycle(element);
  drawn.clear();
  render();
  vscode.postMessage({ type: 'rendered', totalRows: lines.length });
}

function summaryText(model: GraphViewModel): string {
  return model.environments
    .map((environment) => {
      const parts = [`${environment.rows.length} revisions`, `${environment.heads.length} head${environment.heads.length === 1 ? '' : 's'}`];
      if (environment.problemCount > 0) parts.push(`${environment.problemCount} problem${environment.problemCount === 1 ? '' : 's'}`);
      if (environment.database) parts.push(environment.database);
      return `${model.environments.length > 1 ? `${environment.name}: ` : ''}${parts.join(' · ')}`;
    })
    .join(' | ') + (model.indexing ? ' (indexing…)' : '');
}

function idAt(index: number): string | undefined {
  const line = lines[index];
  return line?.kind === 'revision' ? line.row.id : undefined;
}

function scheduleRender(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    render();
  });
}

/** Puts the rows near the viewport in the DOM and takes the others out. */
function render(): void {
  const started = performance.now();
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length - 1, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  for (const [index, element] of drawn) {
    if (index < first || index > last) {
      recycle(element);
      drawn.delete(index);
    }
  }
  for (let index = first; index <= last; index++) {
    const existing = drawn.get(index);
    if (existing) {
      existing.classList.toggle('selected', index === selected);
      continue;
    }
    const element = spare.pop() ?? document.createElement('div');
    fillRow(element, index);
    canvas.appendChild(element);
    drawn.set(index, element);
  }
  maxRowsInDom = Math.max(maxRowsInDom, drawn.size);
  renderTimes?.push(performance.now() - started);
}

function recycle(element: HTMLDivElement): void {
  element.remove();
  if (spare.length < 64) spare.push(element);
}

function fillRow(element: HTMLDivElement, index: number): void {
  const line = lines[index];
  element.replaceChildren();
  element.className = 'row';
  element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  element.dataset.index = String(index);
  element.id = `row-${index}`;
  if (line.kind === 'environment') {
    element.classList.add('environment');
    element.textContent = line.text;
    element.removeAttribute('role');
    element.removeAttribute('data-vscode-context');
    delete element.dataset.id;
    return;
  }
  const row = line.row;
  element.dataset.id = row.id;
  element.dataset.lane = String(row.lane);
  element.setAttribute('role', 'option');
  element.setAttribute('aria-selected', String(index === selected));
  element.classList.toggle('selected', index === selected);
  // The tree's context menu actions (package.json `webview/context`) receive these ids.
  element.setAttribute('data-vscode-context', JSON.stringify({ webviewSection: 'revision', revisionId: row.id, environmentId: row.environmentId, preventDefaultContextMenuItems: true }));
  element.setAttribute('aria-label', ariaLabel(row));
  element.appendChild(drawLanes(row));
  element.appendChild(span('id', row.id));
  for (const label of row.labels) element.appendChild(span('badge label', label));
  if (row.head) element.appendChild(span('badge head', 'head'));
  if (row.base) element.appendChild(span('badge base', 'base'));
  if (row.database) element.appendChild(span(`badge ${row.database}`, row.database === 'current' ? '● current' : row.database === 'applied' ? '✓' : '○'));
  if (row.problemCount > 0) element.appendChild(span('badge problem', `⚠ ${row.problemCount}`));
  for (const target of row.jumpsOut) element.appendChild(jump(`⤓ ${target.slice(0, 8)}`, target, `depends on ${target} (further down)`));
  for (const source of row.jumpsIn) element.appendChild(jump(`⤒ ${source.slice(0, 8)}`, source, `${source} (further up) depends on this revision`));
  for (const target of row.upwardEdges) element.appendChild(span('badge problem', `↑ ${target.slice(0, 8)}`, `parent ${target} is listed above its child: the history is broken here`));
  element.appendChild(span('message', row.message));
}

function ariaLabel(row: GraphViewRow): string {
  const words = [row.id, row.message];
  if (row.labels.length) words.push(`labels ${row.labels.join(', ')}`);
  if (row.head) words.push('head');
  if (row.base) words.push('base');
  if (row.mergepoint) words.push('merge point');
  if (row.branchpoint) words.push('branch point');
  if (row.database) words.push(row.database === 'pending' ? 'not applied' : row.database);
  if (row.problemCount) words.push(`${row.problemCount} problems`);
  return words.join(', ');
}

function span(className: string, text: string, title?: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

function jump(text: string, target: string, title: string): HTMLSpanElement {
  const element = span('badge jump', text, title);
  element.dataset.jump = target;
  return element;
}

const laneX = (lane: number): number => lane * LANE_WIDTH + LANE_WIDTH / 2 + 2;

/** The row's slice of the graph: passing lines, lines into and out of the node, the node. */
function drawLanes(row: GraphViewRow): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(graphWidth));
  svg.setAttribute('height', String(ROW_HEIGHT));
  const middle = ROW_HEIGHT / 2;
  const node = laneX(row.lane);
  for (const line of row.through) svg.appendChild(path(`M${laneX(line.lane)} 0V${ROW_HEIGHT}`, line.color, line.dashed));
  for (const line of row.incoming) svg.appendChild(path(curve(laneX(line.lane), 0, node, middle), line.color, line.dashed));
  for (const line of row.outgoing) svg.appendChild(path(curve(node, middle, laneX(line.lane), ROW_HEIGHT), line.color, line.dashed));
  // Far dependencies: a short dashed stub below (to a target further down) or above the node.
  if (row.jumpsOut.length) svg.appendChild(path(`M${node} ${middle}L${node + LANE_WIDTH / 2} ${ROW_HEIGHT}`, row.color, true));
  if (row.jumpsIn.length) svg.appendChild(path(`M${node + LANE_WIDTH / 2} 0L${node} ${middle}`, row.color, true));
  const color = `c${row.color % PALETTE_SIZE}`;
  const classes = ['node', color];
  if (row.head) classes.push('head');
  if (row.mergepoint) classes.push('merge');
  if (row.problemCount > 0 || row.upwardEdges.length > 0) classes.push('problem');
  if (row.database === 'pending') classes.push('pending');
  let shape: SVGElement;
  if (row.base) {
    shape = document.createElementNS(SVG, 'rect');
    shape.setAttribute('x', String(node - NODE_RADIUS));
    shape.setAttribute('y', String(middle - NODE_RADIUS));
    shape.setAttribute('width', String(NODE_RADIUS * 2));
    shape.setAttribute('height', String(NODE_RADIUS * 2));
  } else {
    shape = document.createElementNS(SVG, 'circle');
    shape.setAttribute('cx', String(node));
    shape.setAttribute('cy', String(middle));
    shape.setAttribute('r', String(row.head || row.database === 'current' ? NODE_RADIUS + 1 : NODE_RADIUS));
  }
  shape.setAttribute('class', classes.join(' '));
  svg.appendChild(shape);
  return svg;
}

/** Straight when the lane does not change, else an S-curve (as git graph tools draw a lane change). */
function curve(x1: number, y1: number, x2: number, y2: number): string {
  if (x1 === x2) return `M${x1} ${y1}V${y2}`;
  const bend = (y2 - y1) / 2;
  return `M${x1} ${y1}C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`;
}

function path(d: string, color: number, dashed: boolean): SVGPathElement {
  const element = document.createElementNS(SVG, 'path');
  element.setAttribute('d', d);
  element.setAttribute('class', `l c${color % PALETTE_SIZE}${dashed ? ' dashed' : ''}`);
  return element;
}

// ---- selection, keyboard and mouse --------------------------------------------------------------

/** Saves the position a little after scrolling stops (not on every frame). */
function saveSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => vscode.setState({ scrollTop: viewport.scrollTop, selectedId: idAt(selected) }), 200);
}

function select(index: number, reveal: boolean): void {
  if (index < 0 || index >= lines.length) return;
  selected = index;
  saveSoon();
  for (const [drawnIndex, element] of drawn) {
    element.classList.toggle('selected', drawnIndex === index);
    if (element.getAttribute('role') === 'option') element.setAttribute('aria-selected', String(drawnIndex === index));
  }
  viewport.setAttribute('aria-activedescendant', `row-${index}`);
  if (reveal) {
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
    render();
  }
}

function open(index: number): void {
  const line = lines[index];
  if (line?.kind === 'revision') vscode.postMessage({ type: 'open', environmentId: line.row.environmentId, revisionId: line.row.id });
}

function rowIndexOf(target: EventTarget | null): number | undefined {
  const element = (target as Element | null)?.closest?.('.row') as HTMLElement | null;
  return element?.dataset.index !== undefined ? Number(element.dataset.index) : undefined;
}

viewport.addEventListener('scroll', () => {
  scheduleRender();
  saveSoon();
}, { passive: true });
window.addEventListener('resize', scheduleRender);
viewport.addEventListener('click', (event) => {
  const jumpTarget = (event.target as HTMLElement).dataset?.jump;
  if (jumpTarget !== undefined) {
    const index = rowIndexById.get(jumpTarget);
    if (index !== undefined) select(index, true);
    return;
  }
  const index = rowIndexOf(event.target);
  if (index === undefined || lines[index]?.kind !== 'revision') return;
  select(index, false);
  open(index);
});
viewport.addEventListener('contextmenu', (event) => {
  // VS Code shows the menu for the row's data-vscode-context; selecting shows which row it is for.
  const index = rowIndexOf(event.target);
  if (index !== undefined) select(index, false);
});
viewport.addEventListener('keydown', (event) => {
  const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
  const moves: Record<string, () => number> = {
    ArrowDown: () => selected + 1,
    ArrowUp: () => Math.max(0, selected - 1),
    PageDown: () => Math.min(lines.length - 1, selected + page),
    PageUp: () => Math.max(0, selected - page),
    Home: () => 0,
    End: () => lines.length - 1,
  };
  const move = moves[event.key];
  if (move) {
    event.preventDefault();
    select(Math.max(0, move()), true);
  } else if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open(selected);
  }
});

// ---- messages from the host, including the end-to-end tests' probes ----------------------------

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'model':
      setModel(message.model);
      return;
    case 'reveal': {
      const index = rowIndexById.get(message.revisionId);
      if (index !== undefined) select(index, true);
      return;
    }
    case 'probe':
      answer(message.requestId, domState());
      return;
    case 'clickRow':
      answer(message.requestId, dispatchOnRow(message.revisionId, 'click'));
      return;
    case 'contextMenuRow':
      answer(message.requestId, dispatchOnRow(message.revisionId, 'contextmenu'));
      return;
    case 'pressKey':
      viewport.focus();
      answer(message.requestId, !viewport.dispatchEvent(new KeyboardEvent('keydown', { key: message.key, bubbles: true, cancelable: true })));
      return;
    case 'measureScroll':
      void measureScroll(message.frames, message.pixelsPerFrame).then((value) => answer(message.requestId, value));
      return;
  }
});

function answer(requestId: number, value: unknown): void {
  vscode.postMessage({ type: 'answer', requestId, value });
}

/** Read from the DOM, not from the model: what is actually drawn. */
function domState(): GraphDomState {
  const elements = [...canvas.querySelectorAll<HTMLDivElement>('.row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
  const firstNode = canvas.querySelector('.node');
  return {
    totalRows: lines.length,
    rowsInDom: elements.length,
    rows: elements
      .filter((element) => element.dataset.id !== undefined)
      .map((element) => ({
        id: element.dataset.id!,
        index: Number(element.dataset.index),
        lane: Number(element.dataset.lane),
        lines: element.querySelectorAll('svg path').length,
        text: element.textContent ?? '',
        context: element.getAttribute('data-vscode-context'),
      })),
    laneCount: Math.round(graphWidth / LANE_WIDTH) - 1,
    scrollTop: viewport.scrollTop,
    viewportHeight: viewport.clientHeight,
    selectedId: idAt(selected),
    nodeColor: firstNode ? getComputedStyle(firstNode).stroke : undefined,
    background: getComputedStyle(document.body).backgroundColor,
    summary: summary.textContent ?? '',
    pageId,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    resources: [...document.querySelectorAll('script[src], link[href]')].map((element) => element.getAttribute('src') ?? element.getAttribute('href') ?? ''),
  };
}

/** Scrolls the row into view and sends its element a mouse event, as a real click would reach it. */
function dispatchOnRow(revisionId: string, type: 'click' | 'contextmenu'): boolean {
  const index = rowIndexById.get(revisionId);
  if (index === undefined) return false;
  viewport.scrollTop = Math.max(0, index * ROW_HEIGHT - viewport.clientHeight / 2);
  render();
  const message = drawn.get(index)?.querySelector('.message');
  if (!message) return false;
  const box = message.getBoundingClientRect();
  message.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, button: type === 'click' ? 0 : 2, clientX: box.left + 4, clientY: box.top + box.height / 2 }));
  return true;
}

/** Scrolls one step per animation frame and records the frame intervals and render times. */
async function measureScroll(frames: number, pixelsPerFrame: number): Promise<ScrollMeasurement> {
  viewport.scrollTop = 0;
  render();
  await nextFrame();
  renderTimes = [];
  maxRowsInDom = drawn.size;
  const intervals: number[] = [];
  const start = viewport.scrollTop;
  let previous = await nextFrame();
  for (let frame = 0; frame < frames; frame++) {
    viewport.scrollTop += pixelsPerFrame;
    const now = await nextFrame();
    intervals.push(now - previous);
    previous = now;
  }
  const renders = renderTimes;
  renderTimes = undefined;
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    frames: intervals.length,
    medianFrameMs: round(at(0.5)),
    p95FrameMs: round(at(0.95)),
    maxFrameMs: round(sorted[sorted.length - 1] ?? 0),
    meanRenderMs: round(renders.reduce((sum, value) => sum + value, 0) / Math.max(1, renders.length)),
    maxRenderMs: round(Math.max(0, ...renders)),
    maxRowsInDom,
    pixelsScrolled: Math.round(viewport.scrollTop - start),
    longFrames: intervals.filter((interval) => interval > 50).length,
  };
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

vscode.postMessage({ type: 'ready' });
