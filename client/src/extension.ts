/**
 * Entry point: wiring only. Activation is cheap and silent: the revision tree, commands and the
 * SQL preview provider are registered (registrations cost nothing visible), then the workspace is
 * checked for Alembic. Only when it uses Alembic does the view appear and the server start.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { IndexChangedNotificationMethod, RunProgressNotificationMethod, type DatabaseState, type IndexChangedParams, type RunProgressParams } from '../../server/src/protocol';
import { ALL_COMMANDS } from './commands/index';
import type { CommandContext } from './commands/types';
import { registerCommands } from './commands/wrap';
import { activeConnectionLabel, type ConnectionServices } from './connections/activeConnection';
import { HostConfirmations } from './connections/hostConfirmations';
import { PasswordStore } from './connections/passwords';
import { SecretRegistry } from './connections/secretRegistry';
import { DatabaseStates } from './online/databaseStates';
import { refreshDatabaseStates } from './online/refreshStates';
import { RunProgressRouter } from './online/runProgress';
import { ConnectionStatus } from './views/connectionStatus';
import { detectAlembicWorkspace } from './detect';
import { Logger } from './log';
import { AlembicRequests } from './requests';
import { createLanguageClient } from './server';
import { SettingsStore } from './settingsStore';
import { SQL_SCHEME, SqlPreviewProvider } from './sqlPreview';
import { RevisionTreeProvider, setContext } from './views/revisionTree';
import { StatusBar } from './views/statusBar';
import { REVISION_GRAPH_VIEW_ID, RevisionGraphView, type GraphViewTestHooks } from './graph/graphView';

/** What `activate` returns: used by the end-to-end tests (and by nothing else). */
export interface AlembicLensApi {
  /** Milliseconds from the start of `activate` to the language server being launched; undefined if not launched. */
  activationMs(): number | undefined;
  /** CPU milliseconds the extension host spent in that interval (less noisy than wall time on a busy machine). */
  activationCpuMs(): number | undefined;
  /** Milliseconds since the start of `activate` at each step (to find what is slow). */
  activationMarks(): Record<string, number>;
  /** Resolves once the language server runs (false when the workspace has no Alembic or the start failed). */
  ready(): Promise<boolean>;
  statusBarText(): string;
  /** The Python language status item's text ("Alembic: ready", ...). */
  languageStatusText(): string;
  /** Replaces the confirmation dialog (modal dialogs cannot be answered from an extension test). */
  setConfirm(confirm: CommandContext['confirm']): void;
  /** Replaces the input box (passwords, a protected connection's name), for the same reason. */
  setInput(input: CommandContext['input']): void;
  /** Replaces the quick pick (which head, which environment), so a test can answer it. */
  setPick(pick: CommandContext['pick']): void;
  /** The connection status bar item's text (`$(database) dev: 1a2b3c4d`). */
  connectionStatusText(): string;
  /** The last database state read for an environment. */
  databaseState(environmentId: string): DatabaseState | undefined;
  /** The extension's log folder (the output channel's file is below its parent). */
  logFolder(): string;
  /** The revision graph webview, answered from its DOM. */
  graphView(): GraphViewTestHooks;
}

