// Bad input never takes the server down: garbage buffers, edit storms, thousands of problems,
// a versions folder that disappears, and the one error wrapper every handler goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Hover } from 'vscode-languageserver/node';
import type { StatusResult, TreeResult } from '../../server/src/protocol';
import { safeHandler } from '../../server/src/lsp/safe';
import { ThrottledRunner } from '../../server/src/lsp/scheduler';
import { copyFixture, startClient, uriOf } from './support/lspClient';
import { FakeClock } from '../support/fakeClock';

test('the handler wrapper logs a crash and answers with the empty result', async () => {
  const logged: string[] = [];
  const logger = { error: (m: string) => logged.push(m), warn: () => {}, info: () => {} };
  const crashing = safeHandler(logger, 'hover', () => null, (): string => {
    throw new Error('boom');
  });
  assert.equal(await crashing(), null);
  assert.match(logged[0], /hover failed: Error: boom/);
  const rejecting = safeHandler(logger, 'tree', () => [], async (): Promise<number[]> => Promise.reject(new Error('later')));
  assert.deepEqual(await rejecting(), []);
  assert.equal(logged.length, 2);
});

test('the throttle runs the first change after a quiet period on the next tick', () => {
  const clock = new FakeClock();
  let runs = 0;
  const runner = new ThrottledRunner(50, () => runs++, clock);
  runner.request();
  assert.deepEqual(clock.pendingDelays(), [0], 'nothing ran before: no wait');
  assert.equal(runs, 0, 'not inside request() itself');
  clock.advance(0);
  assert.equal(runs, 1);
  clock.advance(1000);
  runner.request();
  assert.deepEqual(clock.pendingDelays(), [0], 'a change after a quiet period does not wait');
  runner.dispose();
});

test('a storm inside the minimum interval is one batch, run when the interval has passed', () => {
  const clock = new FakeClock();
  let runs = 0;
  const runner = new ThrottledRunner(50, () => runs++, clock);
  runner.request();
  clock.advance(0);
  clock.advance(10);
  for (let i = 0; i < 100; i++) runner.request();
  assert.deepEqual(clock.pendingDelays(), [40], 'one timer, for the rest of the 50 ms interval');
  clock.advance(39);
  assert.equal(runs, 1, 'not before the interval has passed');
  clock.advance(1);
  assert.equal(runs, 2, 'the whole storm ran as one batch');
  assert.equal(runner.pending, false);
  runner.dispose();
});

test('after a slow batch the throttle backs off for as long as the batch took', () => {
  const clock = new FakeClock();
  let runs = 0;
  const runner = new ThrottledRunner(50, () => {
    runs++;
    clock.spend(200);
  }, clock);
  runner.request();
  clock.advance(0);
  runner.request();
  assert.deepEqual(clock.pendingDelays(), [200], 'the gap after a 200 ms batch is 200 ms, not the 50 ms interval');
  clock.advance(199);
  assert.equal(runs, 1);
  clock.advance(1);
  assert.equal(runs, 2);
  runner.dispose();
});

test('flush runs pending work at once and cancels its timer; dispose cancels it', () => {
  const clock = new FakeClock();
  let runs = 0;
  const runner = new ThrottledRunner(50, () => runs++, clock);
  runner.request();
  clock.advance(0);
  runner.request();
  assert.equal(runner.pending, true);
  runner.flush();
  assert.equal(runs, 2);
  assert.deepEqual(clock.pendingDelays(), [], 'the timer went with the flush');
  runner.request();
  runner.dispose();
  clock.advance(1000);
  assert.equal(runs, 2, 'a disposed runner runs nothing');
});

test('garbage in an open migration is reported and the server keeps answering', async () => {
  const root = copyFixture('linear');
  const third = path.join(root, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(third, '\u0000\u0001 def (((( revision = \n"""unterminated');
    await client.waitForDiagnostics(third, 'a problem for the garbage', (list) => list.length > 0);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(third) }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
    for (const method of ['textDocument/documentSymbol', 'textDocument/codeLens']) {
      assert.ok(Array.isArray(await client.request(method, { textDocument: { uri: uriOf(third) } })), method);
    }
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.state, 'ready');
  } finally {
    await client.dispose();
  }
});

test('a hundred edits in a burst settle on the last text without starving requests', async () => {
  const root = copyFixture('linear');
  const third = path.join(root, 'migrations', 'versions', '3c4d5e6f7081_add_email_index.py');
  const original = fs.readFileSync(third, 'utf8');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    await client.open(third, original);
    const broken = original.replace("= '2b3c4d5e6f70'", "= 'ffffffffffff'");
    for (let i = 0; i < 100; i++) void client.change(third, i % 2 === 0 ? broken : original);
    await client.change(third, broken);
    await client.waitForDiagnostics(third, 'the missing parent of the last edit', (list) => list.some((d) => d.severity === 1));
    // Not starved: a request sent after the burst is answered (the runner's and waitFor's own
    // timeouts guard against a hang; speed is measured in bench/lsp.mjs).
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.ok(tree.environments[0].revisions.length >= 1);
    const publishes = client.publishLog.filter((entry) => entry.uri === uriOf(third)).length;
    assert.ok(publishes < 60, `a burst is batched (${publishes} publishes)`);
  } finally {
    await client.dispose();
  }
});

test('a versions folder that disappears leaves an empty environment, not a dead server', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  const client = await startClient({ root });
  try {
    await client.waitForIndex();
    const files = fs.readdirSync(versions).map((name) => path.join(versions, name));
    fs.rmSync(versions, { recursive: true });
    await client.watched([{ file: versions, type: 3 }, ...files.map((file) => ({ file, type: 3 as const }))]);
    const tree = await client.request<TreeResult>('alembic/tree', {});
    assert.equal(tree.environments.length, 1);
    assert.deepEqual(tree.environments[0].revisions, []);
    const status = await client.request<StatusResult>('alembic/status', {});
    assert.equal(status.state, 'ready');
  } finally {
    await client.dispose();
  }
});

test('hundreds of broken files publish diagnostics for files that are not open', async () => {
  const root = copyFixture('linear');
  const versions = path.join(root, 'migrations', 'versions');
  for (let i = 0; i < 300; i++) {
    const id = `e${String(i).padStart(11, '0')}`;
    fs.writeFileSync(path.join(versions, `${id}_x.py`), `"""x\n\nRevision ID: wrong\nRevises: nothing\n"""\nrevision = '${id}'\ndown_revision = 'missing${i}'\n`);
  }
  const client = await startClient({ root });
  try {
    await client.waitForIndex(30000);
    const withProblems = await client.waitFor('300 files with diagnostics', () => {
      let files = 0;
      for (const list of client.diagnostics.values()) if (list.length > 0) files++;
      return files >= 300 ? files : undefined;
    }, 30000);
    assert.ok(withProblems >= 300);
  } finally {
    await client.dispose();
  }
});
