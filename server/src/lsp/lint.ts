/**
 * The safety lint in the editor: findings for open migrations, from the same core as `check`
 * (lint/environment.ts) and the same `[tool.alembic-lens]` settings, so both report the same,
 * except where the user's `alembicLens.lint.*` settings override them (the CLI reads only
 * pyproject.toml).
 *
 * Publishing diagnostics is synchronous and must stay fast, so:
 * - the PostgreSQL parser (WASM) loads asynchronously on first use; the file is republished when
 *   it is ready (until then the lint reports nothing rather than "not checked" everywhere);
 * - readings of migrations are kept in memory with the text they were read from, so an edit
 *   re-reads one file;
 * - the history before the open file is read in small slices in idle time; until all of it is
 *   read, the open file is linted on its own (findings that need the history, such as
 *   unknown-table, come once the history is read, and the file is then republished).
 * The linter is loaded on first use, like the engine (lsp/engine.ts).
 */
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { Environment, WorkspaceIndex } from '../project/types';
import type * as LintEnvironmentModule from '../lint/environment';
import type * as LintRunModule from '../lint/run';
import type * as LintConfigModule from '../lint/config';
import type * as SqlParserModule from '../lint/sql/parser';
import type * as InterpretModule from '../engine/interpret/index';
import type { HistoryEntry, MigrationReading, ReadingCache } from '../lint/run';
import type { LintConfig } from '../lint/config';
import { DEFAULT_EDITOR_LINT, type EditorLintSettings } from './settings';

interface LintModules {
  run: typeof LintRunModule;
  environment: typeof LintEnvironmentModule;
  config: typeof LintConfigModule;
  parser: typeof SqlParserModule;
  interpret: typeof InterpretModule.interpretMigration;
}

let modules: LintModules | undefined;

function lint(): LintModules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  modules ??= {
    run: require('../lint/run') as typeof LintRunModule,
    environment: require('../lint/environment') as typeof LintEnvironmentModule,
    config: require('../lint/config') as typeof LintConfigModule,
    parser: require('../lint/sql/parser') as typeof SqlParserModule,
    interpret: notingReads((require('../engine/interpret/index') as typeof InterpretModule).interpretMigration),
  };
  return modules;
}

/** Notes what each interpretation read besides the migration's own text (MemoryReadings.noteReads). */
function notingReads(interpret: typeof InterpretModule.interpretMigration): typeof InterpretModule.interpretMigration {
  return (file, text) => {
    const result = interpret(file, text);
    readings.noteReads(file, result.dependencies?.map((dependency) => dependency.path) ?? []);
    return result;
  };
}

/**
 * A file changed on disk that is not a migration: the readings of the migrations whose
 * interpretation read it are dropped (read again at the next lint). True when there were any.
 */
export function forgetReadingsDependingOn(path: string): boolean {
  return readings.forgetDependentsOf(path);
}

const MAX_READINGS = 20_000;
/** Files read per idle slice while warming the history (about 1-2 ms each). */
const SLICE = 25;

/**
 * The last reading of each file, under the index's content hash of the text it was read from
 * (or that text itself when the index has no hash yet): a lint after an edit reads no other file.
 */
class MemoryReadings implements ReadingCache {
  private readonly entries = new Map<string, { key: string; reading: MigrationReading }>();
  /**
   * The files each migration's last interpretation read besides its own text (a SQL file it
   * executes, a module its types come from): the readings are kept by the migration's text
   * alone, so a change to one of those files must drop them.
   */
  private readonly readsOf = new Map<string, readonly string[]>();

  get(entry: HistoryEntry): MigrationReading | undefined {
    const found = this.entries.get(entry.file);
    if (!found) return undefined;
    if (entry.hash !== undefined) return found.key === entry.hash ? found.reading : undefined;
    return found.key === entry.text ? found.reading : undefined;
  }

  set(entry: HistoryEntry, reading: MigrationReading): void {
    if (this.entries.size >= MAX_READINGS && !this.entries.has(entry.file)) this.entries.delete(this.entries.keys().next().value!);
    const key = entry.hash ?? entry.text;
    if (key !== undefined) this.entries.set(entry.file, { key, reading });
  }

