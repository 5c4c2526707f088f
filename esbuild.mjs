// Bundles the extension client, the language server and the CLI separately (as vscode-eslint
// does): the client is loaded by VS Code, the server runs in its own Node process, and the CLI
// shares the server's core. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeCodeCache } from './bench/lib/codeCache.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // sql-formatter is its own bundle (dist/sqlFormatter.js), loaded on first use (formatSql.ts).
  external: ['vscode', 'pg-native', 'sql-formatter', '@electric-sql/pglite', '@electric-sql/pglite-socket'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The CLI's small entry answers repeated read commands from the answer cache; the main program
  // is loaded only when it cannot (server/src/cli.ts).
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cliMain.ts'], outfile: 'dist/cliMain.js' },
  // Worker threads of the CLI and the server (cold-cache compilation); loaded from next to them.
  { entryPoints: ['server/src/engine/offline/compileWorker.ts'], outfile: 'dist/compileWorker.js' },
  // `check`'s cold reading of bodies (body problems and lint readings in one pass).
  { entryPoints: ['server/src/lint/check/readingWorker.ts'], outfile: 'dist/readingWorker.js' },
  { entryPoints: ['server/src/engine/offline/sqlFormatterEntry.ts'], outfile: 'dist/sqlFormatter.js', external: ['vscode'] },
  // The revision graph webview's script (client/src/graph/graphView.ts loads it into the webview).
  { entryPoints: ['media/graph/graph.ts'], outfile: 'dist/graph.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The embedded database (sandbox.ts loads it on first use). PGlite's CommonJS build locates its
  // assets from __filename, so bundled here it looks for them in dist/, where they are copied
  // below; its ES build would use import.meta.url, which a CommonJS bundle does not have.
  {
    entryPoints: ['server/src/database/pgliteEntry.ts'],
    outfile: 'dist/pglite.js',
    external: ['ws'],
    alias: { '@electric-sql/pglite': './node_modules/@electric-sql/pglite/dist/index.cjs' },
  },
];

// The files PGlite reads at run time from its own folder (test/unit/packaging.test.ts checks the
// .vsix ships every file its code names).
const PGLITE_ASSETS = ['pglite.wasm', 'initdb.wasm', 'pglite.data'];

function copyPgliteAssets() {
  fs.mkdirSync('dist', { recursive: true });
  for (const asset of PGLITE_ASSETS) fs.copyFileSync(path.join('node_modules/@electric-sql/pglite/dist', asset), path.join('dist', asset));
}

copyPgliteAssets();

// An initialised PGlite data folder, shipped so that the first sandbox on a machine does not wait
// for initdb (server/src/database/shippedTemplate.ts). Made by PGlite in memory and dumped as a
// tar, compressed with Brotli (a 40 MB tar, mostly the zero-filled WAL segment: 1.5 MB, where
// PGlite's gzip leaves 4.5 MB; a 24-bit window reaches across the repeated pages); the JSON file
// names the PGlite build that made it (the sizes of pglite.wasm and pglite.data, as
// pgliteBuildKey computes them), so a stale archive is remade here and ignored at run time.
// Remade only when that build changes: initdb takes seconds.
async function makeShippedTemplate() {
  const build = ['pglite.wasm', 'pglite.data'].map((name) => fs.statSync(path.join('dist', name)).size).join('-');
  const archive = path.join('dist', 'pglite-template.tar.br');
  const record = path.join('dist', 'pglite-template.json');
  try {
    if (JSON.parse(fs.readFileSync(record, 'utf8')).build === build && fs.existsSync(archive)) return;
  } catch {
    // No record yet, or an unreadable one: make the template.
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const tar = Buffer.from(await dump.arrayBuffer());
  const compressed = zlib.brotliCompressSync(tar, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
  });
  // Renamed into place: other builds may be running in the same tree.
  const writeAtomically = (file, data) => {
    fs.writeFileSync(`${file}.${process.pid}.tmp`, data);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  };
  writeAtomically(archive, compressed);
  writeAtomically(record, `${JSON.stringify({ build })}\n`);
}

await makeShippedTemplate();
// libpg-query (the safety lint's PostgreSQL parser) loads its WebAssembly file from the folder of
// the script that contains it, which in a bundle is dist/: ship the file there.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  // The CLI main program's V8 code cache, made by a run of the bundle just built (its bytecode is
  // then read, not compiled, when the CLI starts: server/src/common/codeCache.ts).
  makeCodeCache('dist');
}
