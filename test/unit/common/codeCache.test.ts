/**
 * The CLI's main program is loaded with a V8 code cache beside it (server/src/common/codeCache.ts).
 * The cache must only ever change speed: a file runs the same with a good cache, a corrupt one,
 * one made for other source, and none; a run with ALEMBIC_LENS_WRITE_CODE_CACHE writes a cache
 * that V8 then accepts. Each case runs in a child process, as the CLI's entry runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporaryFolder } from '../../support/temporaryFolders';

const loader = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'common', 'codeCache.ts');

/** A CommonJS file that uses what a bundle uses: exports, require, __filename, __dirname, module. */
const PROGRAM = `const path = require('node:path');
exports.answer = 42;
process.stdout.write(JSON.stringify({ name: path.basename(__filename), folder: path.basename(__dirname), same: module.exports === exports, argv: process.argv.length }) + '\\n');
`;

function run(file: string, env: NodeJS.ProcessEnv = {}): { stdout: string; status: number | null; stderr: string } {
  const script = `require(${JSON.stringify(loader)}).requireWithCodeCache(${JSON.stringify(file)});`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, 'one', 'two'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { stdout: result.stdout, status: result.status, stderr: result.stderr };
}

/** Whether V8 accepts `cache` (past its 20-byte SHA-1 of the source) for `file`, compiled as the loader compiles it. */
function accepted(file: string, cache: string): boolean {
  const check = `const fs = require('fs'), vm = require('vm'), Module = require('module');
const script = new vm.Script(Module.wrap(fs.readFileSync(${JSON.stringify(file)}, 'utf8')), { filename: ${JSON.stringify(file)}, cachedData: fs.readFileSync(${JSON.stringify(cache)}).subarray(20) });
process.stdout.write(String(!script.cachedDataRejected));`;
  return spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout === 'true';
}

/** Whether the loader gives V8 the cache at all (its SHA-1 names the file's source). */
function madeFor(file: string, cache: string): boolean {
  return createHash('sha1').update(fs.readFileSync(file, 'utf8')).digest().equals(fs.readFileSync(cache).subarray(0, 20));
}

test('a file runs as require() runs it, and a run asked to writes a cache V8 accepts', () => {
  const folder = temporaryFolder('code-cache-');
  const file = path.join(folder, 'program.js');
  fs.writeFileSync(file, PROGRAM);
  const expected = `${JSON.stringify({ name: 'program.js', folder: path.basename(folder), same: true, argv: 3 })}\n`;

  const plain = run(file);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(plain.stdout, expected, 'no cache beside it');

  const cache = `${file}.v8cache`;
  const writing = run(file, { ALEMBIC_LENS_WRITE_CODE_CACHE: cache });
  assert.equal(writing.stdout, expected);
  assert.ok(fs.existsSync(cache) && fs.statSync(cache).size > 0, 'the cache was written at exit');
  assert.equal(accepted(file, cache), true, 'V8 accepts the cache it wrote');

  const cached = run(file);
  assert.equal(cached.stdout, expected, 'with its cache');

  fs.writeFileSync(cache, Buffer.from('not a code cache at all'));
  const corrupt = run(file);
  assert.equal(corrupt.status, 0, corrupt.stderr);
  assert.equal(corrupt.stdout, expected, 'a corrupt cache is rejected and the file compiled');

  run(file, { ALEMBIC_LENS_WRITE_CODE_CACHE: cache });
  assert.equal(madeFor(file, cache), true);
  // Source of the same length: V8 would take the cache (it compares lengths), the loader does not.
  fs.writeFileSync(file, PROGRAM.replace("basename(__filename)", "basename(__dirname )").replace('exports.answer = 42', 'exports.answer = 43'));
  assert.equal(fs.statSync(file).size, PROGRAM.length);
  assert.equal(madeFor(file, cache), false, 'the cache names other source');
  const changed = run(file);
  assert.equal(changed.status, 0, changed.stderr);
  assert.equal(changed.stdout, expected.replace('"name":"program.js"', `"name":"${path.basename(folder)}"`), 'the changed file runs as written, not as cached');
});
