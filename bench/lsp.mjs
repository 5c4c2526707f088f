#!/usr/bin/env node
// Language server benchmark: the bundled server over stdio against a generated history.
//   1. time from `initialize` to the first complete diagnostics (the server sends
//      `alembic/indexChanged` right after publishing every file's diagnostics);
//   2. median and 95th percentile time from an edit (`didChange` of a head's down_revision to a
//      missing id, and back) to the republished diagnostics of that file.
// Prints one JSON object. Targets: < 2000 ms, < 50 ms median, < 100 ms p95.
//
// Usage: node bench/lsp.mjs [--revisions 5000] [--edits 40] [--workspace DIR] [--keep] [--profile DIR]
// (--profile writes a V8 CPU profile of the server process into DIR.)
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const esbuild = require('esbuild');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const revisions = Number(option('revisions', '5000'));
const edits = Number(option('edits', '40'));
const keep = process.argv.includes('--keep');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-bench-lsp-'));
const workspace = option('workspace', undefined) ?? path.join(scratch, 'workspace');

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value) => (value === null ? null : Math.round(value * 10) / 10);

/** Bundles the server the way esbuild.mjs does, so the benchmark measures what ships. */
async function bundleServer() {
  const outfile = path.join(scratch, 'server.js');
  await esbuild.build({
    entryPoints: [path.join(repo, 'server/src/server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    external: ['vscode', 'pg-native', 'sql-formatter'],
  });
  // As in dist/: sql-formatter is a bundle of its own next to the server, loaded on first use.
  await esbuild.build({
    entryPoints: [path.join(repo, 'server/src/engine/offline/sqlFormatterEntry.ts')],
    outfile: path.join(scratch, 'sqlFormatter.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

function waitFor(listeners, check, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const listener = () => {
      const value = check();
      if (value) {
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(value);
      }
    };
    listeners.add(listener);
    listener();
  });
}

async function main() {
  if (!option('workspace', undefined)) {
    execFileSync(process.execPath, [path.join(repo, 'bench/generate-history.mjs'), '--revisions', String(revisions), '--out', workspace], { stdio: 'ignore' });
  }
  const serverJs = await bundleServer();
  // Starts the clock after spawning is done, so process start-up is part of neither number.
  const profileDir = option('profile', undefined);
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const listeners = new Set();
  const notify = () => [...listeners].forEach((listener) => listener());
  const latest = new Map();
  let publishCount = 0;
  let indexChanged = 0;
  let firstIndexState;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    latest.set(params.uri, { diagnostics: params.diagnostics, at: performance.now() });
    publishCount++;
    notify();
  });
  connection.onNotification('alembic/indexChanged', (params) => {
    indexChanged++;
    firstIndexState ??= params.state;
    notify();
  });
  connection.onNotification(() => {});
  connection.onRequest(() => null);
  connection.listen();

  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
    capabilities: {},
  });
  await connection.sendNotification('initialized', {});
  await waitFor(listeners, () => indexChanged > 0, 120000, 'the initial index');
  const initialMs = performance.now() - started;
  const initialPublishes = publishCount;

  const status = await connection.sendRequest('alembic/status', {});
  const env = status.environments[0];
  const tree = await connection.sendRequest('alembic/tree', { environmentId: env.id });
  const head = tree.environments[0].revisions.find((revision) => revision.markers.head && revision.downRevisions.length === 1);
  const file = head.file;
  const uri = pathToFileURL(file).href;
  const original = fs.readFileSync(file, 'utf8');
  const parent = head.downRevisions[0];
  const broken = original.replace(new RegExp(`(down_revision[^=\\n]*=\\s*)(["'])${parent}\\2`), '$1$2000000000000$2');
  if (broken === original) throw new Error(`could not find down_revision of ${head.id} in ${file}`);

  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: original } });
  const isBroken = () => (latest.get(uri)?.diagnostics ?? []).some((d) => d.severity === 1);
  const timings = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const makeBroken = i % 2 === 0;
    // Edits come at a typing cadence (one per 100 ms), so each timing is one edit's latency,
    // not the length of a queue the benchmark itself built up.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: makeBroken ? broken : original }] });
    await waitFor(listeners, () => {
      const entry = latest.get(uri);
      return entry && entry.at >= sent && isBroken() === makeBroken;
    }, 30000, `diagnostics after edit ${i}`);
    timings.push(performance.now() - sent);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const result = {
    benchmark: 'lsp',
    revisions: tree.environments[0].revisions.length,
    heads: env.heads.length,
    initialState: firstIndexState,
    initialDiagnosticsMs: round(initialMs),
    initialPublishes,
    edits: timings.length,
    editRepublishMedianMs: round(percentile(sorted, 50)),
    editRepublishP95Ms: round(percentile(sorted, 95)),
    editRepublishMaxMs: round(sorted[sorted.length - 1] ?? null),
    targets: { initialDiagnosticsMs: 2000, editRepublishMedianMs: 50, editRepublishP95Ms: 100 },
  };
  result.meetsTargets =
    result.initialDiagnosticsMs < 2000 && result.editRepublishMedianMs < 50 && result.editRepublishP95Ms < 100;
  console.log(JSON.stringify(result, null, 2));

  await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
  await connection.sendNotification('exit');
  // Give the server a moment to exit on its own (it writes its CPU profile on exit).
  await new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill(); resolve(); }, 3000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
  });
  connection.dispose();
}

main()
  .catch((error) => {
    console.error(`bench/lsp.mjs failed: ${error?.stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!keep) fs.rmSync(scratch, { recursive: true, force: true });
  });
