/**
 * The workspace index's contract: what discovery, reading and graph building produce, and how
 * front ends (CLI, language server, tests) ask for it. Implemented in project/workspaceIndex.ts.
 * Reading never throws: every failure is a Problem with a file and range.
 */
import type { Problem } from '../common/problem';
import type { SourceLocation } from '../common/range';
import type { MigrationHeader } from '../python/header';
import type { RevisionMap } from '../graph/revisionMap';
import type { EnvPyFacts } from '../python/envPy';

// Re-exported so that consumers of the index contract find every type in one place; the types
// live beside what produces them.
export type { Known } from '../common/known';
export type { EnvPyFacts } from '../python/envPy';

export interface EnvironmentConfig {
  /** Stable key: `<configFile>#<section>`. */
  id: string;
  /** The ini section (`alembic`, or a `-n` name) or `tool.alembic` for pyproject.toml. */
  name: string;
  configFile: string;
  kind: 'ini' | 'pyproject';
  /** Absolute folder holding env.py and (by default) versions/. */
  scriptLocation: string;
  /** Absolute folders, in configured order. */
  versionLocations: string[];
  recursiveVersionLocations: boolean;
  /**
   * True when script_location or a version location was given as `package:path` and found by
   * searching folders (the answer depends on which candidate folders exist, not only on the config).
   */
  foundThroughPackage?: boolean;
  /**
   * The config has no script_location and its folder is laid out as Flask-Migrate's (env.py
   * importing flask): script_location is the config's folder, as `flask db` sets it. Plain
   * `alembic -c` cannot run such an environment (no script_location, and env.py needs the app).
   */
  flaskMigrate?: boolean;
  /** Raw `file_template` after interpolation (Alembic's default `%%(rev)s_%%(slug)s` reads as `%(rev)s_%(slug)s`). */
  fileTemplate: string;
  timezone?: string;
  /** As configured; front ends must redact passwords before showing it. */
  sqlalchemyUrl?: string;
  /** Where `sqlalchemyUrl` was read (the key's value in the ini). */
  sqlalchemyUrlLocation?: SourceLocation;
  envPy: EnvPyFacts;
}

export interface MigrationFile {
  path: string;
  /** Which configured version location it was found in. */
  versionLocation: string;
  header: MigrationHeader;
  /** Content hash of the text the header was read from (for caches keyed by content). */
  hash: string;
  /**
   * Takes `hash` as the file's hash when it is not known yet: the content hash of a text just
   * read from disk by someone else (check's body reading), which names that text as a read of
   * its own would.
   */
  adoptHash?(hash: string): void;
  /** The hash when it is known without reading the file (undefined: asking `hash` reads it). */
  hashIfKnown?(): string | undefined;
}

export interface Environment {
  config: EnvironmentConfig;
  /** Every migration file read, by absolute path (including files with problems). */
  files: ReadonlyMap<string, MigrationFile>;
  graph: RevisionMap;
  /** Absolute path of the file that defines a revision id (the last one read, as Alembic keeps). */
  fileOf(revisionId: string): string | undefined;
  /** Config, file and graph problems of this environment. */
  problems: readonly Problem[];
}

export interface IndexChange {
  /** Files whose problems may differ from before: republish diagnostics for these. */
  affectedFiles: string[];
  /** Environments whose graph was rebuilt. */
  affectedEnvironments: string[];
}

export interface WorkspaceIndex {
  readonly roots: readonly string[];
  readonly environments: readonly Environment[];
  /** Problems not tied to an environment (unreadable config, broken alembic.ini, ...). */
  readonly workspaceProblems: readonly Problem[];
  allProblems(): Problem[];
  problemsFor(file: string): Problem[];
  environmentForFile(file: string): Environment | undefined;
  /** Editor contents take precedence over the disk; `undefined` drops the overlay. */
  setOverlay(file: string, text: string | undefined): IndexChange;
  /** A file was created, changed or deleted on disk. */
  refreshFile(file: string): IndexChange;
  /** A config file (alembic.ini, pyproject.toml, env.py) changed: rediscover everything. */
  rediscover(): IndexChange;
  /**
   * Parses the whole text of the files whose header was read from the module prefix, for the
   * syntax errors below it, for at most `budgetMs` (idle-time slices in the language server).
   * `done` is false while files remain; every later call continues where this one stopped, and a
   * changed file is checked again.
   */
  checkBodySyntax(budgetMs?: number): IndexChange & { done: boolean };
  /** Idle-time preparation for the first edits (see EnvironmentState.warmUp); changes nothing observable. */
  warmUp(): void;
  /** Replaces the `exclude` globs of discovery (relative to each root); applies from the next `rediscover()`. */
  setExclude(globs: readonly string[]): void;
  /** Text of a file as the index sees it (overlay first, then disk). */
  textOf(file: string): string | undefined;
}
