// What the .vsix ships is enough for the embedded database: the extension is packaged with
// `vsce package --no-dependencies` and an allow-list .vscodeignore, so an installed copy has no
// node_modules. The file list comes from `vsce ls --no-dependencies` (what goes into the .vsix);
// the assets come from PGlite's own code (the files it opens beside itself); and a copy of exactly
// the listed files, outside any node_modules, must open a sandbox and migrate it. Needs the build
// (`node esbuild.mjs`, which test/run-all.sh runs first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pgliteBuildKey } from '../../server/src/database/shippedTemplate';
import { temporaryFolder } from '../support/temporaryFolders';

const root = path.resolve(__dirname, '..', '..');

function packagedFiles(): string[] {
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `vsce ls failed: ${result.stderr}`);
  return result.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

/** The files PGlite's CommonJS build (the one bundled into dist/pglite.js) loads from its own folder. */
function assetsPgliteLoads(): string[] {
  const code = fs.readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'dist', 'index.cjs'), 'utf8');
  return [...new Set([...code.matchAll(/"\.\/([\w-]+\.(?:wasm|data))"/g)].map((match) => match[1]))].sort();
}

const files = packagedFiles();

test('the .vsix ships the PGlite bundle and every asset file PGlite loads beside it', () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'dist/ is not built: run `node esbuild.mjs`');
  const assets = assetsPgliteLoads();
  assert.deepEqual(assets, ['initdb.wasm', 'pglite.data', 'pglite.wasm'], 'PGlite names other files than before: update esbuild.mjs');
  for (const file of ['dist/pglite.js', ...assets.map((asset) => `dist/${asset}`)]) {
    assert.ok(files.includes(file), `${file} is not packaged: ${files.join(', ')}`);
  }
  assert.ok(!files.some((file) => file.startsWith('node_modules/')), 'the .vsix is packaged without dependencies');
});

test('the .vsix ships the CLI main program with the V8 code cache the build made for it', () => {
  for (const file of ['dist/cli.js', 'dist/cliMain.js', 'dist/cliMain.js.v8cache']) assert.ok(files.includes(file), `${file} is not packaged`);
});

test('the .vsix ships the initialised data folder, made by the PGlite build it ships', () => {
  for (const file of ['dist/pglite-template.tar.br', 'dist/pglite-template.json']) assert.ok(files.includes(file), `${file} is not packaged`);
  const recorded = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'pglite-template.json'), 'utf8')) as { build: string };
  assert.equal(recorded.build, pgliteBuildKey(path.join(root, 'dist')));
});

test('exactly the packaged files, with no node_modules anywhere above them, run a sandbox migration', () => {
  const install = temporaryFolder('vsix-install-');
  try {
    for (const file of files) {
      fs.mkdirSync(path.join(install, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(install, file));
    }
    const ini = path.join(root, 'test', 'fixtures', 'online', 'default', 'alembic.ini');
    const sandbox = path.join(install, 'sandbox');
    // An empty cache: the first sandbox on a machine, which must come from the shipped template.
    const cache = path.join(install, 'cache');
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(install, 'bin', 'alembic-lens.js'), '-c', ini, ...args, '--sandbox', sandbox], { cwd: install, encoding: 'utf8', env: { ...process.env, NODE_PATH: '', XDG_CACHE_HOME: cache } });
    const upgrade = cli(['upgrade', 'o1']);
    assert.equal(upgrade.status, 0, upgrade.stderr);
    assert.match(upgrade.stderr, /Running upgrade {2}-> o1, create accounts/);
    const current = cli(['current']);
    assert.equal(current.status, 0, current.stderr);
    assert.equal(current.stdout, 'o1\n');
    const initdbTemplates = fs.existsSync(path.join(cache, 'alembic-lens')) ? fs.readdirSync(path.join(cache, 'alembic-lens')).filter((name) => name.startsWith('pglite-template-')) : [];
    assert.deepEqual(initdbTemplates, [], 'initdb ran (a cache template was made) although the shipped template fits');
  } finally {
    fs.rmSync(install, { recursive: true, force: true });
  }
});
