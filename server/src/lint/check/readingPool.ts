/**
 * Runs `readFileForCheck` for many files on worker threads (the same count as the offline
 * engine's compile workers), for a cold `check` over a large history. When the worker script is
 * missing, or workers fail, the caller reads on the main thread: the results are identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerCount } from '../../engine/offline/workerPool';
import type { FileReading, FileToRead } from './fileReading';

interface WorkerScript {
  code: string;
  eval: boolean;
}

function workerScript(): WorkerScript | undefined {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) {
    // From source under tsx: Node 20 workers do not inherit `--import tsx`, so register its hook first.
    const source = path.join(path.dirname(here), 'readingWorker.ts');
    let tsxHook: string;
    try {
      tsxHook = require.resolve('tsx/cjs');
    } catch {
      return undefined;
    }
    if (!fs.existsSync(source)) return undefined;
    return { code: `require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(source)});`, eval: true };
  }
  const bundled = path.join(path.dirname(here), 'readingWorker.js');
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : undefined;
}

function runWorker(script: WorkerScript, files: FileToRead[]): Promise<(FileReading | undefined)[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script.code, { eval: script.eval, workerData: files, execArgv: [], stdout: true, stderr: true });
    worker.once('message', (results: (FileReading | undefined)[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`reading worker exited with code ${code}`));
    });
  });
}

/** One result per file (undefined: unreadable), or undefined when workers cannot be used. */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env): Promise<(FileReading | undefined)[] | undefined> {
  const count = workerCount(files.length, env);
  const script = workerScript();
  if (count === 0 || !script) return undefined;
  // Interleaved shares: each worker gets a similar mix of small and large files.
  const shares: FileToRead[][] = Array.from({ length: count }, () => []);
  files.forEach((file, at) => shares[at % count].push(file));
  try {
    const results = await Promise.all(shares.map((share) => runWorker(script, share)));
    const byFile = new Map<string, FileReading | undefined>();
    results.forEach((share, worker) => share.forEach((result, at) => byFile.set(shares[worker][at].file, result)));
    return files.map((target) => byFile.get(target.file));
  } catch {
    return undefined;
  }
}
