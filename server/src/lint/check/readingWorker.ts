/**
 * Worker thread entry (bundled to dist/readingWorker.js next to dist/cli.js): reads migrations of
 * a cold `check` (parse, interpretation, SQL rendering, PostgreSQL parse), claiming each from the
 * counter it shares with the main thread and the other workers (readingPool.ts), and posts back
 * each file's body problems and lint reading in batches; the main thread stores them in its caches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlParser } from '../sql/parser';
import { readClaimed, type ReadingJob } from './readingPool';

void (async () => {
  await loadSqlParser();
  await readClaimed(workerData as ReadingJob, (batch) => parentPort?.postMessage(batch));
})();
