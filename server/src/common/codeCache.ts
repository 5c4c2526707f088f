/**
 * Loads a bundled CommonJS file with V8's code cache beside it (`<file>.v8cache`), as Python loads
 * a module from its `.pyc`: the bytecode of every function a representative run compiled is
 * read instead of compiled again (the CLI's 1.7 MB main program: about 70 ms of a cold `check`).
 * The build makes the cache (esbuild.mjs, `makeCodeCache`) by running the CLI once with
 * ALEMBIC_LENS_WRITE_CODE_CACHE set to the cache's path, which writes it at exit.
 *
 * The cache is only ever a speed-up: V8 rejects one made by another V8 version or with other
 * flags, and the file is then compiled as without it; a missing or unreadable cache is the same.
 * V8 tells other source only by its length, so the cache starts with the SHA-1 of the source it
 * was made for, and one made for other source is not given to V8 at all. The flags V8 checks are
 * the ones in force when the file is compiled, so the entry that calls this applies v8Tuning.ts
 * first, as the program itself does.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as nodePath from 'node:path';
import * as vm from 'node:vm';

/** Runs `file` as `require(file)` would, with its code cache when V8 accepts it. */
export function requireWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const cacheFile = `${file}.v8cache`;
  const writeTo = env.ALEMBIC_LENS_WRITE_CODE_CACHE;
  const source = fs.readFileSync(file, 'utf8');
  const digest = createHash('sha1').update(source).digest();
  let cachedData: Buffer | undefined;
  try {
    const kept = writeTo ? undefined : fs.readFileSync(cacheFile);
    if (kept && kept.length > digest.length && kept.subarray(0, digest.length).equals(digest)) cachedData = kept.subarray(digest.length);
  } catch {
    // No cache shipped (a build that did not make one): compiled as usual.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const folder = nodePath.dirname(file);
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(folder: string): string[] })._nodeModulePaths(folder);
  if (writeTo) process.once('exit', () => writeCodeCache(script, digest, writeTo));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, folder);
  loaded.loaded = true;
}

function writeCodeCache(script: vm.Script, digest: Buffer, to: string): void {
  try {
    fs.writeFileSync(to, Buffer.concat([digest, script.createCachedData()]));
  } catch (error) {
    process.stderr.write(`alembic-lens: cannot write the code cache ${to}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
