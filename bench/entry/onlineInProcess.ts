// In-process figures for bench/online.mjs, printed as one JSON line: `current` as the language
// server runs it (the environment already loaded; a connection opened, the version table read,
// closed), and how long the embedded database takes to be ready (the first sandbox on a machine:
// an empty XDG cache, so it comes from the template shipped in dist/; a further new sandbox, which
// comes from the same place unless a cache template was made by initdb; an existing sandbox
// folder). The seeds say where each sandbox's data came from.
//   node --import tsx bench/entry/onlineInProcess.ts INI DATABASE_URL REPS
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEngineEnvironment } from '../../server/src/engine/environment/loadEnvironment';
import { runOnline } from '../../server/src/engine/online/runOnline';
import { targetFromConnection } from '../../server/src/database/target';
import { openSandbox } from '../../server/src/database/sandbox';
import { openSession } from '../../server/src/database/session';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seeds = new Set<string>();

async function sandboxReady(folder: string): Promise<number> {
  const start = performance.now();
  const sandbox = await openSandbox(folder);
  const session = await openSession(sandbox.target);
  await session.query('SELECT 1');
  const ms = performance.now() - start;
  seeds.add(sandbox.seed);
  await session.close();
  await sandbox.close();
  return ms;
}

async function main(): Promise<void> {
  const [ini, url, repsText] = process.argv.slice(2);
  const reps = Number(repsText ?? 20);
  const environment = await loadEngineEnvironment(ini, undefined, process.env);
  const request = {
    environment: { ...environment, config: environment.config, graph: environment.graph, configFile: ini },
    target: targetFromConnection({ url, source: 'bench' }),
    command: 'current' as const,
    targets: [],
  };
  const times: number[] = [];
  let rows: string[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const start = performance.now();
    const result = await runOnline(request);
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(`current failed: ${JSON.stringify(result)}`);
    rows = result.rowsAfter;
    if (i > 0) times.push(ms);
  }
  // The sandbox: each first start gets an empty cache folder of its own, so it really is the first.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sandbox-'));
  const firstEverRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    process.env.XDG_CACHE_HOME = path.join(work, `cache-${i}`);
    firstEverRuns.push(await sandboxReady(path.join(work, `first-${i}`)));
  }
  const firstEverSeeds = [...seeds];
  const fromTemplate: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < 3; i++) {
    fromTemplate.push(await sandboxReady(path.join(work, `new-${i}`)));
    existing.push(await sandboxReady(path.join(work, `new-${i}`)));
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify({ currentMs: median(times), currentRuns: times, rows, sandboxFirstEverMs: median(firstEverRuns), sandboxFirstEverRuns: firstEverRuns, sandboxFirstEverSeeds: firstEverSeeds, sandboxNewMs: median(fromTemplate), sandboxExistingMs: median(existing) }));
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