  has(entry: HistoryEntry): boolean {
    return this.get(entry) !== undefined;
  }

  noteReads(file: string, paths: readonly string[]): void {
    if (paths.length > 0) this.readsOf.set(file, paths);
    else this.readsOf.delete(file);
  }

  /** Drops the readings of the migrations that read `path`; true when there were any. */
  forgetDependentsOf(path: string): boolean {
    let forgot = false;
    for (const [file, paths] of this.readsOf) {
      if (!paths.includes(path)) continue;
      this.entries.delete(file);
      this.readsOf.delete(file);
      forgot = true;
    }
    return forgot;
  }
}

const readings = new MemoryReadings();
/** One set of schema snapshots per environment (by config id: environments are rebuilt on edits). */
const checkpoints = new Map<string, InstanceType<typeof LintRunModule.ReplayCheckpoints>>();

function checkpointsOf(env: Environment): InstanceType<typeof LintRunModule.ReplayCheckpoints> {
  let found = checkpoints.get(env.config.id);
  if (!found) {
    found = new (lint().run.ReplayCheckpoints)();
    checkpoints.set(env.config.id, found);
  }
  return found;
}
let warming: Environment | undefined;

/** `alembicLens.lint.*` as last received (register.ts passes them on start and on every change). */
let editorLint: EditorLintSettings = DEFAULT_EDITOR_LINT;

export function setEditorLintSettings(settings: EditorLintSettings): void {
  editorLint = settings;
}

/** The pyproject.toml settings with the editor's overrides on top (a default value overrides nothing). */
function withEditorSettings(config: LintConfig): LintConfig {
  const { select, ignore, severity, postgresqlVersion, since } = editorLint;
  return lint().config.withOverrides(config, {
    ...(select.length > 0 ? { select } : {}),
    ...(ignore.length > 0 ? { ignore } : {}),
    ...(Object.keys(severity).length > 0 ? { severity } : {}),
    ...(postgresqlVersion > 0 ? { postgresqlVersion } : {}),
    ...(since !== '' ? { since } : {}),
  });
}

/**
 * Lint findings of an open migration. `republish` is called when something that was missing
 * (the parser, the history's readings) becomes ready.
 */
export function lintProblems(index: WorkspaceIndex, env: Environment | undefined, file: string, republish: () => void): Problem[] {
  if (!env?.files.has(file)) return [];
  const { environment, config: configModule, parser, interpret } = lint();
  if (!parser.isSqlParserLoaded()) {
    void parser.loadSqlParser().then((loaded) => loaded && republish());
    return [];
  }
  const { config: fileConfig, problems: configProblems } = configModule.readLintConfig(nodePath.dirname(env.config.configFile));
  const config = withEditorSettings(fileConfig);
  const history = environment.historyOf(index, env, true);
  const missing = history.filter((entry) => !readings.has(entry));
  const own = history.find((entry) => entry.file === file);
  if (missing.length > SLICE && own) {
    warmUp(index, env, republish);
    // Until the history is read: this file alone (the schema before it is unknown, never guessed).
    const alone = environment.lintEnvironment(index, env, config, interpret, { files: new Set([file]), cache: readings, history: [own], indexHashes: true });
    return alone.problems.filter((problem) => problem.file === file);
  }
  const result = environment.lintEnvironment(index, env, config, interpret, { files: new Set([file]), cache: readings, indexHashes: true, checkpoints: checkpointsOf(env) });
  return [...result.problems, ...configProblems].filter((problem) => problem.file === file);
}

/** Reads the environment's migrations in idle slices, then republishes. */
function warmUp(index: WorkspaceIndex, env: Environment, republish: () => void): void {
  if (warming === env) return;
  warming = env;
  const { environment, interpret } = lint();
  const pending = environment.historyOf(index, env, true).filter((entry) => !readings.has(entry));
  const step = (): void => {
    if (warming !== env) return;
    const slice = pending.splice(0, SLICE);
    environment.readEntries(slice, interpret, readings);
    if (pending.length > 0) setImmediate(step);
    else {
      warming = undefined;
      republish();
    }
  };
  setImmediate(step);
}
