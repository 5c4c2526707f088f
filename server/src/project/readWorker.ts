/**
 * Worker-thread entry for parallelRead.ts: reads and parses the headers of the files it is given,
 * posts the results on the port it was handed, then raises the shared flag the main thread is
 * blocked on (Atomics.wait), so a synchronous index build can use a second core.
 */
import { workerData } from 'node:worker_threads';
import { readPrefetch, type ReadJob } from './prefetch';

const job = workerData as ReadJob;
const flag = new Int32Array(job.flag);
try {
  job.port.postMessage({ ok: true, results: job.paths.map((path) => readPrefetch(path)) });
} catch (error) {
  job.port.postMessage({ ok: false, error: String(error) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
