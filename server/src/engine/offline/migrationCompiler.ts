/**
 * Turns migration files into CompiledMigrations (interpret, then render each operation), with the
 * content-keyed cache in front: a file whose content hash is cached at the same path is neither
 * read, parsed nor rendered again. The interpreter and renderer are passed in, so this module does not depend on
 * how they are wired (see defaultEngine.ts for the default wiring).
 */
import { readMigrationText } from '../../project/versionFiles';
import type { Operation, Step } from '../ops';
import type { ContentCache } from '../cache/contentCache';
import { contentHash } from '../../common/contentHash';
import { dependenciesUnchanged, type ModuleDependency } from '../../project/pythonModules';
import { compileSteps, lineOfStep, runsOnline, type CompiledMigration } from './compiled';

export interface InterpretedMigration {
  upgrade: Step[];
  downgrade: Step[];
  dependencies?: ModuleDependency[];
  /** The offline dialect's paramstyle when it is not `named` (env.py keeps psycopg2's `pyformat`). */
  paramstyle?: 'pyformat';
  /** False when env.py's offline configure() leaves out literal_binds=True (bind placeholders). */
  literalBinds?: false;
  /** What module-level code runs through `op` when Alembic imports the file (interpret/index.ts). */
  importTime?: Step[];
  /** The functions' `__name__` when not `upgrade` / `downgrade` (`upgrade = _up`). */
  upgradeName?: string;
  downgradeName?: string;
}

/** How env.py makes `--sql` compile (naming/offlineParamstyle.ts): its paramstyle and whether binds are literal. */
export interface OfflineDialect {
  paramstyle?: 'named' | 'pyformat';
  literalBinds?: false;
}

export interface EngineParts {
  interpret(path: string, text: string): InterpretedMigration;
  /** Statements for one operation; throws (with the renderer's problem message) when it cannot. */
  render(operation: Operation, file: string, dialect?: OfflineDialect): string[];
}

/**
 * The cache key of a migration: its text's hash *and* its path. The text alone is not enough:
 * what it compiles to depends on where it is (the env.py and naming convention above it, the
 * project modules its imports resolve to, `__name__` from its file name), and the recorded
 * module dependencies only say whether *those* files changed, so the same text in another
 * checkout (a second worktree of the project) must not be served the first one's result.
 */
export function compiledKey(path: string, textHash: string): string {
  return `${textHash}:${path}`;
}

export class MigrationCompiler {
  private readonly memory = new Map<string, CompiledMigration>();
  /** A language server compiles every edit of a file under a new key: bound the session memory. */
  private static readonly MAX_MEMORY_ENTRIES = 20000;

  constructor(
    private readonly parts: EngineParts,
    private readonly cache: ContentCache<CompiledMigration> | null,
  ) {}

  /**
   * `text` defaults to the file on disk; `hash` (the index's content hash) saves reading the file
   * when the compiled form is cached. The key is the hash of the exact text compiled and its path.
   */
  compile(path: string, options: { text?: string; hash?: string } = {}): CompiledMigration {
    let text = options.text;
    const key = compiledKey(path, options.hash ?? contentHash((text ??= readText(path))));
    const known = this.memory.get(key) ?? this.cache?.get(key);
    // The key is the migration's own text; a custom type's module may have changed since.
    if (known && (known.dependencies === undefined || dependenciesUnchanged(known.dependencies))) {
      this.keep(key, known);
      return known;
    }
    text ??= readText(path);
    const compiled = this.compileText(path, text);
    this.keep(key, compiled);
    // Unsaved editor text changes on every keystroke: keep it in memory only.
    if (options.text === undefined || options.hash !== undefined) this.cache?.set(key, compiled);
    return compiled;
  }

  /** The compiled form when it is in memory or in the cache and still valid; never compiles. */
  peek(path: string, hash: string): CompiledMigration | undefined {
    const key = compiledKey(path, hash);
    const known = this.memory.get(key) ?? this.cache?.get(key);
    return known && (known.dependencies === undefined || dependenciesUnchanged(known.dependencies)) ? known : undefined;
  }

  private compileText(path: string, text: string): CompiledMigration {
    let interpreted: InterpretedMigration;
    try {
      interpreted = this.parts.interpret(path, text);
    } catch (error) {
      // The interpreter promises not to throw; if it does, the whole file is one opaque step.
      const reason = `the interpreter failed: ${error instanceof Error ? error.message : String(error)}`;
      const opaque = [{ kind: 'opaque' as const, reason, line: 1, source: '' }];
      return { upgrade: opaque, downgrade: opaque };
    }
    const dialect: OfflineDialect = { paramstyle: interpreted.paramstyle ?? 'named', ...(interpreted.literalBinds === false ? { literalBinds: false } : {}) };
    const render = (operation: Operation) => this.parts.render(operation, path, dialect);
    const compiled: CompiledMigration = { upgrade: compileSteps(interpreted.upgrade, render), downgrade: compileSteps(interpreted.downgrade, render) };
    if (interpreted.dependencies && interpreted.dependencies.length > 0) compiled.dependencies = interpreted.dependencies;
    if (interpreted.upgradeName) compiled.upgradeName = interpreted.upgradeName;
    if (interpreted.downgradeName) compiled.downgradeName = interpreted.downgradeName;
    if (interpreted.importTime && interpreted.importTime.length > 0) {
      compiled.importTime = compileSteps(interpreted.importTime, render);
      compiled.importTimeLine = lineOfStep(interpreted.importTime[0]);
      if (runsOnline(interpreted.importTime)) compiled.importTimeOnline = true;
    }
    return compiled;
  }

  /** Stores a migration compiled elsewhere (a worker thread) under its key. */
  remember(path: string, textHash: string, compiled: CompiledMigration): void {
    const key = compiledKey(path, textHash);
    this.keep(key, compiled);
    this.cache?.set(key, compiled);
  }

  private keep(key: string, compiled: CompiledMigration): void {
    if (this.memory.size >= MigrationCompiler.MAX_MEMORY_ENTRIES) this.memory.clear();
    this.memory.set(key, compiled);
  }

  flush(): void {
    this.cache?.flush();
  }
}

function readText(path: string): string {
  // Decoded as the index decodes it: the declared encoding (PEP 263), else UTF-8.
  return readMigrationText(path).text ?? '';
}
