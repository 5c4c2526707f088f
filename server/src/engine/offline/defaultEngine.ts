/**
 * The default wiring of the offline engine: the bundled interpreter and PostgreSQL renderer
 * behind the content-keyed disk cache. The cache version combines ENGINE_CACHE_VERSION (bump it
 * when the interpreter's or renderer's output changes) with the size and mtime of the running
 * bundle, so a rebuilt CLI or server never reuses output of an older engine.
 */
import { buildSignature } from '../../common/buildSignature';
import { distinctReasons } from '../../common/distinctReasons';
import type { Operation } from '../ops';
import { cacheDirectory } from '../cache/cacheDirectory';
import { ContentCache } from '../cache/contentCache';
import { renderOperation } from '../render';
import type { CompiledMigration } from './compiled';
import { interpretForOffline } from './interpretAdapter';
import { MigrationCompiler, type EngineParts, type OfflineDialect } from './migrationCompiler';

export const ENGINE_CACHE_VERSION = '62';

/**
 * `dialect`: how env.py makes `--sql` compile; a live run's SQL is always `named` with literal
 * binds, and `liveRun` sends JSON values as the driver would bind them (render/boundJson.ts).
 */
export function renderForOffline(operation: Operation, file: string, dialect: OfflineDialect = {}, liveRun = false): string[] {
  const result = renderOperation(operation, { file, paramstyle: dialect.paramstyle ?? 'named', ...(dialect.literalBinds === false ? { literalBinds: false } : {}), ...(liveRun ? { liveRun: true as const } : {}) });
  if (result.problems.length > 0) throw new RenderRefused(distinctReasons(result.problems.map((problem) => problem.message)), result.problems.some((problem) => problem.severity === 'error' && problem.data?.offlineOnly !== true));
  return result.statements;
}

/**
 * An operation the renderer does not print. `alembicFails`: an error of the renderer, which is
 * Alembic's or SQLAlchemy's own refusal (a constraint dropped without a name, a name past 63
 * characters), so the real Alembic fails on it too; otherwise only this renderer's limit.
 */
export class RenderRefused extends Error {
  constructor(
    message: string,
    readonly alembicFails: boolean,
  ) {
    super(message);
    this.name = 'RenderRefused';
  }
}

export const DEFAULT_ENGINE_PARTS: EngineParts = { interpret: interpretForOffline, render: renderForOffline };

let signature: string | undefined;

/** A disk cache of one kind of derived value, versioned with the running engine. */
export function engineCache<T>(kind: string, env: NodeJS.ProcessEnv = process.env, maxEntries = Infinity): ContentCache<T> {
  signature ??= `${ENGINE_CACHE_VERSION}-${buildSignature(['engine', 'python'])}`;
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
