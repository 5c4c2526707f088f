/**
 * The server's state: the workspace index, the editor's unsaved buffers waiting to be applied,
 * and what was last published per file. Edits and watcher events are queued and applied in
 * batches (see ThrottledRunner); every request first applies what is queued, so answers always
 * reflect the latest text.
 */
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Environment, IndexChange, WorkspaceIndex } from '../project/types';
import type { MigrationFile } from '../project/types';
import type { Problem } from '../common/problem';
import type { IndexingState } from '../protocol';
import { ThrottledRunner } from './scheduler';
import { diagnosticsKey, problemToDiagnostic } from './diagnostics';
import { describeError, type Logger } from './safe';
import { mirroredProblems } from './mirrors';
import { BodySyntaxSweep } from './bodySyntaxSweep';
import { compileGlobs, type PathMatcher } from '../common/glob';
import { isExcludedFile } from '../project/discover';
import { CONFIG_FILE_NAMES } from '../project/workspaceIndex';

export function isConfigFile(file: string): boolean {
  return CONFIG_FILE_NAMES.has(path.basename(file)) || /\.ini$/i.test(file);
}

/** What the revision tree shows of one migration file, as one string ('' when no environment has it). */
export function fileTreeSignature(env: Environment | undefined, file: string): string {
  const header = env?.files.get(file)?.header;
  if (!env || !header) return '';
  const strings = (variable: typeof header.revision): string => (variable ? variable.value.items.map((item) => (item.kind === 'string' ? item.value : '?')).join(',') : '-');
  return [
    env.config.id,
    strings(header.revision),
    header.revision?.nameRange.start.line ?? -1,
    strings(header.downRevision),
    strings(header.dependsOn),
    strings(header.branchLabels),
    header.docstring?.message ?? '',
    header.docstring?.createDate?.value ?? '',
  ].join('\u0001');
}

export interface SessionHooks {
  logger: Logger;
  sendDiagnostics(file: string, diagnostics: Diagnostic[]): void;
  /** Extra problems for an open file (opaque steps and operation problems from the interpreter). */
  extraProblems(file: string, env: Environment | undefined, index: WorkspaceIndex): Problem[];
  indexChanged(environments: string[], state: IndexingState): void;
}

export interface SessionOptions {
  docsBaseUrl: string;
  debounceMs: number;
  /** `alembicLens.exclude` at start (the index is built with the same globs); see `setExclude`. */
  exclude?: readonly string[];
}

export class Session {
  index: WorkspaceIndex | undefined;
  state: IndexingState = 'indexing';
  readonly openFiles = new Set<string>();
  /** Latest text of every open file, replayed into a new index after a re-index. */
  private readonly openTexts = new Map<string, string>();
  private readonly pendingOverlays = new Map<string, string | undefined>();
  private readonly pendingDisk = new Set<string>();
  private pendingRediscover = false;
  /** New `exclude` globs to hand to the index before the next rediscovery. */
  private pendingExclude: readonly string[] | undefined;
  private exclude: PathMatcher;
  private readonly published = new Map<string, string>();
  /** Problems shown in more files than the index reports them in (see mirrors.ts). */
  private mirrors = new Map<string, Problem[]>();
  /** Per migration file: what the tree shows of it (see fileTreeSignature). */
  private readonly treeSignatures = new Map<string, string>();
  private readonly runner: ThrottledRunner;
  private readyResolve!: () => void;
  readonly ready: Promise<void>;

  constructor(
    readonly options: SessionOptions,
    private readonly hooks: SessionHooks,
  ) {
    this.exclude = compileGlobs(options.exclude ?? []);
    this.runner = new ThrottledRunner(options.debounceMs, () => this.applyPending());
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
  }

  get logger(): Logger {
    return this.hooks.logger;
  }

  /** Called once the initial index exists (or failed: `index` stays undefined). */
  indexReady(index: WorkspaceIndex | undefined, state: IndexingState): void {
    const replaced = this.index !== undefined && this.index !== index;
    this.index = index;
    if (replaced) for (const [file, text] of this.openTexts) if (!this.pendingOverlays.has(file)) this.pendingOverlays.set(file, text);
    this.state = state;
    this.readyResolve();
    this.resetTreeSignatures();
    this.applyPending();
    this.publishAll();
    this.hooks.indexChanged(index ? index.environments.map((env) => env.config.id) : [], state);
    // Once the first diagnostics are out, prepare for the first edits while the user reads them.
    if (index) setTimeout(() => this.index === index && safeWarmUp(index, this.hooks.logger), WARM_UP_DELAY_MS).unref?.();
    // Then the syntax errors below the headers of the files that are not open, in idle slices.
    if (index) setTimeout(() => this.index === index && this.bodySweep.request(), WARM_UP_DELAY_MS).unref?.();
  }

