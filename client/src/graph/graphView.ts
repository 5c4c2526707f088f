/**
 * The "Revision Graph" view: a webview beside the revision tree that draws the history in lanes.
 * The server lays the graph out (`alembic/graph`); this host adds the database marks, sends the
 * rows to the webview, opens a revision's file on click, and reloads when the index or the
 * database state changes (only while the view is visible: a hidden view reloads when shown).
 * Right-click actions are the tree's own commands, contributed to `webview/context`; each row
 * carries `data-vscode-context` with its revision and environment ids.
 */
import * as vscode from 'vscode';
import { GraphRequestMethod, type GraphResult } from '../../../server/src/protocol';
import type { Logger } from '../log';
import type { DatabaseStates } from '../online/databaseStates';
import type { RevisionTreeProvider } from '../views/revisionTree';
import { graphHtml } from './graphHtml';
import { graphViewModel } from './graphModel';
import type { GraphDomState, GraphViewModel, HostToWebview, ScrollMeasurement, WebviewToHost } from './messages';

export const REVISION_GRAPH_VIEW_ID = 'alembicLens.graph';

/** Reloads wait this long after the last change: an edit burst re-indexes several times. */
const RELOAD_DEBOUNCE_MS = 150;

/** What the end-to-end tests ask of the view, answered by the webview from its DOM. */
export interface GraphViewTestHooks {
  /** Rows sent to the webview by the last reload (0 before the first). */
  modelRows(): number;
  /** Resolves with what the webview's DOM holds now (bounded by `timeoutMs`). */
  probe(timeoutMs?: number): Promise<GraphDomState>;
  /** Clicks a row's element in the webview (a DOM click, through the row's own handler). */
  clickRow(revisionId: string, timeoutMs?: number): Promise<boolean>;
  /** Opens a row's context menu in the webview (a DOM `contextmenu` event on the row). */
  contextMenuRow(revisionId: string, timeoutMs?: number): Promise<boolean>;
  /** A key pressed in the focused graph (a DOM `keydown` on its list): ArrowDown, Enter, ... */
  pressKey(key: string, timeoutMs?: number): Promise<boolean>;
  /** Scrolls by `pixelsPerFrame` on each of `frames` animation frames and reports frame times. */
  measureScroll(frames: number, pixelsPerFrame: number, timeoutMs?: number): Promise<ScrollMeasurement>;
}

interface GraphRequester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

export class RevisionGraphView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private stale = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rows = 0;
  private nextRequestId = 1;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private webviewReady = false;
  private lastModel: GraphViewModel | undefined;
  /** Migration file -> its revision id, from the last reload (the editor's file selects its row). */
  private revisionByFile = new Map<string, string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: () => GraphRequester | undefined,
    tree: RevisionTreeProvider,
    private readonly databases: DatabaseStates,
    private readonly logger: Logger,
  ) {
    // The tree reloads after every index change: the graph follows it.
    this.disposables.push(
      tree.onDidLoad(() => this.invalidate()),
      databases.onDidChange(() => this.invalidate()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const revisionId = editor?.document.uri.scheme === 'file' ? this.revisionByFile.get(editor.document.uri.fsPath) : undefined;
        if (revisionId) this.reveal(revisionId);
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.webviewReady = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = graphHtml(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.stale) this.invalidate();
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
      }),
    );
  }

  /** Selects and shows `revisionId`'s row (the active editor's migration); nothing when hidden. */
  reveal(revisionId: string): void {
    this.post({ type: 'reveal', revisionId });
  }

  readonly testHooks: GraphViewTestHooks = {
    modelRows: () => this.rows,
    probe: (timeoutMs = 10_000) => this.ask<GraphDomState>((requestId) => ({ type: 'probe', requestId }), timeoutMs),
    clickRow: (revisionId, timeoutMs = 10_000) => this.ask<boolean>((requestId) => ({ type: 'clickRow', requestId, revisionId }), timeoutMs),
    contextMenuRow: (revisionId, timeoutMs = 10_000) => this.ask<boolean>((requestId) => ({ type: 'contextMenuRow', requestId, revisionId }), timeoutMs),
    pressKey: (key, timeoutMs = 10_000) => this.ask<boolean>((requestId) => ({ type: 'pressKey', requestId, key }), timeoutMs),
    measureScroll: (frames, pixelsPerFrame, timeoutMs = 60_000) => this.ask<ScrollMeasurement>((requestId) => ({ type: 'measureScroll', requestId, frames, pixelsPerFrame }), timeoutMs),
  };

  private invalidate(): void {
    this.stale = true;
    if (!this.view?.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
  }

  private async reload(): Promise<void> {
    const server = this.server();
    this.stale = false;
    let model: GraphViewModel;
    if (!server) {
      model = { environments: [], indexing: true, message: 'Starting the Alembic language server…' };
    } else {
      try {
        const result = await server.sendRequest<GraphResult>(GraphRequestMethod, {});
        this.revisionByFile = new Map(result.environments.flatMap((environment) => environment.revisions.flatMap((revision) => (revision.file ? [[revision.file, revision.id] as const] : []))));
        model = graphViewModel(result, (id) => this.databases.get(id), (file) => vscode.workspace.asRelativePath(file));
      } catch (error) {
        this.logger.warn(`The revision graph could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
        model = { environments: [], indexing: false, message: 'The revision graph could not be loaded; the output channel has the details.' };
      }
    }
    this.rows = model.environments.reduce((count, environment) => count + environment.rows.length, 0);
    this.lastModel = model;
    if (this.webviewReady) this.post({ type: 'model', model });
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        if (this.lastModel && !this.stale) this.post({ type: 'model', model: this.lastModel });
        else this.invalidate();
        return;
      case 'open':
        void vscode.commands.executeCommand('alembicLens.openRevision', { revisionId: message.revisionId, environmentId: message.environmentId });
        return;
      case 'rendered':
        this.logger.debug(`Revision graph drew ${message.totalRows} rows`);
        return;
      case 'answer': {
        const resolve = this.pending.get(message.requestId);
        this.pending.delete(message.requestId);
        resolve?.(message.value);
        return;
      }
    }
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private ask<T>(build: (requestId: number) => HostToWebview, timeoutMs: number): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`the revision graph did not answer within ${timeoutMs} ms (is the view open?)`));
      }, timeoutMs);
      this.pending.set(requestId, (value) => {
        clearTimeout(timer);
        resolve(value as T);
      });
      this.post(build(requestId));
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
