/**
 * What the two worker pools (the offline engine's compile workers and check's reading workers)
 * share: finding a worker's script beside the running code, running one worker on one share of
 * the work, and splitting the work into shares. When a worker cannot be used the callers compute
 * on the main thread, with identical results.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface WorkerScript {
  /** A file to run, or (eval) code that loads it. */
  code: string;
  eval: boolean;
}

/**
 * The worker `name` (without extension) beside `callerFile`: `name.js` next to the bundle, or
 * under tsx (tests, development) `name.ts` loaded through tsx's require hook, since Node 20
 * workers do not inherit the `--import tsx` hooks. Undefined when it is not there.
 */
export function workerScriptBeside(callerFile: string, name: string): WorkerScript | undefined {
  if (callerFile.endsWith('.ts')) {
    const source = path.join(path.dirname(callerFile), `${name}.ts`);
    let tsxHook: string;
    try {
      tsxHook = require.resolve('tsx/cjs');
    } catch {
      return undefined;
    }
    if (!fs.existsSync(source)) return undefined;
    return { code: `require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(source)});`, eval: true };
  }
  const bundled = path.join(path.dirname(callerFile), `${name}.js`);
  return fs.existsSync(bundled) ? { code: bundled, eval: false } : undefined;
}

/** Runs one worker on `data`; its one message is the answer. */
export function runWorker<T>(script: WorkerScript, data: unknown, label: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script.code, { eval: script.eval, workerData: data, execArgv: [], stdout: true, stderr: true });
    worker.once('message', (results: T) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${label} exited with code ${code}`));
    });
  });
}

/** `count` interleaved shares, so each worker gets a similar mix of small and large files. */
export function interleavedShares<T>(items: readonly T[], count: number): T[][] {
  const shares: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, index) => shares[index % count].push(item));
  return shares;
}
