/**
 * The workspace index: discovers environments, reads every migration file, builds each graph,
 * and keeps it current. Editor overlays and file events re-read only the changed file and
 * rebuild that environment's graph from cached inputs; `IndexChange.affectedFiles` lists exactly
 * the files whose problems changed, so a language server republishes only those.
 */
import { appendAll } from '../common/appendAll';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { Environment, IndexChange, WorkspaceIndex } from './types';
import { discoverEnvironments, isExcludedFile, type DiscoveredEnvironment } from './discover';
import { EnvironmentState, type FileSource } from './environmentState';
import { ReadAhead, withReadAhead } from './readAhead';
import { decodeMigrationBytes, isMigrationFileName, listVersionFiles, readMigrationText, type ReadOutcome } from './versionFiles';
import { ConstantResolver, readFileIfExists } from './references';
import { compileGlobs, type PathMatcher } from '../common/glob';

export interface BuildOptions {
  onProgress?(done: number, total: number): void;
  /**
   * Each environment's migration files as soon as they are listed, before they are read (`check`
   * lets its reading threads start on them while the headers are read).
   */
  onListed?(files: readonly string[]): void;
  /**
   * Each migration file's text as the index read it (`check` reads the bodies from these rather
   * than from the disk a second time). Not called for a file whose header came from a cache.
   */
  onRead?(file: string, text: string): void;
  /**
   * `alembicLens.exclude` globs, relative to each root: discovery neither walks matching folders
   * nor reads matching config files, and file events there never create an environment.
   */
  exclude?: readonly string[];
  /** Config files to read whatever their name (discover.ts, DiscoveryOptions.configFiles). */
  configFiles?: readonly string[];
}

/** Names whose change can alter which environments exist or how they are configured. */
export const CONFIG_FILE_NAMES: ReadonlySet<string> = new Set(['alembic.ini', 'pyproject.toml', 'env.py']);

class Index implements WorkspaceIndex {
  readonly roots: readonly string[];
  environments: EnvironmentState[] = [];
  workspaceProblems: Problem[] = [];
  private readonly overlays = new Map<string, string>();
  private configFiles = new Set<string>();
  private resolver: ConstantResolver;
  private readonly source: FileSource;
  private exclude: PathMatcher;

  constructor(roots: readonly string[], exclude: readonly string[] = [], private readonly explicitConfigs: readonly string[] = []) {
    this.roots = roots.map((root) => nodePath.resolve(root));
    this.exclude = compileGlobs(exclude);
    this.resolver = this.newResolver();
    this.source = {
      read: (path) => this.readFile(path),
      isOverlay: (path) => this.overlays.has(path),
    };
  }

  fileSource(): FileSource {
    return this.source;
  }

  /** Discovery plus the list of files to read; reading happens in `loadAll` (sync or async). */
  discover(): { environment: EnvironmentState; discovered: DiscoveredEnvironment }[] {
    this.resolver = this.newResolver();
    const result = discoverEnvironments(this.roots, (file) => this.overlays.get(file), { exclude: this.exclude, configFiles: this.explicitConfigs });
    this.workspaceProblems = result.problems;
    this.configFiles = new Set(result.configFiles);
    return result.environments.map((discovered) => {
      this.configFiles.add(nodePath.join(discovered.config.scriptLocation, 'env.py'));
      return { environment: new EnvironmentState(discovered.config, discovered.problems, [], this.resolver), discovered };
    });
  }

  warmUp(): void {
    for (const environment of this.environments) environment.warmUp();
  }

  checkBodySyntax(budgetMs = Infinity): IndexChange & { done: boolean } {
    const deadline = performance.now() + budgetMs;
    const affectedFiles = new Set<string>();
    const affectedEnvironments: string[] = [];
    let done = true;
    for (const environment of this.environments) {
      const before = environment.problemsByFile;
      const progress = environment.checkBodySyntax(this.source, deadline);
      if (progress.changed) {
        environment.rebuild();
        diffProblems(before, environment.problemsByFile, affectedFiles);
        affectedEnvironments.push(environment.config.id);
      }
      if (!progress.done) {
        done = false;
        break;
      }
    }
    return { affectedFiles: [...affectedFiles].sort(), affectedEnvironments, done };
  }

  allProblems(): Problem[] {
    return [...this.workspaceProblems, ...this.environments.flatMap((environment) => environment.problems)];
  }

