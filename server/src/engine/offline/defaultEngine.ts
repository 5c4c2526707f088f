/**
 * The default wiring of the offline engine: the bundled interpreter and PostgreSQL renderer
 * behind the content-keyed disk cache. The cache version combines ENGINE_CACHE_VERSION (bump it
 * when the interpreter's or renderer's output changes) with the size and mtime of the running
 * bundle, so a rebuilt CLI or server never reuses output of an older engine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Operation } from '../ops';
import { cacheDirectory } from '../cache/cacheDirectory';
import { ContentCache } from '../cache/contentCache';
import { renderOperation } from '../render';
import type { CompiledMigration } from './compiled';
import { interpretForOffline } from './interpretAdapter';
import { MigrationCompiler, type EngineParts } from './migrationCompiler';

export const ENGINE_CACHE_VERSION = '1';

/**
 * The bundle's size and mtime; when running from source (tests, `tsx`), the newest mtime of the
 * engine and Python sources instead, so editing the interpreter invalidates the cache in dev too.
 */
function bundleSignature(): string {
  try {
    const self = typeof __filename === 'string' ? __filename : '';
    if (self.endsWith('.ts')) {
      const serverSource = path.resolve(path.dirname(self), '..', '..');
      return `src-${Math.round(Math.max(newestMtime(path.join(serverSource, 'engine')), newestMtime(path.join(serverSource, 'python'))))}`;
    }
    const stat = fs.statSync(self);
    return `${stat.size}-${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function renderForOffline(operation: Operation, file: string): string[] {
  const result = renderOperation(operation, { file, paramstyle: 'named' });
  if (result.problems.length > 0) throw new Error(result.problems.map((problem) => problem.message).join('; '));
  return result.statements;
}

export const DEFAULT_ENGINE_PARTS: EngineParts = { interpret: interpretForOffline, render: renderForOffline };

let signature: string | undefined;

/** A disk cache of one kind of derived value, versioned with the running engine. */
export function engineCache<T>(kind: string, env: NodeJS.ProcessEnv = process.env, maxEntries = Infinity): ContentCache<T> {
  signature ??= `${ENGINE_CACHE_VERSION}-${bundleSignature()}`;
  return new ContentCache<T>(cacheDirectory(env), kind, signature, maxEntries);
}

let shared: MigrationCompiler | undefined;

/** One compiler per process, so the language server's previews share the in-memory cache. */
export function defaultCompiler(env: NodeJS.ProcessEnv = process.env): MigrationCompiler {
  if (!shared) {
    shared = new MigrationCompiler(DEFAULT_ENGINE_PARTS, engineCache<CompiledMigration>('offline', env));
  }
  return shared;
}
