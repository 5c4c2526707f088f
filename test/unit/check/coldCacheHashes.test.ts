// check with no cache on disk takes each file's hash from its body reading (checkBodies.ts,
// adoptHash) instead of hashing every file first: the readings it keeps must be found again by
// the hashes a later run computes itself, and every run must report the same problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { runCli } from '../../../server/src/cli/run';
import { IndexedMigrationFile } from '../../../server/src/project/migrationFile';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { bodyProblemsOf } from '../../../server/src/cli/checkBodies';
import { lintReadingCache, lintReadingKey } from '../../../server/src/cli/checkLint';
import { contentHash } from '../../../server/src/common/contentHash';
import { temporaryFolder } from '../../support/temporaryFolders';

const dir = temporaryFolder('cold-cache-hashes-');
const history = generateHistory({ revisions: 40, out: path.join(dir, 'history'), seed: 11, locations: 2 });

async function check(env: Record<string, string>): Promise<unknown> {
  const out: string[] = [];
  const code = await runCli(['check', '--select', 'ALL', '--format', 'json', '--docs-url', 'https://docs/', history.dir], {
    cwd: history.dir,
    env: { ...process.env, ALEMBIC_LENS_WORKERS: '0', ...env },
    stdout: (text: string) => out.push(text),
    stderr: () => undefined,
  });
  assert.ok(code === 0 || code === 1, `exit code ${code}`);
  return JSON.parse(out.join('')).problems;
}

test('a first run, a warm run and a run without cache report the same problems', async () => {
  const cacheDir = path.join(dir, 'cache');
  const withoutCache = await check({ ALEMBIC_LENS_CACHE: 'off' });
  assert.ok(Array.isArray(withoutCache) && withoutCache.length > 0, 'the history has findings');
  const first = await check({ ALEMBIC_LENS_CACHE_DIR: cacheDir });
  const packs = fs.readdirSync(cacheDir).filter((name) => name.startsWith('lint-') || name.startsWith('check-'));
  assert.equal(packs.length, 2, `both packs written: ${packs.join(', ')}`);
  const stamps = (): string[] => packs.map((name) => `${name} ${fs.statSync(path.join(cacheDir, name)).mtimeMs}`);
  const before = stamps();
  const warm = await check({ ALEMBIC_LENS_CACHE_DIR: cacheDir });
  // A pack is written again only when something had to be read: the warm run found every reading.
  assert.deepEqual(stamps(), before);
  assert.deepEqual(first, withoutCache);
  assert.deepEqual(warm, withoutCache);
});

test('without a cache, each file gets the hash of the text its reading was made from', async () => {
  const env = { ...process.env, ALEMBIC_LENS_CACHE: 'off', ALEMBIC_LENS_WORKERS: '0' };
  const index = buildWorkspaceIndex([history.dir]);
  const readings = lintReadingCache(env);
  await bodyProblemsOf(index, index.environments, env, readings);
  let files = 0;
  for (const environment of index.environments) {
    for (const [file, migration] of environment.files) {
      files++;
      assert.equal((migration as IndexedMigrationFile).hashIfKnown(), contentHash(fs.readFileSync(file, 'utf8')), file);
      assert.ok(readings.get(lintReadingKey(migration.hash, file)), `the reading of ${file} is found by the file's hash`);
    }
  }
  assert.ok(files >= 40, `${files} files`);
});

test('an adopted hash is taken only when none is known', () => {
  const header = () => {
    throw new Error('not read');
  };
  const unknown = new IndexedMigrationFile('/nowhere/a.py', '/nowhere', header);
  unknown.adoptHash('adopted');
  assert.equal(unknown.hash, 'adopted');
  const known = new IndexedMigrationFile('/nowhere/b.py', '/nowhere', header, 'own');
  known.adoptHash('adopted');
  assert.equal(known.hash, 'own');
});

test('a warm run opens each migration once: the lint takes the texts the index read', async () => {
  const cacheDir = path.join(dir, 'cache-opens');
  await check({ ALEMBIC_LENS_CACHE_DIR: cacheDir });
  const opened = new Map<string, number>();
  const openSync = fs.openSync;
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    const name = String(file);
    if (name.endsWith('.py') && name.includes(`${path.sep}versions`)) opened.set(name, (opened.get(name) ?? 0) + 1);
    return (openSync as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  try {
    await check({ ALEMBIC_LENS_CACHE_DIR: cacheDir });
  } finally {
    fs.openSync = openSync;
  }
  assert.ok(opened.size >= 40, `the migrations were read: ${opened.size}`);
  const twice = [...opened].filter(([, times]) => times > 1);
  assert.deepEqual(twice, [], 'a migration opened more than once');
});
