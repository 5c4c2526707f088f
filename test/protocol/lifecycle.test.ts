// The server's life cycle over a real LSP connection: initialize, the initial index with
// progress, the custom tree/status requests, and workspaces that are empty or broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { StatusResult, TreeResult } from '../../server/src/protocol';
import { copyFixture, startClient, uriOf } from './support/lspClient';

test('initialize announces the features and indexing reports progress and finishes', async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.hoverProvider && caps.definitionProvider && caps.referencesProvider);
    assert.ok(caps.documentSymbolProvider && caps.workspaceSymbolProvider && caps.codeActionProvider);
    assert.ok(caps.completionProvider && caps.codeLensProvider);
    await client.waitForIndex();
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.deepEqual([kinds[0], kinds[kinds.length - 1]], ['begin', 'end']);
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.state, 'ready');
    assert.equal(status.environments.length, 1);
    assert.deepEqual(status.environments[0].heads, ['3c4d5e6f7081']);
    assert.equal(status.environments[0].revisionCount, 3);
  } finally {
    await client.dispose();
  }
});

test('alembic/tree lists revisions from head to base with markers, files and lines', async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.equal(tree.indexing, false);
    const [env] = tree.environments;
    assert.equal(env.name, 'alembic');
    assert.equal(env.configFile, path.join(root, 'alembic.ini'));
    assert.deepEqual(env.revisions.map((r) => r.id), ['3c4d5e6f7081', '2b3c4d5e6f70', '1a2b3c4d5e6f']);
    const [head, middle, base] = env.revisions;
    assert.equal(head.markers.head, true);
    assert.equal(head.markers.base, false);
    assert.equal(base.markers.base, true);
    assert.equal(middle.message, 'add orders');
    assert.equal(middle.createDate, '2026-01-06 11:30:00.000000');
    assert.deepEqual(middle.downRevisions, ['1a2b3c4d5e6f']);
    assert.deepEqual(middle.children, ['3c4d5e6f7081']);
    assert.equal(path.basename(middle.file!), '2b3c4d5e6f70_add_orders.py');
    assert.equal(middle.line, 14);
    assert.equal(middle.problemCount, 0);
  } finally {
    await client.dispose();
  }
});

test('a workspace without Alembic answers every request with empty results', async () => {
  const root = copyFixture('no-alembic');
  const client = await startClient({ root });
  try {
    const status = await client.request<StatusResult>('alembic/status', {});
    await client.waitForIndex();
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.deepEqual(tree.environments, []);
    assert.equal((await client.request<StatusResult>('alembic/status', {})).environments.length, 0);
    assert.ok(['indexing', 'ready'].includes(status.state));
    const symbols = await client.request<unknown[]>('workspace/symbol', { query: '' });
    assert.deepEqual(symbols, []);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: `file://${root}/app.py` }, position: { line: 0, character: 1 } });
    assert.equal(hover, null);
  } finally {
    await client.dispose();
  }
});

test('a broken alembic.ini is reported, and the server keeps answering', async () => {
  const root = copyFixture('broken-ini');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.state, 'ready');
    assert.ok(status.workspaceProblemCount >= 1, 'the broken ini is a workspace problem');
    const diagnostics = await client.waitForDiagnostics(path.join(root, 'alembic.ini'), 'an ini diagnostic', (list) => list.length > 0);
    assert.ok(diagnostics[0].code);
  } finally {
    await client.dispose();
  }
});

test('a workspace folder added later is indexed and its problems published', async () => {
  const empty = copyFixture('no-alembic');
  const client = await startClient({ root: empty });
  try {
    await client.waitForIndex();
    const added = copyFixture('linear');
    const third = path.join(added, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
    fs.writeFileSync(third, fs.readFileSync(third, 'utf8').replace("= '2b3c4d5e6f70'", "= 'ffffffffffff'"));
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(added), name: 'linear' }], removed: [] } });
    await client.waitForDiagnostics(third, 'the missing parent in the added folder', (list) => list.some((d) => d.severity === 1));
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.environments.length, 1);
    assert.equal(status.environments[0].configFile, path.join(added, 'alembic.ini'));
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(added), name: 'linear' }] } });
    await client.waitForDiagnostics(third, 'cleared once the folder is removed', (list) => list.length === 0);
  } finally {
    await client.dispose();
  }
});

test('the server entry runs over stdio and exits cleanly on shutdown + exit', async () => {
  const root = copyFixture('linear');
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../server/src/server.ts'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let indexed = false;
  connection.onNotification('alembic/indexChanged', () => {
    indexed = true;
  });
  connection.onRequest(() => null);
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const result = (await connection.sendRequest('initialize', { processId: null, rootUri: uriOf(root), capabilities: {} })) as { serverInfo?: { name: string } };
    assert.equal(result.serverInfo?.name, 'alembic-lens');
    await connection.sendNotification('initialized', {});
    const status = (await connection.sendRequest('alembic/status', {})) as StatusResult;
    assert.ok(['indexing', 'ready'].includes(status.state));
    const tree = (await connection.sendRequest('alembic/tree', {})) as TreeResult;
    assert.equal(tree.environments[0].revisions.length, 3);
    assert.ok(indexed || tree.indexing === false);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    // The 10 s race only turns a server that never exits into a clear failure instead of a hung
    // run; it is a guard, not a speed claim (the assertion is the exit code).
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 10000))]);
    assert.equal(code, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('alembic.ini removed and restored on disk: environments are rediscovered', async () => {
  const root = copyFixture('linear');
  const ini = path.join(root, 'alembic.ini');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const text = fs.readFileSync(ini, 'utf8');
    fs.rmSync(ini);
    await client.watched([{ file: ini, type: 3 }]);
    assert.equal((await client.request<StatusResult>('alembic/status', {})).environments.length, 0);
    fs.writeFileSync(ini, text);
    await client.watched([{ file: ini, type: 1 }]);
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.environments.length, 1);
    assert.deepEqual(status.environments[0].heads, ['3c4d5e6f7081']);
  } finally {
    await client.dispose();
  }
});

test('a folder created with a whole environment in it, announced only as a new folder, is discovered', async () => {
  const root = copyFixture('linear');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    assert.equal((await client.request<StatusResult>('alembic/status', {})).environments.length, 1);
    // As a watcher reports a copied or generated project: the folder's creation, not its files'.
    const second = path.join(root, 'second-project');
    fs.cpSync(copyFixture('linear'), second, { recursive: true });
    await client.watched([{ file: second, type: 1 }]);
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.environments.length, 2, JSON.stringify(status.environments.map((env) => env.configFile)));
    assert.ok(status.environments.some((env) => env.configFile === path.join(second, 'alembic.ini')));

    // A new folder that holds no environment, and one in a folder tools fill by the thousand,
    // change nothing.
    fs.mkdirSync(path.join(root, 'notes'));
    fs.mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    await client.watched([
      { file: path.join(root, 'notes'), type: 1 },
      { file: path.join(root, 'node_modules', 'pkg'), type: 1 },
    ]);
    assert.equal((await client.request<StatusResult>('alembic/status', {})).environments.length, 2);
  } finally {
    await client.dispose();
  }
});
