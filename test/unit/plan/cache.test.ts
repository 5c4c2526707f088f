import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContentCache } from '../../../server/src/engine/cache/contentCache';
import { cacheDirectory } from '../../../server/src/engine/cache/cacheDirectory';
import type { CompiledMigration } from '../../../server/src/engine/offline/compiled';
import { MigrationCompiler, type EngineParts } from '../../../server/src/engine/offline/migrationCompiler';
import { temporaryFolder } from '../../support/temporaryFolders';

function tempDir(): string {
  return temporaryFolder('alembic-lens-cache-test-');
}

/** Fake engine: each `op.execute("X")` line becomes statement X; counts interpretations. */
function countingParts(): EngineParts & { calls: number } {
  const parts = {
    calls: 0,
    interpret(_path: string, text: string) {
      parts.calls++;
      const steps = [...text.matchAll(/op\.execute\("([^"]*)"\)/g)].map((m) => ({
        kind: 'operation' as const,
        operation: { kind: 'execute' as const, sql: { kind: 'text' as const, sql: m[1] } },
      }));
      return { upgrade: steps, downgrade: [] };
    },
    render(operation: { kind: string; sql?: unknown }) {
      return [((operation.sql as { sql: string }).sql)];
    },
  };
  return parts as EngineParts & { calls: number };
}

test('the cache directory honours ALEMBIC_LENS_CACHE_DIR, XDG_CACHE_HOME and off', () => {
  assert.equal(cacheDirectory({ ALEMBIC_LENS_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/xdg' }), path.join('/xdg', 'alembic-lens', 'compiled'));
  assert.equal(cacheDirectory({ ALEMBIC_LENS_CACHE: 'off', ALEMBIC_LENS_CACHE_DIR: '/x' }), null);
});

test('a second compiler process reuses compiled files from disk; a changed file is compiled again', () => {
  const dir = tempDir();
  const file = path.join(dir, 'm.py');
  fs.writeFileSync(file, 'op.execute("SELECT 1")');
  const first = countingParts();
  const compilerA = new MigrationCompiler(first, new ContentCache<CompiledMigration>(dir, 'offline', 'v1'));
  assert.deepEqual(compilerA.compile(file).upgrade, [{ kind: 'sql', sql: 'SELECT 1' }]);
  compilerA.flush();
  assert.equal(first.calls, 1);

  const second = countingParts();
  const compilerB = new MigrationCompiler(second, new ContentCache<CompiledMigration>(dir, 'offline', 'v1'));
  assert.deepEqual(compilerB.compile(file).upgrade, [{ kind: 'sql', sql: 'SELECT 1' }]);
  assert.equal(second.calls, 0, 'served from the disk cache');

  fs.writeFileSync(file, 'op.execute("SELECT 2")');
  assert.deepEqual(compilerB.compile(file).upgrade, [{ kind: 'sql', sql: 'SELECT 2' }]);
  assert.equal(second.calls, 1, 'new content, new key');
});

test('another engine version starts from an empty cache; a corrupt pack is ignored', () => {
  const dir = tempDir();
  const cache = new ContentCache<number>(dir, 'k', 'v1');
  cache.set('a', 1);
  cache.flush();
  assert.equal(new ContentCache<number>(dir, 'k', 'v1').get('a'), 1);
  assert.equal(new ContentCache<number>(dir, 'k', 'v2').get('a'), undefined);
  fs.writeFileSync(new ContentCache<number>(dir, 'k', 'v1').file!, '{not json');
  assert.equal(new ContentCache<number>(dir, 'k', 'v1').get('a'), undefined);
  const newer = new ContentCache<number>(dir, 'k', 'v2');
  newer.set('b', 2);
  newer.flush();
  assert.deepEqual(fs.readdirSync(dir), ['k-v2.json'], 'packs of older engine builds are removed');
});

test('editor text is compiled instead of the disk file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'm.py');
  fs.writeFileSync(file, 'op.execute("ON DISK")');
  const compiler = new MigrationCompiler(countingParts(), null);
  assert.deepEqual(compiler.compile(file, { text: 'op.execute("IN EDITOR")' }).upgrade, [{ kind: 'sql', sql: 'IN EDITOR' }]);
});

test('worker threads compile exactly what the main thread compiles', async () => {
  const { compileInWorkers } = await import('../../../server/src/engine/offline/workerPool');
  const { compileFileForCache } = await import('../../../server/src/engine/offline/workerJob');
  const dir = tempDir();
  const files: string[] = [];
  for (let i = 0; i < 200; i++) {
    const file = path.join(dir, `r${i}.py`);
    fs.writeFileSync(
      file,
      `revision = 'r${i}'\ndown_revision = ${i === 0 ? 'None' : `'r${i - 1}'`}\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute("SELECT ${i}")\n\n\ndef downgrade():\n    pass\n`,
    );
    files.push(file);
  }
  const previous = process.env.ALEMBIC_LENS_WORKERS;
  process.env.ALEMBIC_LENS_WORKERS = '2';
  try {
    const results = await compileInWorkers(files, true);
    assert.ok(results, 'workers ran');
    assert.equal(results.length, 200);
    const byPath = new Map(results.map((result) => [result.path, result]));
    for (const file of [files[0], files[137]]) assert.deepEqual(byPath.get(file), compileFileForCache(file, true));
    assert.deepEqual(byPath.get(files[5])?.compiled?.upgrade, [{ kind: 'sql', sql: 'SELECT 5' }]);
    assert.equal(byPath.get(files[5])?.input?.downRevisions[0], 'r4');
  } finally {
    if (previous === undefined) delete process.env.ALEMBIC_LENS_WORKERS;
    else process.env.ALEMBIC_LENS_WORKERS = previous;
  }
});

test('a pack is written entry by entry as the JSON of the whole pack, and read back the same', () => {
  const dir = tempDir();
  const cache = new ContentCache<unknown>(dir, 'written', 'v1');
  const values = new Map<string, unknown>();
  // Several megabytes (many slices of the writer), non-ASCII text, surrogate pairs, nesting.
  for (let at = 0; at < 3000; at++) {
    const value = { at, text: `é→𝔘 "quoted" \\ ${'x'.repeat(at % 700)}`, nested: [{ line: at, end: null }, [], {}], flag: at % 2 === 0 };
    values.set(`${at.toString(16).padStart(40, '0')}:/repo/versions/file ${at}.py`, value);
    cache.set(`${at.toString(16).padStart(40, '0')}:/repo/versions/file ${at}.py`, value);
  }
  cache.flush();
  const text = fs.readFileSync(cache.file!, 'utf8');
  assert.ok(text.length > 1_000_000, `a pack of ${text.length} characters`);
  assert.equal(text, JSON.stringify({ kind: 'written', version: 'v1', entries: Object.fromEntries(values) }));
  const again = new ContentCache<unknown>(dir, 'written', 'v1');
  for (const [key, value] of values) assert.deepEqual(again.get(key), value);
});