  private readonly bodySweep = new BodySyntaxSweep(
    () => this.index,
    (change) => {
      const files = new Set(change.affectedFiles);
      for (const file of this.refreshMirrors()) files.add(file);
      this.publishFiles(files);
      // The tree, the graph view and the status bar count problems too (a revision's problem
      // icon, "No problems" on the environment); they fetch again only when told.
      if (change.affectedEnvironments.length > 0) this.hooks.indexChanged(change.affectedEnvironments, this.state);
    },
    { warn: (message) => this.hooks.logger.warn(message) },
  );

  // ---- queueing -------------------------------------------------------------------------

  setOverlay(file: string, text: string | undefined): void {
    // A client that keeps the UTF-8 byte-order mark in the buffer: the file Python reads (and the
    // disk reader, versionFiles.ts) has none, so neither does what the index is given.
    if (text !== undefined && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text === undefined) {
      this.openFiles.delete(file);
      this.openTexts.delete(file);
    } else {
      this.openFiles.add(file);
      this.openTexts.set(file, text);
    }
    this.pendingOverlays.set(file, text);
    this.runner.request();
  }

  fileChangedOnDisk(file: string): void {
    // A config file in an excluded folder only matters if the index already reads it (the index decides).
    if (isConfigFile(file) && !this.isExcluded(file)) this.pendingRediscover = true;
    else this.pendingDisk.add(file);
    this.runner.request();
  }

  /**
   * New `alembicLens.exclude` globs: the index rediscovers with them (once it exists), every file
   * is republished (files no longer indexed are cleared) and the tree is told to reload.
   */
  setExclude(globs: readonly string[]): void {
    this.exclude = compileGlobs(globs);
    this.pendingExclude = [...globs];
    this.pendingRediscover = true;
    this.runner.request();
  }

  /** True when `file` is under a workspace folder and matches `exclude` there (or lies in a matching folder). */
  isExcluded(file: string): boolean {
    return !!this.index && isExcludedFile(file, this.index.roots, this.exclude);
  }

  rediscoverLater(): void {
    this.pendingRediscover = true;
    this.runner.request();
  }

  /** Applies queued edits now (requests call this to answer from the latest text). */
  flush(): void {
    if (this.runner.pending) this.runner.flush();
  }

  dispose(): void {
    this.runner.dispose();
  }

  private applyPending(): void {
    const index = this.index;
    if (!index) return;
    if (this.pendingOverlays.size === 0 && this.pendingDisk.size === 0 && !this.pendingRediscover) return;
    const files = new Set<string>();
    const environments = new Set<string>();
    let problemsChanged = false;
    const absorb = (change: IndexChange): void => {
      if (change.affectedFiles.length > 0) problemsChanged = true;
      for (const file of change.affectedFiles) files.add(file);
      for (const env of change.affectedEnvironments) environments.add(env);
    };
    const overlays = [...this.pendingOverlays];
    const disk = [...this.pendingDisk];
    const rediscover = this.pendingRediscover;
    const exclude = this.pendingExclude;
    this.pendingOverlays.clear();
    this.pendingDisk.clear();
    this.pendingRediscover = false;
    this.pendingExclude = undefined;
    const step = (name: string, work: () => void): void => {
      try {
        work();
      } catch (error) {
        this.logger.error(`[alembic-lens] ${name} failed: ${describeError(error)}`);
      }
    };
    if (exclude) step('exclude', () => index.setExclude(exclude));
    if (rediscover) {
      step('rediscover', () => absorb(index.rediscover()));
      for (const env of index.environments) environments.add(env.config.id);
      // Environments may have come or gone (exclude changed): what the tree showed is stale.
      this.resetTreeSignatures();
    }
    for (const file of disk) step(`refresh ${file}`, () => absorb(index.refreshFile(file)));
    for (const [file, text] of overlays) {
      files.add(file);
      step(`overlay ${file}`, () => absorb(index.setOverlay(file, text)));
    }
    for (const file of this.refreshMirrors()) files.add(file);
    if (rediscover) this.publishAll();
    else this.publishFiles(files);
    // Changed and new files have unchecked bodies again.
    this.bodySweep.request();
    // Typing inside upgrade() rebuilds the graph but changes nothing a tree shows: stay quiet then.
    let treeChanged = rediscover || problemsChanged;
    for (const file of [...disk, ...overlays.map(([file]) => file)]) if (this.fileSignatureChanged(file)) treeChanged = true;
    if (treeChanged && (environments.size > 0 || rediscover)) this.hooks.indexChanged([...environments], this.state);
  }

