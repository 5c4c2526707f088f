/**
 * The cold index reads and parses thousands of migration headers; on a machine with a spare core,
 * a worker thread takes half of them while the main thread does the other half. The index API is
 * synchronous (the CLI and tests call it that way), so the main thread waits for the worker with
 * Atomics.wait and takes its results with receiveMessageOnPort. Whenever a worker cannot be used
 * (no worker script next to the bundle, a busy machine, any failure) the caller reads everything
 * itself: results are identical either way.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { readPrefetch, type PrefetchedFile, type ReadJob } from './prefetch';

/** Below this many files a worker's start-up (loading the bundle) costs more than it saves. */
export const MIN_FILES_FOR_WORKER = 600;
/** The worker also pays for start-up and the copy back, so the main thread keeps a little more. */
const WORKER_SHARE = 0.45;
const WAIT_LIMIT_MS = 120_000;

export function readInParallel(paths: readonly string[], env: NodeJS.ProcessEnv = process.env): Map<string, PrefetchedFile> | undefined {
  if (!workerWanted(paths.length, env)) return undefined;
  const script = workerScript();
  if (!script) return undefined;
  const split = Math.floor(paths.length * (1 - WORKER_SHARE));
  const mine = paths.slice(0, split);
  const theirs = paths.slice(split);
  const channel = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    const job: ReadJob = { paths: theirs, port: channel.port2, flag };
    worker = new Worker(script.code, { eval: script.eval, workerData: job, transferList: [channel.port2], execArgv: [], stdout: true, stderr: true });
  } catch {
    return undefined;
  }
  const results = new Map<string, PrefetchedFile>();
  for (const path of mine) results.set(path, readPrefetch(path));
  const status = Atomics.wait(new Int32Array(flag), 0, 0, WAIT_LIMIT_MS);
  const message = receiveMessageOnPort(channel.port1)?.message as { ok: boolean; results?: PrefetchedFile[] } | undefined;
  void worker.terminate();
  channel.port1.close();
  if (status === 'timed-out' || !message?.ok || !message.results) return undefined;
  for (const file of message.results) results.set(file.path, file);
  return results;
}

/** `ALEMBIC_LENS_WORKERS=0` disables; otherwise only with a spare core (cores minus load). */
function workerWanted(files: number, env: NodeJS.ProcessEnv): boolean {
  if (files < MIN_FILES_FOR_WORKER) return false;
  if (env.ALEMBIC_LENS_WORKERS === '0') return false;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores - os.loadavg()[0] >= 1.5 || (env.ALEMBIC_LENS_WORKERS !== undefined && Number(env.ALEMBIC_LENS_WORKERS) >= 1);
}

function workerScript(): { code: string; eval: boolean } | undefined {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) {
    // From source under tsx: Node 20 workers do not inherit `--import tsx`, so register its hook first.
    const source = nodePath.join(nodePath.dirname(here), 'readWorker.ts');
    try {
      const hook = require.resolve('tsx/cjs');
      return fs.existsSync(source) ? { code: `require(${JSON.stringify(hook)}); require(${JSON.stringify(source)});`, eval: true } : undefined;
    } catch {
      return undefined;
    }
  }
  const bundled = nodePath.join(nodePath.dirname(here), 'indexWorker.js');
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : undefined;
}
