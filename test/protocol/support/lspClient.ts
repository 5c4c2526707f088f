/**
 * A tiny LSP client for protocol tests: runs the real server in-process over a pair of streams
 * (vscode-jsonrpc readers/writers on both ends), sends real LSP messages, answers the server's
 * requests like an editor would (registerCapability, workDoneProgress/create, applyEdit), and
 * records notifications. Waits are bounded polls, never fixed sleeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic, InitializeResult, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { startServer } from '../../../server/src/server';
import { temporaryFolder } from '../../support/temporaryFolders';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'workspaces');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

const temporaryFolders: string[] = [];
process.on('exit', () => {
  for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
});

/** Copies a fixture workspace into a fresh temporary folder (tests edit files on disk); removed at exit. */
export function copyFixture(name: string): string {
  const target = temporaryFolder(`lens-lsp-${name}-`);
  temporaryFolders.push(target);
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  return fs.realpathSync(target);
}

export interface StartOptions {
  root: string;
  initializationOptions?: Record<string, unknown>;
  /** Advertise workspace.applyEdit (default true); the client then writes the edit to disk. */
  applyEdit?: boolean;
  workDoneProgress?: boolean;
  /** Advertise CreateFile support in workspace edits (default true). */
  createFiles?: boolean;
}

export interface LogMessage {
  type: number;
  message: string;
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in arrival order. */
  readonly publishLog: { uri: string; diagnostics: Diagnostic[] }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: LogMessage[] = [];
  readonly appliedEdits: unknown[] = [];
  readonly progress: unknown[] = [];
  initializeResult!: InitializeResult;
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly connection: MessageConnection,
    private readonly streams: PassThrough[],
  ) {}

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves when `check` returns a truthy value (re-checked on every message), else rejects after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => void attempt();
      this.listeners.add(listener);
      attempt();
    });
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  /** Waits until the file's latest published diagnostics satisfy `check`. */
  waitForDiagnostics(file: string, what: string, check: (diagnostics: Diagnostic[]) => boolean, timeoutMs = 5000): Promise<Diagnostic[]> {
    return this.waitFor(`${what} in ${path.basename(file)}`, () => {
      const list = this.diagnostics.get(uriOf(file));
      return list && check(list) ? list : undefined;
    }, timeoutMs);
  }

  waitForIndex(timeoutMs = 10000): Promise<unknown> {
    return this.waitFor('alembic/indexChanged', () => this.notifications.find((n) => n.method === 'alembic/indexChanged'), timeoutMs);
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'python', version: 1, text } });
  }

  async change(file: string, text: string): Promise<void> {
    const changes: TextDocumentContentChangeEvent[] = [{ text }];
    await this.changeIncremental(file, changes);
  }

  async changeIncremental(file: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.notify('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges });
  }

  async close(file: string): Promise<void> {
    await this.notify('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Tells the server files changed on disk (1 created, 2 changed, 3 deleted). */
  async watched(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.notify('workspace/didChangeWatchedFiles', { changes: changes.map((change) => ({ uri: uriOf(change.file), type: change.type })) });
  }

  async dispose(): Promise<void> {
    // The shutdown answer may come after the bound on a loaded machine; disposing the connection then
    // rejects the pending request, so its rejection is handled here rather than left unhandled (which
    // fails the test file after its tests passed).
    const shutdown = this.request('shutdown', null).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([shutdown, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    this.connection.dispose();
    for (const stream of this.streams) stream.destroy();
  }
}

/** Applies a WorkspaceEdit (CreateFile + TextDocumentEdit, or changes) to disk, as an editor would after saving. */
function applyEditToDisk(edit: { documentChanges?: any[]; changes?: Record<string, any[]> }): void {
  const toPath = (uri: string): string => decodeURIComponent(new URL(uri).pathname);
  for (const change of edit.documentChanges ?? []) {
    if (change.kind === 'create') {
      fs.mkdirSync(path.dirname(toPath(change.uri)), { recursive: true });
      fs.writeFileSync(toPath(change.uri), '');
    } else if (change.textDocument) {
      const file = toPath(change.textDocument.uri);
      // Only whole-file inserts at 0:0 are produced for new files; append in order.
      const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      fs.writeFileSync(file, change.edits.map((e: { newText: string }) => e.newText).join('') + before);
    }
  }
}

export async function startClient(options: StartOptions): Promise<TestClient> {
  const clientToServer = new PassThrough();
  const serverToClient = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(clientToServer), new StreamMessageWriter(serverToClient));
  startServer(serverConnection);

  const connection = createMessageConnection(new StreamMessageReader(serverToClient), new StreamMessageWriter(clientToServer));
  const client = new TestClient(connection, [clientToServer, serverToClient]);
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
    client.diagnostics.set(params.uri, params.diagnostics);
    client.publishLog.push(params);
    client.changed();
  });
  connection.onNotification('window/logMessage', (params: LogMessage) => {
    client.logs.push(params);
    client.changed();
  });
  connection.onNotification('$/progress', (params: unknown) => {
    client.progress.push(params);
    client.changed();
  });
  connection.onNotification((method: string, params: unknown) => {
    client.notifications.push({ method, params });
    client.changed();
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('workspace/applyEdit', (params: { edit: Parameters<typeof applyEditToDisk>[0] }) => {
    client.appliedEdits.push(params.edit);
    applyEditToDisk(params.edit);
    client.changed();
    return { applied: true };
  });
  connection.listen();

  client.initializeResult = await client.request<InitializeResult>('initialize', {
    processId: null,
    rootUri: uriOf(options.root),
    workspaceFolders: [{ uri: uriOf(options.root), name: path.basename(options.root) }],
    initializationOptions: options.initializationOptions ?? {},
    capabilities: {
      workspace: {
        applyEdit: options.applyEdit ?? true,
        workspaceEdit: { documentChanges: true, resourceOperations: options.createFiles === false ? [] : ['create'] },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
      },
      window: { workDoneProgress: options.workDoneProgress ?? true },
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
    },
  });
  await client.notify('initialized', {});
  return client;
}
