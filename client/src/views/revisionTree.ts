/**
 * The "Revisions" view: one root per Alembic environment, its revisions in history order (heads
 * first), under one node per branch when the history has several (treeModel.ts, branchGroups.ts). Data comes from the server's `alembic/tree` request; this class only caches it, maps it
 * to TreeItems and keeps the `alembicLens.*` context keys that drive the welcome messages and menus.
 */
import * as vscode from 'vscode';
import type { DatabaseState, TreeResult } from '../../../server/src/protocol';
import type { Logger } from '../log';
import { buildNodes, parentNodeOf, viewOf, type EnvironmentNode, type NodeView, type RevisionNode, type TreeNode } from './treeModel';

export type TreeState = 'starting' | 'ready' | 'noEnvironment' | 'failed';

/** A node as the snapshot command returns it: what the user sees, with the children of roots and branches. */
export type SnapshotNode = NodeView & { children?: SnapshotNode[] };

export interface TreeSource {
  tree(): Promise<TreeResult>;
}

export class RevisionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: EnvironmentNode[] = [];
  private byFile = new Map<string, RevisionNode>();
  private loading: Promise<void> | undefined;
  private dirty = true;
  state: TreeState = 'starting';
  private readonly stateEmitter = new vscode.EventEmitter<TreeResult | undefined>();
  /** Fires after every reload with the new data (undefined when the request failed). */
  readonly onDidLoad = this.stateEmitter.event;

  constructor(
    private source: TreeSource | undefined,
    private readonly logger: Logger,
    /** The active connection's state of an environment: the applied / pending / current marks. */
    private readonly databaseOf: (environmentId: string) => DatabaseState | undefined = () => undefined,
  ) {
    void setContext('alembicLens.state', this.state);
  }

  attach(source: TreeSource): void {
    this.source = source;
    this.refresh();
  }

  /** Marks the data stale and asks VS Code to re-render; data is fetched once per refresh. */
  refresh(): void {
    this.dirty = true;
    this.changed.fire(undefined);
  }

  /** Fetches now (used by commands that need fresh data, e.g. reveal). */
  async load(): Promise<EnvironmentNode[]> {
    // A refresh during a fetch marks the data dirty again: fetch once more so no change is lost.
    while (this.dirty || this.loading) {
      this.loading ??= this.fetch().finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.roots;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, viewOf(node, relative, this.databaseFor(node)));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.load();
    return node.kind === 'environment' || node.kind === 'branch' ? node.children : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'revision') return parentNodeOf(node);
    return node.kind === 'environment' ? undefined : node.parent;
  }

  private databaseFor(node: TreeNode): DatabaseState | undefined {
    if (node.kind === 'message') return undefined;
    return this.databaseOf(node.environment.id);
  }

  /** Re-renders with the current database marks (no new data from the server is needed). */
  redraw(): void {
    this.changed.fire(undefined);
  }

  nodeForFile(file: string): RevisionNode | undefined {
    return this.byFile.get(normalize(file));
  }

  environmentNodes(): EnvironmentNode[] {
    return this.roots;
  }

  /** The tree as JSON, for the end-to-end tests (`alembicLens.test.treeSnapshot`). */
  async snapshot(): Promise<{ state: TreeState; roots: (SnapshotNode & { children: SnapshotNode[] })[] }> {
    this.dirty = true;
    const roots = await this.load();
    const snapshotOf = (node: TreeNode): SnapshotNode => {
      const view: SnapshotNode = { ...viewOf(node, relative, this.databaseFor(node)) };
      if (node.kind === 'environment' || node.kind === 'branch') view.children = node.children.map(snapshotOf);
      return view;
    };
    return { state: this.state, roots: roots.map(snapshotOf) as (SnapshotNode & { children: SnapshotNode[] })[] };
  }

  dispose(): void {
    this.changed.dispose();
    this.stateEmitter.dispose();
  }

  private async fetch(): Promise<void> {
    this.dirty = false;
    if (!this.source) return;
    try {
      const result = await this.source.tree();
      this.roots = buildNodes(result.environments);
      this.byFile = new Map();
      for (const root of this.roots) {
        for (const child of root.revisions) if (child.revision.file) this.byFile.set(normalize(child.revision.file), child);
      }
      this.setState(result.environments.length ? 'ready' : result.indexing ? 'starting' : 'noEnvironment');
      const multipleHeads = result.environments.some((environment) => environment.heads.length > 1);
      void setContext('alembicLens.multipleHeads', multipleHeads);
      this.stateEmitter.fire(result);
    } catch (error) {
      this.logger.error('Could not load the revision tree', error);
      this.roots = [];
      this.byFile = new Map();
      this.setState('failed');
      this.stateEmitter.fire(undefined);
    }
  }

  setState(state: TreeState): void {
    if (state === this.state) return;
    this.state = state;
    void setContext('alembicLens.state', state);
  }
}

function toTreeItem(node: TreeNode, view: NodeView): vscode.TreeItem {
  const collapsible =
    node.kind === 'environment' || node.kind === 'branch' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(view.label, collapsible);
  item.id = node.key;
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.contextValue = view.contextValue;
  item.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(view.iconColor) : undefined);
  if (view.file && node.kind === 'revision') {
    item.resourceUri = vscode.Uri.file(view.file);
    item.command = { command: 'alembicLens.openRevision', title: 'Open Revision', arguments: [node] };
  }
  return item;
}

function relative(file: string): string {
  return vscode.workspace.asRelativePath(file);
}

function normalize(file: string): string {
  return vscode.Uri.file(file).fsPath;
}

export function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
