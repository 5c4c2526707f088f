// The persistent index cache (project/indexCache) on real files in temporary folders: every run
// with the cache must give exactly what a cold index gives (`cache: false`, the CLI's
// `--no-cache`), whatever happened to the files or to the cache file in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildEnvironmentFromConfig } from '../../../server/src/project/singleEnvironment';
import { IndexCache, MAX_CACHED_ENVIRONMENTS } from '../../../server/src/project/indexCache/indexCache';
import { onCacheDirectoryUnusable } from '../../../server/src/common/persistentCache/directory';
import { contentHash } from '../../../server/src/common/contentHash';
import { makeEnvironment } from '../../support/environmentFixture';
import { temporaryFolder } from '../../support/temporaryFolders';

const repository = path.resolve(__dirname, '..', '..', '..');
const cliSource = path.join(repository, 'server', 'src', 'cli.ts');
/** A bound, not a wait: a CLI run from source normally ends in a few seconds. */
const PROCESS_TIMEOUT_MS = 120_000;

function migration(id: string, parent: string | null, message: string, extra = ''): string {
  const down = parent === null ? 'None' : `'${parent}'`;
  return `"""${message}\n\nRevision ID: ${id}\nRevises: ${parent ?? ''}\nCreate Date: 2024-01-01 00:00:00\n\n"""\nfrom alembic import op\n\nrevision = '${id}'\ndown_revision = ${down}\nbranch_labels = None\ndepends_on = None\n${extra}\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
}

/** Three linear revisions and a fourth whose parent is missing (a located graph issue). */
function sampleHistory(): Record<string, string> {
  return {
    'a1_first.py': migration('a1', null, 'first'),
    'b2_second.py': migration('b2', 'a1', 'second'),
    'c3_third.py': migration('c3', 'b2', 'third'),
    'd4_orphan.py': migration('d4', 'zz', 'orphan'),
  };
}

function freshCacheDir(): string {
  return temporaryFolder('alembic-lens-index-cache-');
}

/** Everything an index answers, as comparable JSON (revisions, heads, located problems). */
function answer(root: string, cacheDir: string | undefined): string {
  const env = cacheDir ? { ALEMBIC_LENS_CACHE_DIR: cacheDir } : {};
  const loaded = buildEnvironmentFromConfig(path.join(root, 'alembic.ini'), undefined, { cache: cacheDir !== undefined, env });
  const environment = loaded.environment!;
  const revisions = environment.graph.all.map((revision) => ({ ...revision }));
  const problems = loaded.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, file: p.file, range: p.range, related: p.related }));
  const headers = [...environment.files.values()].map((file) => file.header);
  return JSON.stringify({ heads: environment.graph.heads, revisions, problems, headers });
}

function assertSameAsCold(root: string, cacheDir: string, why: string): void {
  const cold = answer(root, undefined);
  assert.equal(answer(root, cacheDir), cold, `${why}: first run with the cache`);
  assert.equal(answer(root, cacheDir), cold, `${why}: second run with the cache`);
}

function openCache(root: string, cacheDir: string, version?: string): IndexCache {
  return IndexCache.open([path.join(root, 'versions')], { env: { ALEMBIC_LENS_CACHE_DIR: cacheDir }, version })!;
}

function versionPaths(root: string): string[] {
  const folder = path.join(root, 'versions');
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => path.join(folder, name));
}

/** Moves a file's mtime into the past, so its entry is not racy (stat-only) when written. */
function age(file: string, seconds = 60): void {
  const then = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, then, then);
}

test('a warm run stats the files and reads none; its answer equals a cold index', () => {
  const root = makeEnvironment(sampleHistory());
  for (const file of versionPaths(root)) age(file);
  const cacheDir = freshCacheDir();
  assertSameAsCold(root, cacheDir, 'unchanged files');
  const cache = openCache(root, cacheDir);
  assert.equal(cache.ignoredBecause, undefined);
  assert.deepEqual(cache.prepare(versionPaths(root)), [], 'every file served from the cache');
});

test('a file that is never cached (a suppression comment) does not make every run rewrite the cache', () => {
  const history = sampleHistory();
  history['c3_third.py'] = history['c3_third.py'].replace("branch_labels = None", "branch_labels = None  # alembic-lens: ignore[some-code]");
  const root = makeEnvironment(history);
  for (const file of versionPaths(root)) age(file);
  const cacheDir = freshCacheDir();
  assertSameAsCold(root, cacheDir, 'with a suppression comment');
  const cache = openCache(root, cacheDir);
  assert.deepEqual(cache.prepare(versionPaths(root)), [path.join(root, 'versions', 'c3_third.py')], 'the commented file is read every time');
  const written = fs.statSync(cache.file, { bigint: true });
  assertSameAsCold(root, cacheDir, 'again');
  const after = fs.statSync(cache.file, { bigint: true });
  assert.equal(after.ino, written.ino, 'the index file was not replaced');
  assert.equal(after.mtimeNs, written.mtimeNs);
});

test('edit, rename, delete and a new file: each run equals a cold index', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const versions = path.join(root, 'versions');
  assertSameAsCold(root, cacheDir, 'start');
  fs.writeFileSync(path.join(versions, 'd4_orphan.py'), migration('d4', 'c3', 'orphan adopted, a longer message'));
  assertSameAsCold(root, cacheDir, 'edit');
  fs.renameSync(path.join(versions, 'b2_second.py'), path.join(versions, 'b2_renamed.py'));
  assertSameAsCold(root, cacheDir, 'rename');
  fs.unlinkSync(path.join(versions, 'd4_orphan.py'));
  assertSameAsCold(root, cacheDir, 'delete');
  fs.writeFileSync(path.join(versions, 'e5_new.py'), migration('e5', 'a1', 'a branch'));
  assertSameAsCold(root, cacheDir, 'new file');
});

test('touch without a change: re-read once, same answer, then served from the cache again', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const file = path.join(root, 'versions', 'c3_third.py');
  age(file, 120);
  assertSameAsCold(root, cacheDir, 'start');
  age(file, 60);
  assert.deepEqual(openCache(root, cacheDir).prepare([file]), [file], 'a new mtime is a miss');
  assertSameAsCold(root, cacheDir, 'after touch');
  assert.deepEqual(openCache(root, cacheDir).prepare([file]), [], 'and a hit once read again');
});

test('a same-size edit within the same second is seen (racy entries are verified by content hash)', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const file = path.join(root, 'versions', 'b2_second.py');
  assertSameAsCold(root, cacheDir, 'start');
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace("down_revision = 'a1'", "down_revision = 'c3'").replace('Revises: a1', 'Revises: c3');
  assert.equal(edited.length, text.length);
  fs.writeFileSync(file, edited);
  fs.utimesSync(file, before.atime, before.mtime); // the same mtime, as on a file system with coarse timestamps
  assertSameAsCold(root, cacheDir, 'same-size edit');
  // The file was written moments ago: its entry carries the hash of the text it was read from.
  const cache = openCache(root, cacheDir);
  const index = readIndex(cache.file);
  assert.equal(index.entries[file][4], contentHash(edited), 'racy entry keeps the content hash');
});

test('an entry whose content hash does not match the file is never served', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const file = path.join(root, 'versions', 'a1_first.py');
  assertSameAsCold(root, cacheDir, 'start');
  const cache = openCache(root, cacheDir);
  const index = readIndex(cache.file);
  index.entries[file][4] = contentHash('some other text');
  writeIndex(cache.file, index);
  const again = openCache(root, cacheDir);
  assert.equal(again.ignoredBecause, undefined, 'the rewritten cache itself is valid');
  assert.deepEqual(again.prepare([file]), [file], 'the hash mismatch makes it a miss');
  assertSameAsCold(root, cacheDir, 'after the mismatch');
});

test('a corrupt or truncated cache is ignored, rebuilt, and never trusted', () => {
  const root = makeEnvironment(sampleHistory());
  for (const file of versionPaths(root)) age(file);
  const cacheDir = freshCacheDir();
  assertSameAsCold(root, cacheDir, 'start');
  const cache = openCache(root, cacheDir);
  const bytes = fs.readFileSync(cache.file);
  fs.writeFileSync(cache.file, bytes.subarray(0, bytes.length >> 1));
  assert.equal(openCache(root, cacheDir).ignoredBecause, 'truncated');
  assertSameAsCold(root, cacheDir, 'truncated index');
  const flipped = Buffer.from(fs.readFileSync(cache.file));
  const at = flipped.length - 10; // inside the JSON of the last entry
  flipped[at] = flipped[at] === 0x30 ? 0x31 : 0x30;
  fs.writeFileSync(cache.file, flipped);
  assert.equal(openCache(root, cacheDir).ignoredBecause, 'checksum');
  assertSameAsCold(root, cacheDir, 'corrupt index');
  // The headers file has a checksum per header: garbage there costs a re-read of those files.
  const headers = Buffer.from(fs.readFileSync(cache.headersFile));
  headers.fill(0x20, 0, Math.min(headers.length, 200));
  fs.writeFileSync(cache.headersFile, headers);
  assertSameAsCold(root, cacheDir, 'corrupt headers');
  fs.writeFileSync(cache.headersFile, '');
  assertSameAsCold(root, cacheDir, 'empty headers');
});

test('a temporary file left by a run that died before renaming it is removed later, a fresh one is not', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  assertSameAsCold(root, cacheDir, 'start');
  const folder = path.join(cacheDir, 'index');
  const abandoned = path.join(folder, 'env-x.index.1.abc.tmp');
  const fresh = path.join(folder, 'env-x.index.2.def.tmp');
  fs.writeFileSync(abandoned, 'half');
  fs.writeFileSync(fresh, 'being written');
  age(abandoned, 3600);
  fs.writeFileSync(path.join(root, 'versions', 'e5_new.py'), migration('e5', 'c3', 'forces a write'));
  assertSameAsCold(root, cacheDir, 'after a write');
  assert.equal(fs.existsSync(abandoned), false);
  assert.equal(fs.existsSync(fresh), true, 'a concurrent run may still rename it');
});

test('past MAX_CACHED_ENVIRONMENTS the caches written longest ago are removed, the current one kept', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const folder = path.join(cacheDir, 'index');
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 0; i < MAX_CACHED_ENVIRONMENTS + 5; i++) {
    const stale = path.join(folder, `env-stale${String(i).padStart(3, '0')}.index`);
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(stale.replace(/\.index$/, '.headers'), 'x');
    age(stale, 1000 - i); // stale000 is the oldest
  }
  assertSameAsCold(root, cacheDir, 'with many other environments');
  const left = fs.readdirSync(folder).filter((name) => name.endsWith('.index'));
  assert.equal(left.length, MAX_CACHED_ENVIRONMENTS);
  assert.ok(left.includes(path.basename(openCache(root, cacheDir).file)), 'the current environment is kept');
  assert.ok(!left.includes('env-stale000.index') && !left.includes('env-stale005.index'), 'the oldest went');
  assert.ok(left.includes('env-stale006.index'));
  assert.ok(!fs.existsSync(path.join(folder, 'env-stale000.headers')), 'with their headers');
});

test('a cache written by another version is ignored', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  assertSameAsCold(root, cacheDir, 'start');
  const other = openCache(root, cacheDir, '0-some-older-build');
  assert.equal(other.ignoredBecause, 'other version');
  assert.deepEqual(other.prepare(versionPaths(root)), versionPaths(root), 'nothing served');
});

test('an unusable cache folder: one warning, and the answer of a cold index', () => {
  const root = makeEnvironment(sampleHistory());
  const warnings: string[] = [];
  onCacheDirectoryUnusable((directory, reason) => warnings.push(`${directory}: ${reason}`));
  try {
    const cacheDir = `/proc/self/alembic-lens-index-test-${process.pid}`;
    const cold = answer(root, undefined);
    assert.equal(answer(root, cacheDir), cold);
    assert.equal(answer(root, cacheDir), cold);
    assert.equal(warnings.length, 1, warnings.join('\n'));
  } finally {
    onCacheDirectoryUnusable(undefined);
  }
});

test('a git branch switch: each checkout equals a cold index', () => {
  const root = makeEnvironment(sampleHistory());
  const cacheDir = freshCacheDir();
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  };
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'main');
  assertSameAsCold(root, cacheDir, 'main');
  git('checkout', '-q', '-b', 'feature');
  const versions = path.join(root, 'versions');
  fs.writeFileSync(path.join(versions, 'd4_orphan.py'), migration('d4', 'c3', 'fixed'));
  fs.writeFileSync(path.join(versions, 'e5_feature.py'), migration('e5', 'd4', 'feature'));
  fs.unlinkSync(path.join(versions, 'a1_first.py'));
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');
  assertSameAsCold(root, cacheDir, 'feature');
  git('checkout', '-q', 'main');
  assertSameAsCold(root, cacheDir, 'back on main');
  git('checkout', '-q', 'feature');
  assertSameAsCold(root, cacheDir, 'feature again');
});

test('two CLI processes at once on an empty cache: both print what --no-cache prints, and the cache stays valid', async () => {
  const root = makeEnvironment(sampleHistory());
  fs.writeFileSync(path.join(root, 'versions', 'd4_orphan.py'), migration('d4', 'c3', 'fixed'));
  const cacheDir = freshCacheDir();
  const env = { ...process.env, ALEMBIC_LENS_CACHE_DIR: cacheDir };
  // Run from the repository (where tsx resolves), pointing at the environment with -c.
  const config = path.join(root, 'alembic.ini');
  const cold = spawnSync(process.execPath, ['--import', 'tsx', cliSource, '-c', config, '--no-cache', 'history'], { cwd: repository, env, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS });
  assert.equal(cold.status, 0, cold.stderr);
  assert.equal(fs.existsSync(path.join(cacheDir, 'index')), false, '--no-cache writes no index cache');
  const runOne = () =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliSource, '-c', config, 'history'], { cwd: repository, env, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      const timer = setTimeout(() => child.kill(), PROCESS_TIMEOUT_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout });
      });
    });
  const both = await Promise.all([runOne(), runOne()]);
  for (const run of both) {
    assert.equal(run.code, 0);
    assert.equal(run.stdout, cold.stdout);
  }
  assert.equal(fs.readdirSync(path.join(cacheDir, 'index')).filter((name) => name.endsWith('.tmp')).length, 0, 'no temporary file left');
  assert.equal(openCache(root, cacheDir).ignoredBecause, undefined, 'the cache left behind is whole');
  const warm = await runOne();
  assert.equal(warm.stdout, cold.stdout);
});

interface IndexFile {
  locations: string[];
  entries: Record<string, unknown[]>;
}

function readIndex(file: string): IndexFile {
  const raw = fs.readFileSync(file, 'utf8');
  const lines = raw.split('\n');
  return JSON.parse(lines[2]) as IndexFile;
}

/** Rewrites the index with a valid checksum, as a cache file with a wrong entry would look. */
function writeIndex(file: string, index: IndexFile): void {
  const first = fs.readFileSync(file, 'utf8').split('\n')[0];
  const body = JSON.stringify(index) + '\n';
  fs.writeFileSync(file, `${first}\n${contentHash(body)}\n${body}`);
}
