#!/usr/bin/env node
// The revision tree's database refresh through the language server protocol: the built server
// (dist/server.js --stdio) indexes a generated history, then, timed from the client's side of
// the pipe (JSON-RPC and serialisation included):
//   - the refresh the client makes after a run, on "Refresh Database State" and when the
//     connection changes: `alembic/current` per environment (the version table on a local
//     PostgreSQL server, a new connection each time); the tree keeps its rows, which it fetches
//     again only when the index changed (client/src/views/revisionTree.ts);
//   - a full reload: `alembic/tree` (every row) and then `alembic/current`.
// Target (issue 10): a tree refresh and `current` under 100 ms on a local server.
//
// Needs DATABASE_URL (`source test/db/start-postgres.sh`) and the build (`node esbuild.mjs`).
// Options: --revisions N (1000) --reps N (30) --out FILE (bench/results/online-tree.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateHistory } from './generate-history.mjs';
import { describeMachine } from './lib/machine.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const revisions = Number(option('--revisions', 1000));
const reps = Number(option('--reps', 30));
const out = path.resolve(option('--out', path.join(repo, 'bench', 'results', 'online-tree.md')));
const serverUrl = process.env.DATABASE_URL;
const log = (message) => process.stderr.write(`[bench:online-tree] ${message}\n`);

function psql(sql) {
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql ${sql}: ${result.stderr}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1)];
const ms = (value) => `${value.toFixed(1)} ms`;

async function main() {
  if (!serverUrl) throw new Error('DATABASE_URL is not set: `source test/db/start-postgres.sh` first');
  const serverJs = path.join(repo, 'dist', 'server.js');
  if (!fs.existsSync(serverJs)) throw new Error('dist/server.js is missing: run `node esbuild.mjs` first');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-online-tree-'));
  const child = { process: undefined };
  try {
    const history = generateHistory({ revisions, out: path.join(work, 'history'), seed: 42, locations: 3 });
    const ini = path.join(history.dir, 'alembic.ini');
    const database = 'bench_online_tree';
    psql(`DROP DATABASE IF EXISTS ${database}`);
    psql(`CREATE DATABASE ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    log(`upgrading a ${revisions}-revision history (alembic-lens upgrade heads)`);
    const upgrade = spawnSync(process.execPath, [path.join(repo, 'dist', 'cli.js'), '-c', ini, 'upgrade', 'heads', '--url', url.toString()], { encoding: 'utf8' });
    if (upgrade.status !== 0) throw new Error(`upgrade heads: ${upgrade.stderr.split('\n').slice(-5).join('\n')}`);

    child.process = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') } });
    const connection = createMessageConnection(new StreamMessageReader(child.process.stdout), new StreamMessageWriter(child.process.stdin));
    let indexed;
    const ready = new Promise((resolve) => (indexed = resolve));
    connection.onNotification('alembic/indexChanged', (params) => params.state !== 'indexing' && indexed());
    connection.onNotification(() => {});
    connection.onRequest(() => null);
    connection.listen();
    const folder = pathToFileURL(history.dir).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: {} });
    await connection.sendNotification('initialized', {});
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('no index within 120 s')), 120_000))]);
    const status = await connection.sendRequest('alembic/status', {});
    const environmentId = status.environments[0].id;
    const target = { kind: 'url', name: 'bench', url: url.toString() };

    const treeTimes = [];
    const currentTimes = [];
    const refreshTimes = [];
    let rows = [];
    log(`timing ${reps} refreshes (after 2 warm-up ones)`);
    for (let i = 0; i < reps + 2; i++) {
      const start = performance.now();
      const tree = await connection.sendRequest('alembic/tree', {});
      const afterTree = performance.now();
      const state = await connection.sendRequest('alembic/current', { environmentId, connection: target });
      const end = performance.now();
      if (!state.ok) throw new Error(`alembic/current failed: ${state.message}`);
      if (tree.environments[0].revisions.length !== revisions) throw new Error(`the tree has ${tree.environments[0].revisions.length} revisions`);
      rows = state.rows;
      if (i < 2) continue;
      treeTimes.push(afterTree - start);
      currentTimes.push(end - afterTree);
      refreshTimes.push(end - start);
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    psql(`DROP DATABASE IF EXISTS ${database}`);

    const machine = describeMachine(process.env.ALEMBIC_PYTHON || '/work/venv-alembic/bin/python');
    const verdict = (value) => (value < 100 ? 'met' : '**missed**');
    const lines = [
      '# Tree refresh through the language server',
      '',
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`node bench/online-tree.mjs\`: the built server over stdio, a generated ${revisions}-revision history (seed 42, ${rows.length} version rows after \`upgrade heads\`), PostgreSQL on 127.0.0.1; ${reps} refreshes after 2 warm-up ones, timed at the client's end of the pipe.`,
      '',
      `Machine: ${machine.cpu} (${machine.cores} cores), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, load average ${machine.loadAverage.toFixed(1)} at start (shared).`,
      '',
      '| request | median | 95th percentile | target |',
      '|---|---:|---:|---|',
      `| tree refresh of the database state: \`alembic/current\` (connect, read the version table, close; the tree keeps its rows) | ${ms(median(currentTimes))} | ${ms(p95(currentTimes))} | < 100 ms: ${verdict(median(currentTimes))} |`,
      `| \`alembic/tree\` (${revisions} revisions; fetched again only after the index changed) | ${ms(median(treeTimes))} | ${ms(p95(treeTimes))} | |`,
      `| full reload: \`alembic/tree\` then \`alembic/current\` | ${ms(median(refreshTimes))} | ${ms(p95(refreshTimes))} | < 100 ms: ${verdict(median(refreshTimes))} |`,
      '',
    ];
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, lines.join('\n'));
    process.stdout.write(lines.join('\n'));
  } finally {
    child.process?.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench/online-tree.mjs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
