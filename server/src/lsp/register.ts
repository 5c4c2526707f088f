/**
 * Registers every LSP handler on a connection. Each handler goes through `safeHandler` (a crash
 * is logged and answered with an empty result), waits for the initial index, and applies queued
 * edits first so it answers from the latest text.
 */
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import path from 'node:path';
import {
  CreateMergeRevisionRequestMethod,
  CreateRevisionRequestMethod,
  type CreateRevisionParams,
  type CreateRevisionResult,
  CurrentRequestMethod,
  ResetEmbeddedRequestMethod,
  RunProgressNotificationMethod,
  type RunProgressParams,
  RunRequestMethod,
  type CurrentParams,
  type ResetEmbeddedParams,
  type RunParams,
  IndexChangedNotificationMethod,
  PreviewSqlRequestMethod,
  StatusRequestMethod,
  TreeRequestMethod,
  GraphRequestMethod,
  type GraphParams,
  type CreateMergeRevisionParams,
  type CreateMergeRevisionResult,
  type IndexChangedParams,
  type PreviewSqlParams,
  type ProtocolWorkspaceEdit,
  type PreviewSqlResult,
  type ServerInitializationOptions,
  type TreeParams,
} from '../protocol';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completions } from './completion';
import { isCreatedFolderWorthDiscovering } from './createdFolders';
import { defaultDocsBaseUrl } from './diagnostics';
import { interpreterProblems, operationHover, operationSymbols } from './engine';
import { forgetReadingsDependingOn, lintProblems, setEditorLintSettings } from './lint';
import { revisionHover } from './hover';
import { indexWorkspace } from './indexing';
import { createMergeRevision } from './mergeRequest';
import { createRevisionRequest } from './revisionRequest';
import { definition, references } from './navigation';
import { previewRequest } from './preview';
import { safeHandler } from './safe';
import { LevelledLogger } from './logger';
import { applySettings, DEFAULT_SERVER_SETTINGS, sameGlobs, sameLintSettings, settingsFromConfigurationChange, validSettings, type EffectiveSettings } from './settings';
import { isConfigFile, Session } from './session';
import { documentSymbols, workspaceSymbols } from './symbols';
import { status, tree } from './tree';
import { graph } from './graphView';
import { pathToUri, uriToPath } from './uri';
import { SERVER_MERGE_COMMAND } from './codeActions';
import { OnlineService } from './online/onlineService';
import { LockTraceService } from './traceLocks';
import { TableSizeService } from './tableSizes';
import { TraceLocksRequestMethod, type TraceLocksParams } from '../protocol';

const DEFAULT_DEBOUNCE_MS = 15;

function workspaceRoots(params: InitializeParams): string[] {
  const fromFolders = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((root): root is string => !!root);
  if (fromFolders.length > 0) return fromFolders;
  const fromRoot = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
  return fromRoot ? [fromRoot] : [];
}

