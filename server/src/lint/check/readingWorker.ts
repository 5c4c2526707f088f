/**
 * Worker thread entry (bundled to dist/readingWorker.js next to dist/cli.js): reads a share of the
 * migrations of a cold `check` (parse, interpretation, SQL rendering, PostgreSQL parse) and posts
 * back each file's body problems and lint reading; the main thread stores them in its caches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlParser } from '../sql/parser';
import { readFileForCheck, type FileReading, type FileToRead } from './fileReading';

const files = workerData as FileToRead[];

void (async () => {
  await loadSqlParser();
  const results: (FileReading | undefined)[] = files.map((target) => readFileForCheck(target));
  parentPort?.postMessage(results);
})();