  private resetTreeSignatures(): void {
    this.treeSignatures.clear();
    for (const env of this.index?.environments ?? []) for (const file of env.files.keys()) this.treeSignatures.set(file, fileTreeSignature(env, file));
  }

  /** True when what the tree shows of a file (or whether it is a migration at all) changed since the last check. */
  private fileSignatureChanged(file: string): boolean {
    const signature = fileTreeSignature(this.index?.environmentForFile(file), file);
    const before = this.treeSignatures.get(file) ?? '';
    if (signature) this.treeSignatures.set(file, signature);
    else this.treeSignatures.delete(file);
    return before !== signature;
  }

  // ---- diagnostics ----------------------------------------------------------------------

  /** Recomputes mirrored problems; returns the files whose mirrors may have changed. */
  private refreshMirrors(): Set<string> {
    const before = this.mirrors;
    this.mirrors = this.index ? mirroredProblems(this.index.allProblems()) : new Map();
    return new Set([...before.keys(), ...this.mirrors.keys()]);
  }

  /** The index's problems of a file plus the problems mirrored into it. */
  problemsFor(file: string): Problem[] {
    const own = this.index?.problemsFor(file) ?? [];
    const mirrored = this.mirrors.get(file);
    return mirrored ? [...own, ...mirrored] : own;
  }

  diagnosticsFor(file: string, problems?: readonly Problem[]): Diagnostic[] {
    const index = this.index;
    if (!index) return [];
    const list = (problems ?? this.problemsFor(file)).map((problem) => problemToDiagnostic(problem, this.options.docsBaseUrl));
    if (this.openFiles.has(file)) {
      try {
        const extra = this.hooks.extraProblems(file, index.environmentForFile(file), index);
        list.push(...extra.map((problem) => problemToDiagnostic(problem, this.options.docsBaseUrl)));
      } catch (error) {
        this.logger.error(`[alembic-lens] extra diagnostics for ${file} failed: ${describeError(error)}`);
      }
    }
    return list;
  }

  /** Publishes every file with problems, and clears files published before that have none now. */
  publishAll(): void {
    const index = this.index;
    if (!index) return;
    const byFile = new Map<string, Problem[]>();
    this.refreshMirrors();
    const mirrored = [...this.mirrors.values()].flat();
    for (const problem of [...index.allProblems(), ...mirrored]) {
      const list = byFile.get(problem.file);
      if (list) list.push(problem);
      else byFile.set(problem.file, [problem]);
    }
    const files = new Set<string>([...byFile.keys(), ...this.published.keys(), ...this.openFiles]);
    for (const file of files) this.publishIfChanged(file, this.diagnosticsFor(file, byFile.get(file) ?? []));
  }

  publishFiles(files: Iterable<string>): void {
    for (const file of files) this.publishIfChanged(file, this.diagnosticsFor(file));
  }

  private publishIfChanged(file: string, diagnostics: Diagnostic[]): void {
    const key = diagnosticsKey(diagnostics);
    const before = this.published.get(file);
    if (before === key || (before === undefined && diagnostics.length === 0)) return;
    if (diagnostics.length === 0) this.published.delete(file);
    else this.published.set(file, key);
    this.hooks.sendDiagnostics(file, diagnostics);
  }

  // ---- lookups used by handlers -----------------------------------------------------------

  environmentFor(file: string): Environment | undefined {
    return this.index?.environmentForFile(file);
  }

  migrationFile(file: string): { env: Environment; migration: MigrationFile } | undefined {
    const env = this.environmentFor(file);
    const migration = env?.files.get(file);
    return env && migration ? { env, migration } : undefined;
  }

  environmentById(id: string): Environment | undefined {
    return this.index?.environments.find((env) => env.config.id === id);
  }
}

/** Long enough for the client's first requests after the index (tree, status) to go first. */
const WARM_UP_DELAY_MS = 200;

function safeWarmUp(index: WorkspaceIndex, logger: Logger): void {
  try {
    index.warmUp();
  } catch (error) {
    logger.warn(`[alembic-lens] warm-up failed (nothing changes): ${error instanceof Error ? error.message : String(error)}`);
  }
}