export function registerHandlers(connection: Connection): void {
  const logger = new LevelledLogger(connection.console);
  // Lock findings state real table sizes once the client has read a URL connection (lsp/tableSizes.ts).
  const tableSizes = new TableSizeService({ logger, republish: () => session?.publishFiles([...session.openFiles]) });
  let settings: EffectiveSettings = DEFAULT_SERVER_SETTINGS;
  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  let capabilities: ClientCapabilities = {};
  let roots: string[] = [];

  /** Waits for the index, applies queued edits, then runs `work` with the session. */
  const withSession = async <T>(work: (session: Session) => T): Promise<T> => {
    const current = session!;
    await current.ready;
    current.flush();
    return work(current);
  };
  const fileOf = (uri: string): string | undefined => uriToPath(uri);

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    roots = workspaceRoots(params);
    const options = (params.initializationOptions ?? {}) as ServerInitializationOptions;
    settings = applySettings(DEFAULT_SERVER_SETTINGS, validSettings(options.settings));
    logger.setLevel(settings.logLevel);
    setEditorLintSettings(settings.lint);
    session = new Session(
      {
        docsBaseUrl: typeof options.docsBaseUrl === 'string' && options.docsBaseUrl ? options.docsBaseUrl : defaultDocsBaseUrl(),
        debounceMs: typeof options.diagnosticsDebounceMs === 'number' ? Math.max(0, options.diagnosticsDebounceMs) : DEFAULT_DEBOUNCE_MS,
        exclude: settings.exclude,
      },
      {
        logger,
        sendDiagnostics: (file, diagnostics) => ignoreClosedConnection(() => connection.sendDiagnostics({ uri: pathToUri(file), diagnostics })),
        extraProblems: (file, env, index) => [
          ...interpreterProblems(index, env, file),
          // The safety lint (lsp/lint.ts); it asks for a republish when its parser or history is ready.
          ...tableSizes.annotate(env, lintProblems(index, env, file, () => session?.publishFiles([...session.openFiles]))),
        ],
        indexChanged: (environments, state) => {
          const notice: IndexChangedParams = { environments, state };
          ignoreClosedConnection(() => connection.sendNotification(IndexChangedNotificationMethod, notice));
        },
      },
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['"', "'"] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        executeCommandProvider: { commands: [SERVER_MERGE_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'alembic-lens' },
    };
  });

  connection.onInitialized(() => {
    const current = session!;
    /** Indexes `roots` with the current globs, then hands the index to the session. */
    const reindex = (): void => {
      const exclude = settings.exclude;
      void indexWorkspace(connection, roots, capabilities, logger, exclude).then(({ index, state }) => {
        current.indexReady(index, state);
        // `exclude` changed while this index was being built: discover again with the new globs.
        if (!sameGlobs(exclude, settings.exclude)) current.setExclude(settings.exclude);
      });
    };
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.py' },
            { globPattern: '**/*.ini' },
            { globPattern: '**/pyproject.toml' },
            // SQL files migrations read (`op.execute(open("sql/views.sql").read())`), and JSON data
            // they seed from (`json.load(f)`).
            { globPattern: '**/*.sql' },
            { globPattern: '**/*.json' },
            // Folders only announce their own deletion (a versions folder deleted while open) and
            // creation (a new environment whose files were written at once: createdFolders.ts).
            { globPattern: '**/*', kind: WatchKind.Delete | WatchKind.Create },
          ],
        })
        .catch((error: unknown) => logger.warn(`[alembic-lens] could not register file watchers: ${String(error)}`));
    }
    reindex();
    if (capabilities.workspace?.workspaceFolders) {
      // A folder added or removed: index the new set of roots, then swap (diagnostics of files
      // no longer indexed are cleared by the full republish).
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
        const added = event.added.map((folder) => uriToPath(folder.uri)).filter((root): root is string => !!root);
        roots = [...roots.filter((root) => !removed.has(root)), ...added];
        reindex();
      });
    }
  });

  // ---- settings: VS Code pushes the whole `alembicLens` section on start and on every change ----

  connection.onDidChangeConfiguration((params) => {
    const previous = settings;
    settings = applySettings(previous, settingsFromConfigurationChange(params));
    if (settings.logLevel !== previous.logLevel) logger.setLevel(settings.logLevel);
    logger.debug(`[alembic-lens] settings: logLevel ${settings.logLevel}, exclude ${JSON.stringify(settings.exclude)}, lint ${JSON.stringify(settings.lint)}`);
    if (!sameLintSettings(previous.lint, settings.lint)) {
      // The safety lint's overrides changed: the open migrations' findings are stale.
      setEditorLintSettings(settings.lint);
      session?.publishFiles([...session.openFiles]);
    }
    // The same globs again (VS Code resends every key at start and on unrelated changes): nothing to do.
    if (sameGlobs(previous.exclude, settings.exclude) || !session) return;
    logger.info(`[alembic-lens] alembicLens.exclude changed: discovering environments again`);
    session.setExclude(settings.exclude);
  });

  // ---- documents: unsaved contents take precedence over the disk ------------------------------

  documents.onDidOpen((event) => {
    const file = fileOf(event.document.uri);
    if (file && file.endsWith('.py')) session?.setOverlay(file, event.document.getText());
  });
  documents.onDidChangeContent((event) => {
    const file = fileOf(event.document.uri);
    if (file && file.endsWith('.py')) session?.setOverlay(file, event.document.getText());
  });
  documents.onDidClose((event) => {
    const file = fileOf(event.document.uri);
    if (file && file.endsWith('.py')) session?.setOverlay(file, undefined);
  });
  documents.listen(connection);

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const file = fileOf(change.uri);
      if (!file || !session) continue;
      // A file a migration read (a SQL file, a models module): its lint readings are stale.
      if (forgetReadingsDependingOn(file)) session.publishFiles([...session.openFiles]);
      if (file.endsWith('.py') || file.endsWith('.sql') || file.endsWith('.json') || isConfigFile(file)) session.fileChangedOnDisk(file);
      else if (change.type === FileChangeType.Deleted && path.extname(file) === '') session.rediscoverLater();
      else if (change.type === FileChangeType.Created && isCreatedFolderWorthDiscovering(file)) session.rediscoverLater();
    }
  });

  // ---- language features ------------------------------------------------------------------

  connection.onHover(
    safeHandler(logger, 'hover', () => null, (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        if (!file || !current.index) return null;
        const hover = revisionHover(current, file, params.position, (id) => online.states.get(id)) ?? operationHover(current.index, current.environmentFor(file), file, params.position);
        return traces.withTrace(hover, file, params.position, current.index.textOf(file));
      }),
    ),
  );
  connection.onDefinition(
    safeHandler(logger, 'definition', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        return file ? definition(current, file, params.position) : [];
      }),
    ),
  );
  connection.onReferences(
    safeHandler(logger, 'references', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        return file ? references(current, file, params.position, params.context.includeDeclaration) : [];
      }),
    ),
  );
  connection.onDocumentSymbol(
    safeHandler(logger, 'documentSymbol', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        if (!file || !current.index) return [];
        let operations: ReturnType<typeof operationSymbols> = [];
        try {
          operations = operationSymbols(current.index, current.environmentFor(file), file);
        } catch (error) {
          logger.error(`[alembic-lens] operation symbols failed: ${String(error)}`);
        }
        return documentSymbols(current, file, operations);
      }),
    ),
  );
  connection.onWorkspaceSymbol(safeHandler(logger, 'workspaceSymbol', () => [], (params) => withSession((current) => workspaceSymbols(current, params.query))));
  connection.onCompletion(
    safeHandler(logger, 'completion', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        if (!file) return [];
        const document = documents.get(params.textDocument.uri);
        const text = document?.getText() ?? current.index?.textOf(file) ?? '';
        return completions(current, file, params.position, text.split(/\r?\n/));
      }),
    ),
  );
  connection.onCodeLens(
    safeHandler(logger, 'codeLens', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        return file ? codeLenses(current, file) : [];
      }),
    ),
  );
  connection.onCodeAction(
    safeHandler(logger, 'codeAction', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        const canCreateFiles = !!capabilities.workspace?.workspaceEdit?.documentChanges && !!capabilities.workspace.workspaceEdit.resourceOperations?.includes('create');
        // The interpreter's problems and the safety lint's carry quick fixes too (plain-string-execute, the lint's rewrites).
        const env = file ? current.environmentFor(file) : undefined;
        const extra = file && current.index ? [...interpreterProblems(current.index, env, file), ...lintProblems(current.index, env, file, () => undefined)] : [];
        return file ? codeActions(current, file, params.range, canCreateFiles, extra) : [];
      }),
    ),
  );

  // ---- custom requests (protocol.ts) ----------------------------------------------------------

  connection.onRequest(TreeRequestMethod, safeHandler(logger, TreeRequestMethod, () => ({ environments: [], indexing: false }), (params: TreeParams | undefined) => withSession((current) => tree(current, params))));
  connection.onRequest(GraphRequestMethod, safeHandler(logger, GraphRequestMethod, () => ({ environments: [], indexing: false }), (params: GraphParams | undefined) => withSession((current) => graph(current, params))));
  connection.onRequest(StatusRequestMethod, async () => {
    // Status answers immediately (also while indexing), so the status bar can show progress.
    try {
      const current = session!;
      current.flush();
      return status(current);
    } catch (error) {
      logger.error(`[alembic-lens] ${StatusRequestMethod} failed: ${String(error)}`);
      return { state: 'failed', environments: [], workspaceProblemCount: 0 };
    }
  });
  connection.onRequest(
    PreviewSqlRequestMethod,
    safeHandler(logger, PreviewSqlRequestMethod, (): PreviewSqlResult => ({ sql: '', direction: 'upgrade', warnings: ['internal error while rendering the preview'] }), (params: PreviewSqlParams) =>
      withSession((current) => previewRequest(current, params)),
    ),
  );
  const createMerge = async (params: CreateMergeRevisionParams): Promise<CreateMergeRevisionResult | null> => {
    const current = session!;
    await current.ready;
    current.flush();
    // The editor applies the edit when it can (undoable, opens the file); otherwise write it here.
    const applyEdit = capabilities.workspace?.applyEdit
      ? async (edit: ProtocolWorkspaceEdit) => (await connection.workspace.applyEdit({ label: 'Create merge revision', edit: edit as never })).applied
      : undefined;
    return createMergeRevision(current, params, applyEdit);
  };
  connection.onRequest(CreateMergeRevisionRequestMethod, safeHandler(logger, CreateMergeRevisionRequestMethod, () => null, createMerge));
  connection.onRequest(
    CreateRevisionRequestMethod,
    safeHandler(
      logger,
      CreateRevisionRequestMethod,
      (): CreateRevisionResult => ({ ok: false, message: 'internal error while creating the revision (see the server log)', code: 'revision-request-invalid', log: [] }),
      (params: CreateRevisionParams) => withSession((current) => createRevisionRequest(current, params, online)),
    ),
  );
  connection.onExecuteCommand(
    safeHandler(logger, 'executeCommand', () => null, async (params) => {
      if (params.command !== SERVER_MERGE_COMMAND) return null;
      const args = (params.arguments?.[0] ?? {}) as CreateMergeRevisionParams;
      return createMerge({ environmentId: args.environmentId, heads: args.heads, apply: true });
    }),
  );

  // ---- online requests (lsp/online/): the database state and runs against a database ---------

  // Online runs and lock traces both wait for the first index and take pending edits first.
  const readySession = async () => {
    const current = session!;
    await current.ready;
    current.flush();
    return current;
  };
  const sendRunProgress = (params: RunProgressParams) =>
    ignoreClosedConnection(() => connection.sendNotification(RunProgressNotificationMethod, params));

  const online = new OnlineService({
    session: readySession,
    logger,
    progress: sendRunProgress,
  });
  connection.onRequest(CurrentRequestMethod, async (params: CurrentParams) => {
    const state = await online.current(params);
    if (state.ok) tableSizes.remember(params.environmentId, params.connection);
    return state;
  });
  connection.onRequest(RunRequestMethod, (params: RunParams, token) => online.run(params, token));
  connection.onRequest(ResetEmbeddedRequestMethod, (params: ResetEmbeddedParams) => online.resetEmbedded(params));

  // ---- the lock trace (lsp/traceLocks.ts): alembic/traceLocks, its hovers and inlay hints ------

  const traces = new LockTraceService({
    session: readySession,
    logger,
    progress: sendRunProgress,
    findings: (index, env, file) => lintProblems(index, env, file, () => undefined),
    refreshInlayHints: () => {
      if (capabilities.workspace?.inlayHint?.refreshSupport) ignoreClosedConnection(() => connection.languages.inlayHint.refresh());
    },
  });
  connection.onRequest(TraceLocksRequestMethod, (params: TraceLocksParams) => traces.trace(params));
  connection.languages.inlayHint.on(
    safeHandler(logger, 'inlayHint', () => [], (params) =>
      withSession((current) => {
        const file = fileOf(params.textDocument.uri);
        return file ? traces.inlayHints(file, current.index?.textOf(file)) : [];
      }),
    ),
  );

  connection.onShutdown(async () => {
    session?.dispose();
    await traces.dispose();
    await online.dispose();
  });
}

/**
 * Background work (the idle-time parse of unopened files, a run's progress) can still publish after
 * the client has gone: the connection then throws (synchronously, "Connection is closed") or rejects
 * the send. Nobody is left to tell, and an unhandled rejection would take the process down (or, in
 * tests, fail the file after it passed).
 */
function ignoreClosedConnection(send: () => Promise<void>): void {
  try {
    send().catch(() => undefined);
  } catch {
    // The connection is closed or disposed: see above.
  }
}