  problemsFor(file: string): Problem[] {
    const target = nodePath.resolve(file);
    const found = this.workspaceProblems.filter((problem) => problem.file === target);
    for (const environment of this.environments) appendAll(found, environment.problemsByFile.get(target) ?? []);
    return found;
  }

  environmentForFile(file: string): Environment | undefined {
    const target = nodePath.resolve(file);
    return (
      this.environments.find((environment) => environment.hasFile(target)) ??
      this.environments.find((environment) => this.belongsTo(environment, target)) ??
      // env.py and the config file belong to their environment too (first section wins for a shared ini).
      this.environments.find((environment) => environment.config.configFile === target || nodePath.join(environment.config.scriptLocation, 'env.py') === target)
    );
  }

  textOf(file: string): string | undefined {
    const target = nodePath.resolve(file);
    return this.overlays.get(target) ?? readFileIfExists(target);
  }

  setOverlay(file: string, text: string | undefined): IndexChange {
    const target = nodePath.resolve(file);
    if (text === undefined) this.overlays.delete(target);
    else this.overlays.set(target, text);
    return this.fileChanged(target);
  }

  refreshFile(file: string): IndexChange {
    return this.fileChanged(nodePath.resolve(file));
  }

  setExclude(globs: readonly string[]): void {
    this.exclude = compileGlobs(globs);
  }

  rediscover(): IndexChange {
    const before = this.snapshotProblems();
    const loaded = this.discover();
    this.environments = loaded.map(({ environment }) => environment);
    for (const { environment } of loaded) this.loadEnvironment(environment);
    return this.changeSince(before, this.environments.map((environment) => environment.config.id));
  }

  loadEnvironment(environment: EnvironmentState, onListed?: (files: readonly string[]) => void, onRead?: (file: string, text: string) => void): void {
    const listing = listVersionFiles(environment.config);
    onListed?.(listing.files.map((file) => file.path));
    withReadAhead(this.source, listing.files.map((file) => file.path), (reading) => environment.setListing(listing.files, listing.problems, onRead ? heardReads(reading, onRead) : reading));
    environment.rebuild();
  }

  private fileChanged(target: string): IndexChange {
    if (this.configFiles.has(target) || (CONFIG_FILE_NAMES.has(nodePath.basename(target)) && this.isInWorkspace(target) && !this.isExcluded(target))) {
      return this.rediscover();
    }
    const touched: EnvironmentState[] = [];
    const before = new Map<EnvironmentState, Map<string, Problem[]>>();
    const remember = (environment: EnvironmentState): void => {
      if (!before.has(environment)) before.set(environment, new Map(environment.problemsByFile));
      if (!touched.includes(environment)) touched.push(environment);
    };
    for (const environment of this.environments) {
      const known = environment.hasFile(target);
      const belongs = isMigrationFileName(nodePath.basename(target)) && this.belongsTo(environment, target);
      if (!known && !belongs) continue;
      remember(environment);
      if (known && belongs && this.exists(target)) environment.loadFile(target, this.source);
      else {
        // Created or deleted: list again so Alembic's file order is kept.
        const listing = listVersionFiles(environment.config);
        environment.setListing(listing.files, listing.problems, this.source);
      }
    }
    // A module that headers import constants from changed: re-resolve every environment.
    if (this.resolver.invalidate(target)) {
      for (const environment of this.environments) {
        remember(environment);
        environment.reresolveReferences();
      }
    }
    for (const environment of touched) environment.rebuild();
    const affectedFiles = new Set<string>();
    for (const [environment, old] of before) diffProblems(old, environment.problemsByFile, affectedFiles);
    return { affectedFiles: [...affectedFiles].sort(), affectedEnvironments: touched.map((environment) => environment.config.id) };
  }

  private belongsTo(environment: EnvironmentState, file: string): boolean {
    const dir = nodePath.dirname(file);
    return environment.config.versionLocations.some((location) =>
      environment.config.recursiveVersionLocations ? dir === location || dir.startsWith(location + nodePath.sep) : dir === location,
    );
  }

  private isInWorkspace(file: string): boolean {
    return this.roots.some((root) => file === root || file.startsWith(root + nodePath.sep));
  }

  /** True when the file or one of its folders matches `exclude` relative to a root holding it. */
  private isExcluded(file: string): boolean {
    return isExcludedFile(file, this.roots, this.exclude);
  }

  private exists(file: string): boolean {
    return this.overlays.has(file) || fs.existsSync(file);
  }

