/**
 * Worker thread entry (bundled to dist/compileWorker.js next to dist/cli.js): reads, parses and
 * compiles migration files for a cold cache, so a first `upgrade --sql` over thousands of files
 * uses every core. It receives file paths and returns each file's content hash, revision record
 * and compiled migration; the main thread stores them in its caches and then runs warm.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileFileForCache, type WorkerJob } from './workerJob';
import { adoptThreadContext } from '../../common/threadContext';

const job = workerData as WorkerJob;
adoptThreadContext(job.context);
parentPort?.postMessage(job.paths.map((path) => compileFileForCache(path, job.withRevisionInputs)));
