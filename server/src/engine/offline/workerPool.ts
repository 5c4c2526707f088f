/**
 * Fills the caches for many files at once on worker threads (one per core, at most four), for a
 * cold first run over a large history. Each worker loads compileWorker.js from next to the running
 * bundle (or the TypeScript source under tsx). When the worker script is missing, workers are
 * unavailable or fail, the caller simply computes on the main thread: results are identical.
 */
import * as os from 'node:os';
import { interleavedShares, runWorker, workerScriptBeside } from '../../common/workerThreads';
import type { FileResult, WorkerJob } from './workerJob';
import { threadContext } from '../../common/threadContext';

/** Below this many files, starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 200;

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

/** Results for every path, or undefined when workers cannot be used (compute on the main thread). */
export async function compileInWorkers(paths: readonly string[], withRevisionInputs: boolean): Promise<FileResult[] | undefined> {
  const count = workerCount(paths.length);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'compileWorker');
  if (count === 0 || !script) return undefined;
  try {
    const job = (share: string[]): WorkerJob => ({ paths: share, withRevisionInputs, context: threadContext() });
    const results = await Promise.all(interleavedShares(paths, count).map((share) => runWorker<FileResult[]>(script, job(share), 'compile worker')));
    return results.flat();
  } catch {
    return undefined;
  }
}
