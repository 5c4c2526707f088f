/**
 * Runs `readFileForCheck` for many files on worker threads (the same count as the offline
 * engine's compile workers), for a cold `check` over a large history. When the worker script is
 * missing, or workers fail, the caller reads on the main thread: the results are identical.
 */
import { interleavedShares, runWorker, workerScriptBeside } from '../../common/workerThreads';
import { workerCount } from '../../engine/offline/workerPool';
import type { FileReading, FileToRead } from './fileReading';

/** One result per file (undefined: unreadable), or undefined when workers cannot be used. */
export async function readInWorkers(files: readonly FileToRead[], env: NodeJS.ProcessEnv = process.env): Promise<(FileReading | undefined)[] | undefined> {
  const count = workerCount(files.length, env);
  const script = workerScriptBeside(typeof __filename === 'string' ? __filename : '', 'readingWorker');
  if (count === 0 || !script) return undefined;
  const shares = interleavedShares(files, count);
  try {
    const results = await Promise.all(shares.map((share) => runWorker<(FileReading | undefined)[]>(script, share, 'reading worker')));
    const byFile = new Map<string, FileReading | undefined>();
    results.forEach((share, worker) => share.forEach((result, at) => byFile.set(shares[worker][at].file, result)));
    return files.map((target) => byFile.get(target.file));
  } catch {
    return undefined;
  }
}
