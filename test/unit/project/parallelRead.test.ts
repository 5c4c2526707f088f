// The cold index may read half of a large history on a worker thread (project/parallelRead.ts);
// the index it builds must be identical to the one built on the main thread alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { readInParallel } from '../../../server/src/project/parallelRead';
import { readPrefetch } from '../../../server/src/project/prefetch';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';

const history = generateHistory({ revisions: 700, out: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lens-parallel-')), 'h'), seed: 9 });

function migrationPaths(): string[] {
  return fs
    .readdirSync(history.dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.py') && name.includes('versions'))
    .map((name) => path.join(history.dir, name))
    .sort();
}

test('the worker reads exactly what the main thread reads', () => {
  const paths = migrationPaths();
  assert.ok(paths.length >= 700);
  const parallel = readInParallel(paths, { ALEMBIC_LENS_WORKERS: '1' });
  assert.ok(parallel, 'the worker ran (ALEMBIC_LENS_WORKERS=1 forces it)');
  assert.equal(parallel.size, paths.length);
  for (const file of [paths[0], paths[350], paths[paths.length - 1]]) {
    assert.deepEqual(JSON.parse(JSON.stringify(parallel.get(file))), JSON.parse(JSON.stringify(readPrefetch(file))), file);
  }
});

test('an index built with the worker equals one built without it', () => {
  const saved = process.env.ALEMBIC_LENS_WORKERS;
  try {
    process.env.ALEMBIC_LENS_WORKERS = '1';
    const withWorker = buildWorkspaceIndex([history.dir]);
    process.env.ALEMBIC_LENS_WORKERS = '0';
    const alone = buildWorkspaceIndex([history.dir]);
    assert.deepEqual([...withWorker.environments[0].graph.heads].sort(), [...history.heads].sort());
    assert.deepEqual([...withWorker.environments[0].graph.heads].sort(), [...alone.environments[0].graph.heads].sort());
    assert.deepEqual(withWorker.allProblems(), alone.allProblems());
    assert.equal(withWorker.environments[0].files.size, alone.environments[0].files.size);
  } finally {
    if (saved === undefined) delete process.env.ALEMBIC_LENS_WORKERS;
    else process.env.ALEMBIC_LENS_WORKERS = saved;
  }
});

test('small inputs and ALEMBIC_LENS_WORKERS=0 never start a worker', () => {
  assert.equal(readInParallel(migrationPaths().slice(0, 10), { ALEMBIC_LENS_WORKERS: '1' }), undefined);
  assert.equal(readInParallel(migrationPaths(), { ALEMBIC_LENS_WORKERS: '0' }), undefined);
});