  private readFile(path: string): ReadOutcome {
    const overlay = this.overlays.get(path);
    if (overlay === undefined) return readMigrationText(path);
    const fromBuffer = decodeMigrationBytes(path, Buffer.from(overlay, 'utf8'));
    // An open file whose bytes are not UTF-8 has their decoded text as its buffer (U+FFFD where
    // they were undecodable): while the buffer is the saved text, the file is what `check` reads
    // and warns about, so its warning stays.
    if (!overlay.includes('\ufffd')) return fromBuffer;
    const onDisk = readMigrationText(path);
    const notUtf8 = onDisk.problems.filter((problem) => problem.code === 'file-not-utf8');
    if (onDisk.text !== overlay || notUtf8.length === 0) return fromBuffer;
    return { ...fromBuffer, problems: [...fromBuffer.problems, ...notUtf8] };
  }

  private newResolver(): ConstantResolver {
    return new ConstantResolver(
      () => this.roots,
      (file) => this.overlays.get(file) ?? readFileIfExists(file),
    );
  }

  private snapshotProblems(): Map<string, Problem[]> {
    const all = new Map<string, Problem[]>();
    for (const problem of this.allProblems()) {
      const list = all.get(problem.file);
      if (list) list.push(problem);
      else all.set(problem.file, [problem]);
    }
    return all;
  }

  private changeSince(before: Map<string, Problem[]>, environments: string[]): IndexChange {
    const affected = new Set<string>();
    diffProblems(before, this.snapshotProblems(), affected);
    return { affectedFiles: [...affected].sort(), affectedEnvironments: environments };
  }
}

/** `source`, telling `onRead` the text of each file it reads. */
function heardReads(source: FileSource, onRead: (file: string, text: string) => void): FileSource {
  return {
    read: (path) => {
      const outcome = source.read(path);
      if (outcome.text !== undefined) onRead(path, outcome.text);
      return outcome;
    },
    isOverlay: (path) => source.isOverlay(path),
    ...(source.cached ? { cached: (path: string) => source.cached!(path) } : {}),
    ...(source.remember ? { remember: (...args: Parameters<NonNullable<FileSource['remember']>>) => source.remember!(...args) } : {}),
  };
}

/** Adds every file whose problem list differs between `old` and `now`. */
function diffProblems(old: ReadonlyMap<string, Problem[]>, now: ReadonlyMap<string, Problem[]>, into: Set<string>): void {
  for (const file of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(file) ?? [];
    const b = now.get(file) ?? [];
    if (a === b) continue;
    if (a.length !== b.length || JSON.stringify(a) !== JSON.stringify(b)) into.add(file);
  }
}

export function buildWorkspaceIndex(roots: string[], options: BuildOptions = {}): WorkspaceIndex {
  const index = new Index(roots, options.exclude, options.configFiles);
  const loaded = index.discover();
  index.environments = loaded.map(({ environment }) => environment);
  const total = loaded.length;
  loaded.forEach(({ environment }, done) => {
    index.loadEnvironment(environment, options.onListed, options.onRead);
    options.onProgress?.(done + 1, total);
  });
  if (total === 0) options.onProgress?.(0, 0);
  return index;
}

/**
 * Same result as `buildWorkspaceIndex`, yielding to the event loop every `batch` files so a
 * language server stays responsive and can report progress in files.
 */
export async function buildWorkspaceIndexAsync(roots: string[], options: BuildOptions & { batch?: number } = {}): Promise<WorkspaceIndex> {
  const index = new Index(roots, options.exclude);
  const loaded = index.discover();
  index.environments = loaded.map(({ environment }) => environment);
  const listings = loaded.map(({ environment }) => ({ environment, listing: listVersionFiles(environment.config) }));
  const total = listings.reduce((sum, { listing }) => sum + listing.files.length, 0);
  const batch = options.batch ?? 300;
  let done = 0;
  for (const { environment, listing } of listings) {
    const ahead = ReadAhead.start(index.fileSource(), listing.files.map((file) => file.path));
    const source = ahead?.source() ?? index.fileSource();
    try {
      for (let start = 0; start < listing.files.length; start += batch) {
        environment.setListing(listing.files.slice(0, start + batch), listing.problems, source);
        done = Math.min(total, done + Math.min(batch, listing.files.length - start));
        options.onProgress?.(done, total);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      ahead?.close();
    }
    environment.setListing(listing.files, listing.problems, index.fileSource());
    environment.rebuild();
  }
  if (total === 0) options.onProgress?.(0, 0);
  return index;
}
