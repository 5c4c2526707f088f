/**
 * Worker thread entry (bundled to dist/readingWorker.js next to dist/cli.js): reads migrations of
 * a cold `check` (parse, interpretation, SQL rendering, PostgreSQL parse), claiming each from the
 * counter it shares with the main thread and the other workers (readingPool.ts), and posts back
 * each file's body problems and lint reading in batches; the main thread stores them in its caches.
 * Its job comes as workerData, or, for a worker started before the files were known, in a message
 * (after the head start's, when the index listed files before the job was ready).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlParser } from '../sql/parser';
import { adoptThreadContext } from '../../common/threadContext';
import { readClaimed, type ReadingJob } from './readingPool';

void (async () => {
  await loadSqlParser();
  // Started early (while the main thread builds the index), the job comes in a message, after
  // a head start perhaps (earlyReaders.ts), whose batches say so.
  let job = (workerData as ReadingJob | null | undefined) ?? (await nextJob());
  adoptThreadContext(job.context);
  while (job.headStart) {
    await readClaimed(job, (batch) => parentPort?.postMessage({ ...batch, headStart: true }));
    job = await nextJob();
    adoptThreadContext(job.context);
  }
  await readClaimed(job, (batch) => parentPort?.postMessage(batch));
})();

function nextJob(): Promise<ReadingJob> {
  return new Promise((resolve) => parentPort?.once('message', (job: ReadingJob) => resolve(job)));
}
