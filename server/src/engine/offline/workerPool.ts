/**
 * Fills the caches for many files at once on worker threads (one per core, at most four), for a
 * cold first run over a large history. Each worker loads compileWorker.js from next to the running
 * bundle (or the TypeScript source under tsx). When the worker script is missing, workers are
 * unavailable or fail, the caller simply computes on the main thread: results are identical.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileResult, WorkerJob } from './workerJob';

/** Below this many files, starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 200;

interface WorkerScript {
  /** A file to run, or (eval) code that loads it. */
  code: string;
  eval: boolean;
}

function workerScript(): WorkerScript | undefined {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) {
    // Running from source under tsx (tests, development): Node 20 workers do not inherit the
    // `--import tsx` hooks, so the worker registers tsx's require hook before loading the source.
    const source = path.join(path.dirname(here), 'compileWorker.ts');
    let tsxHook: string;
    try {
      tsxHook = require.resolve('tsx/cjs');
    } catch {
      return undefined;
    }
    if (!fs.existsSync(source)) return undefined;
    return { code: `require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(source)});`, eval: true };
  }
  const bundled = path.join(path.dirname(here), 'compileWorker.js');
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : undefined;
}

/**
 * `ALEMBIC_LENS_WORKERS=N` forces N (0 disables). Otherwise one worker per core, at most four, on
 * machines with at least two. The one-minute load average was tried as a guide and dropped: it
 * lags by a minute (a just-finished build keeps it high) and kept workers off on 2-core machines,
 * where two workers measured 11.9 s against 16.0 s on the main thread alone for a cold
 * 5,000-revision `upgrade heads --sql`.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  if (env.ALEMBIC_LENS_WORKERS !== undefined && env.ALEMBIC_LENS_WORKERS !== '') {
    const forced = Math.floor(Number(env.ALEMBIC_LENS_WORKERS));
    return Number.isFinite(forced) && forced >= 1 ? forced : 0;
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? Math.min(4, cores) : 0;
}

function runWorker(script: WorkerScript, job: WorkerJob): Promise<FileResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script.code, { eval: script.eval, workerData: job, execArgv: [], stdout: true, stderr: true });
    worker.once('message', (results: FileResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`compile worker exited with code ${code}`));
    });
  });
}

/** Results for every path, or undefined when workers cannot be used (compute on the main thread). */
export async function compileInWorkers(paths: readonly string[], withRevisionInputs: boolean): Promise<FileResult[] | undefined> {
  const count = workerCount(paths.length);
  const script = workerScript();
  if (count === 0 || !script) return undefined;
  // Interleave so each worker gets a similar mix of small and large files.
  const shares: string[][] = Array.from({ length: count }, () => []);
  paths.forEach((file, index) => shares[index % count].push(file));
  try {
    const results = await Promise.all(shares.map((share) => runWorker(script, { paths: share, withRevisionInputs })));
    return results.flat();
  } catch {
    return undefined;
  }
}