let languageClient: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AlembicLensApi> {
  const activationStart = performance.now();
  const cpuStart = process.cpuUsage();
  let activationMs: number | undefined;
  let activationCpuMs: number | undefined;
  const marks: Record<string, number> = {};
  const mark = (name: string): void => {
    marks[name] = Number((performance.now() - activationStart).toFixed(1));
  };
  let requests: AlembicRequests | undefined;
  let statusBar: StatusBar | undefined;
  let resolveReady!: (running: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (resolveReady = resolve));

  const secrets = new SecretRegistry();
  const logger = new Logger(undefined, (text) => secrets.redact(text));
  mark('logger');
  const settings = new SettingsStore();
  logger.setLevel(settings.current.logLevel);
  const databases = new DatabaseStates();
  const runProgress = new RunProgressRouter();
  const tree = new RevisionTreeProvider(undefined, logger, (id) => databases.get(id));
  mark('settings');
  const treeView = vscode.window.createTreeView('alembicLens.revisions', { treeDataProvider: tree, showCollapseAll: true });
  mark('treeView');
  const previews = new SqlPreviewProvider(() => requests);
  const commandContext: CommandContext = {
    extension: context,
    logger,
    tree,
    treeView,
    previews,
    requests: () => requests,
    client: () => languageClient,
    confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
    input: async (options) => vscode.window.showInputBox(options),
    pick: async (items, options) => {
      if (options.canPickMany) return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
      const one = await vscode.window.showQuickPick(items, { ...options, canPickMany: false });
      return one ? [one] : undefined;
    },
    connections: undefined as unknown as ConnectionServices,
    databases,
    runProgress,
  };
  // The prompts go through the command context, so a test's replacement reaches them too.
  commandContext.connections = {
    extension: context,
    secrets,
    passwords: new PasswordStore(context.secrets),
    hosts: new HostConfirmations(context.globalState),
    confirm: (message, detail, action) => commandContext.confirm(message, detail, action),
    input: (options) => commandContext.input(options),
  };
  const connectionStatus = new ConnectionStatus();
  const graphView = new RevisionGraphView(context.extensionUri, () => (requests ? languageClient : undefined), tree, databases, logger);
  context.subscriptions.push(
    logger,
    settings,
    databases,
    connectionStatus,
    tree,
    treeView,
    previews,
    vscode.workspace.registerTextDocumentContentProvider(SQL_SCHEME, previews),
    ...registerCommands(commandContext, ALL_COMMANDS),
    graphView,
    vscode.window.registerWebviewViewProvider(REVISION_GRAPH_VIEW_ID, graphView),
  );

  const start = async (reason: string): Promise<void> => {
    if (languageClient) return;
    void setContext('alembicLens.active', true);
    logger.info(`Alembic workspace detected (${reason}); starting the language server`);
    statusBar = new StatusBar();
    statusBar.setEnabled(settings.current['statusBar.enabled']);
    context.subscriptions.push(statusBar);
    mark('statusBar');
    const client = createLanguageClient(context, logger, settings);
    mark('clientCreated');
    languageClient = client;
    activationMs = performance.now() - activationStart;
    const cpu = process.cpuUsage(cpuStart);
    activationCpuMs = (cpu.user + cpu.system) / 1000;
    logger.info(`Activation took ${activationMs.toFixed(1)} ms (${activationCpuMs.toFixed(1)} ms CPU) before the server start`);
    try {
      await client.start();
    } catch (error) {
      logger.error('The language server did not start', error);
      tree.setState('failed');
      statusBar.setIndexing('failed');
      resolveReady(false);
      return;
    }
    requests = new AlembicRequests(client);
    context.subscriptions.push(
      client.onNotification(RunProgressNotificationMethod, (params: RunProgressParams) => runProgress.deliver(params)),
      client.onNotification(IndexChangedNotificationMethod, (params: IndexChangedParams) => {
        logger.debug(`Index changed (${params.state}): ${params.environments.join(', ')}`);
        statusBar?.setIndexing(params.state);
        if (params.state === 'failed') tree.setState('failed');
        reloadTree();
        previews.refreshAll();
      }),
    );
    tree.attach(requests);
    reloadTree();
    resolveReady(true);
    void refreshQuietly();
  };

  /** Reads the database state where no question is needed (embedded, a stored password); never prompts. */
  const refreshQuietly = async (): Promise<void> => {
    if (!vscode.workspace.isTrusted || !requests) return;
    try {
      await refreshDatabaseStates(commandContext, false);
    } catch (error) {
      logger.debug(`Database state not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const renderConnection = (): void => {
    const environment = statusBar?.environmentForActiveEditor();
    connectionStatus.render(activeConnectionLabel(), environment ? databases.get(environment.id) : undefined, !!languageClient && settings.current['statusBar.enabled']);
  };

  const reloadTree = (): void => {
    tree.refresh();
    void tree.load();
  };

  context.subscriptions.push(
    tree.onDidLoad((result) => {
      treeView.message = result?.indexing && result.environments.length ? 'Indexing… the tree may be incomplete.' : undefined;
      statusBar?.setTree(result);
      renderConnection();
      updateEditorContext(tree);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => {
      statusBar?.render();
      renderConnection();
      updateEditorContext(tree);
    }),
    settings.onDidChange((current) => {
      logger.setLevel(current.logLevel);
      statusBar?.setEnabled(current['statusBar.enabled']);
      refreshCodeLenses();
      renderConnection();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('alembicLens.activeConnection') && !event.affectsConfiguration('alembicLens.connections')) return;
      // Marks read from another database describe nothing now.
      databases.clear();
      void refreshQuietly();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      refreshCodeLenses();
      renderConnection();
      void refreshQuietly();
    }),
    databases.onDidChange(() => {
      tree.redraw();
      renderConnection();
    }),
  );

  mark('registered');
  const detection = await detectAlembicWorkspace(settings.current.exclude);
  mark('detected');
  if (detection.found) {
    await start(detection.reason);
  } else {
    // Stay silent, but start as soon as an Alembic config appears in this workspace.
    logger.debug('No Alembic environment in this workspace; waiting for one');
    tree.setState('noEnvironment');
    const watcher = vscode.workspace.createFileSystemWatcher('**/{alembic.ini,pyproject.toml}', false, false, true);
    const recheck = async (): Promise<void> => {
      const again = await detectAlembicWorkspace(settings.current.exclude);
      if (again.found) {
        watcher.dispose();
        await start(again.reason);
      }
    };
    context.subscriptions.push(watcher, watcher.onDidCreate(recheck), watcher.onDidChange(recheck));
    resolveReady(false);
  }

  return {
    activationMs: () => activationMs,
    activationCpuMs: () => activationCpuMs,
    activationMarks: () => marks,
    ready: () => ready,
    statusBarText: () => statusBar?.text ?? '',
    languageStatusText: () => statusBar?.languageText ?? '',
    setConfirm: (confirm) => (commandContext.confirm = confirm),
    setInput: (input) => (commandContext.input = input),
    setPick: (pick) => (commandContext.pick = pick),
    connectionStatusText: () => connectionStatus.text,
    databaseState: (environmentId) => databases.get(environmentId),
    logFolder: () => context.logUri.fsPath,
    graphView: () => graphView.testHooks,
  };
}

export async function deactivate(): Promise<void> {
  const client = languageClient;
  languageClient = undefined;
  if (client) await client.stop();
}

function updateEditorContext(tree: RevisionTreeProvider): void {
  const uri = vscode.window.activeTextEditor?.document.uri;
  void setContext('alembicLens.isMigrationFile', uri?.scheme === 'file' && tree.nodeForFile(uri.fsPath) !== undefined);
}

/** Asks VS Code to re-query CodeLens after `alembicLens.codeLens.enabled` changes (the middleware filters). */
function refreshCodeLenses(): void {
  const feature = languageClient?.getFeature('textDocument/codeLens') as unknown as
    | { getAllProviders?: () => Iterable<{ onDidChangeCodeLensEmitter: vscode.EventEmitter<void> }> }
    | undefined;
  for (const provider of feature?.getAllProviders?.() ?? []) provider.onDidChangeCodeLensEmitter.fire();
}
