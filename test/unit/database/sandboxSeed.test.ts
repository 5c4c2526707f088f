// How a new sandbox folder gets its data (sandboxTemplate.ts): the cache template when there is
// one, else the shipped archive when the PGlite build that made it is the running one, else
// initdb once into the cache template. PGlite itself is replaced by a fake `create` that records
// its calls and writes a PG_VERSION file, so these run in milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { seedFromTemplate, templateFolder } from '../../../server/src/database/sandboxTemplate';
import { pgliteBuildKey, unpackShippedTemplate } from '../../../server/src/database/shippedTemplate';
import { temporaryFolder } from '../../support/temporaryFolders';

interface Layout {
  root: string;
  assets: string;
  shipped: string;
  env: NodeJS.ProcessEnv;
  created: string[];
  create(folder: string): Promise<{ close(): Promise<void> }>;
}

function layout(): Layout {
  const root = temporaryFolder('sandbox-seed-');
  const assets = path.join(root, 'assets');
  const shipped = path.join(root, 'shipped');
  fs.mkdirSync(assets);
  fs.mkdirSync(shipped);
  fs.writeFileSync(path.join(assets, 'pglite.wasm'), Buffer.alloc(11));
  fs.writeFileSync(path.join(assets, 'pglite.data'), Buffer.alloc(7));
  const created: string[] = [];
  return {
    root,
    assets,
    shipped,
    env: { XDG_CACHE_HOME: path.join(root, 'cache') },
    created,
    async create(folder: string) {
      created.push(folder);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'PG_VERSION'), '17\n');
      return { close: async () => undefined };
    },
  };
}

/** Ships a Brotli-compressed ustar of `files` (path -> text; a `->` value makes a symbolic link) as made by the given build. */
function ship(where: Layout, build: string, files: Record<string, string>): void {
  const content = fs.mkdtempSync(path.join(where.root, 'content-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(content, name)), { recursive: true });
    if (text.startsWith('->')) fs.symlinkSync(text.slice(2), path.join(content, name));
    else fs.writeFileSync(path.join(content, name), text);
  }
  const made = spawnSync('tar', ['--format=ustar', '-cf', '-', '-C', content, '.'], { maxBuffer: 1 << 26 });
  assert.equal(made.status, 0, String(made.stderr));
  fs.writeFileSync(path.join(where.shipped, 'pglite-template.tar.br'), zlib.brotliCompressSync(made.stdout));
  fs.writeFileSync(path.join(where.shipped, 'pglite-template.json'), JSON.stringify({ build }));
}

const DATA_FOLDER = { PG_VERSION: '17\n', 'base/1/1259': 'catalog pages', 'global/pg_control': 'control' };

test('a PGlite build is named by the sizes of pglite.wasm and pglite.data', () => {
  const where = layout();
  try {
    assert.equal(pgliteBuildKey(where.assets), '11-7');
    assert.equal(pgliteBuildKey(path.join(where.root, 'missing')), undefined);
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});

test('a new folder with a matching shipped archive is unpacked from it, without initdb', async () => {
  const where = layout();
  try {
    ship(where, '11-7', DATA_FOLDER);
    const sandbox = path.join(where.root, 'sandbox');
    const seed = await seedFromTemplate(sandbox, { assetFolder: where.assets, shippedFolder: where.shipped, create: where.create }, where.env);
    assert.equal(seed, 'shipped-template');
    assert.deepEqual(where.created, [], 'initdb ran although the shipped template fits');
    for (const [name, text] of Object.entries(DATA_FOLDER)) assert.equal(fs.readFileSync(path.join(sandbox, name), 'utf8'), text);
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});

test('an archive made by another PGlite build is ignored: initdb makes the cache template, which is copied', async () => {
  const where = layout();
  try {
    ship(where, '99-7', DATA_FOLDER);
    const sandbox = path.join(where.root, 'sandbox');
    const seed = await seedFromTemplate(sandbox, { assetFolder: where.assets, shippedFolder: where.shipped, create: where.create }, where.env);
    assert.equal(seed, 'cache-template');
    assert.equal(where.created.length, 1, 'initdb runs once, for the cache template');
    const template = templateFolder(where.assets, where.env);
    assert.ok(template && fs.existsSync(path.join(template, 'PG_VERSION')), 'the cache template is in place');
    assert.ok(fs.existsSync(path.join(sandbox, 'PG_VERSION')), 'the sandbox is a copy of it');
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});

test('the cache template, once made, is preferred to the shipped archive; an existing folder is left alone', async () => {
  const where = layout();
  try {
    ship(where, '11-7', DATA_FOLDER);
    const template = templateFolder(where.assets, where.env);
    assert.ok(template);
    await where.create(template);
    where.created.length = 0;
    const sandbox = path.join(where.root, 'sandbox');
    const source = { assetFolder: where.assets, shippedFolder: where.shipped, create: where.create };
    assert.equal(await seedFromTemplate(sandbox, source, where.env), 'cache-template');
    assert.equal(await seedFromTemplate(sandbox, source, where.env), 'existing');
    assert.deepEqual(where.created, []);
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});

test('no shipped archive and an unwritable cache: PGlite initialises the folder itself', async () => {
  const where = layout();
  try {
    const blocker = path.join(where.root, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const seed = await seedFromTemplate(path.join(where.root, 'sandbox'), { assetFolder: where.assets, shippedFolder: where.shipped, create: where.create }, { XDG_CACHE_HOME: blocker });
    assert.equal(seed, 'initdb');
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});

test('an archive holding anything but folders and files inside the data folder is refused and leaves nothing behind', () => {
  for (const files of [{ ...DATA_FOLDER, 'base/link': '->/etc/passwd' }, { PG_VERSION: '17\n' }]) {
    const where = layout();
    try {
      ship(where, '11-7', files);
      const target = path.join(where.root, 'sandbox');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'alembic-lens.lock'), '1');
      const unpacked = unpackShippedTemplate(where.shipped, where.assets, target);
      if ('base/link' in files) {
        assert.equal(unpacked, false);
        assert.deepEqual(fs.readdirSync(target), ['alembic-lens.lock'], 'a partly unpacked folder was left');
      } else assert.equal(unpacked, true, 'a plain archive with PG_VERSION is a data folder');
    } finally {
      fs.rmSync(where.root, { recursive: true, force: true });
    }
  }
});

test('an archive without PG_VERSION is not a data folder', () => {
  const where = layout();
  try {
    ship(where, '11-7', { 'base/1/1259': 'pages' });
    const target = path.join(where.root, 'sandbox');
    assert.equal(unpackShippedTemplate(where.shipped, where.assets, target), false);
    assert.deepEqual(fs.existsSync(target) ? fs.readdirSync(target) : [], []);
  } finally {
    fs.rmSync(where.root, { recursive: true, force: true });
  }
});
