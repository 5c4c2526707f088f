/**
 * The safety lint inside `check`: for each checked environment, the `[tool.alembic-lens]`
 * settings of the nearest pyproject.toml, with `--select`, `--ignore` and `--since` on top, then
 * the linter over the whole history (core: lint/environment.ts, shared with the language server).
 * Usage errors (an unknown code, a `--since` that names no revision) stop with exit code 2.
 */
import { appendAll } from '../common/appendAll';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import { LINT_CODES } from '../diagnostics/codes/lint';
import { ALL_CODES } from '../diagnostics/codes';
import { interpretMigration } from '../engine/interpret/index';
import { engineCache } from '../engine/offline/defaultEngine';
import type { ContentCache } from '../engine/cache/contentCache';
import type { HistoryEntry, MigrationReading, ReadingCache } from '../lint/run';
import type { ReadingFollower } from './checkBodies';
import { contentHash } from '../common/contentHash';
import type { Environment, WorkspaceIndex } from '../project/types';
import { readLintConfig, withOverrides } from '../lint/config';
import { historyOf, lintEnvironmentSteps, sinceResolves } from '../lint/environment';
import { CommandFailure, type ParsedArgs } from './types';

export const LINT_OPTIONS = [
  { names: ['--select'], key: 'select', takesValue: true, repeatable: true, metavar: 'CODES', help: 'Run only these lint rules (comma-separated codes, or ALL); replaces [tool.alembic-lens] select' },
  { names: ['--ignore'], key: 'ignore', takesValue: true, repeatable: true, metavar: 'CODES', help: 'Do not run these lint rules (comma-separated codes); added to [tool.alembic-lens] ignore' },
  { names: ['--since'], key: 'since', takesValue: true, metavar: 'REV', help: 'Lint only the revisions after REV (what a pull request adds); replaces [tool.alembic-lens] since' },
];

const KNOWN = new Set(LINT_CODES.map((info) => info.code));
const ALL_CODE_NAMES = new Set(ALL_CODES.map((info) => info.code));

/** The disk cache of lint readings; `check` fills it while reading bodies (checkBodies.ts). */
export function lintReadingCache(env: NodeJS.ProcessEnv): ContentCache<MigrationReading> {
  // Readings depend on the file's content only: kept in the engine's disk cache like check's bodies.
  return engineCache<MigrationReading>(`lint-${lintSourceSignature()}`, env);
}

/** A reading's key: the content hash of the file's decoded text (the index's hash) and its path. */
export function lintReadingKey(textHash: string, file: string): string {
  return `${textHash}:${file}`;
}

/**
 * The safety lint of `check`, run while the bodies are read (checkBodies.ts): it replays each
 * environment's history base first and pauses at the first revision whose reading has not
 * arrived, so on a cold run the lint's replay overlaps the reading threads instead of following
 * them. The problems are the same, in the same order, as a lint after the whole reading.
 */
export class CheckLint implements ReadingFollower {
  private readonly pending = new Set<string>();
  private readonly texts = new Map<string, string>();
  private readonly steps: Generator<void, Problem[], void>;
  private readonly histories: HistoryEntry[][] = [];
  private readonly select: string[] | undefined;
  private readonly ignore: string[] | undefined;
  private failure: unknown;
  private result: Problem[] | undefined;

  /** Throws CommandFailure (exit 2) for an unknown code in --select / --ignore. */
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly environments: readonly Environment[],
    private readonly args: ParsedArgs,
    private readonly root: string,
    private readonly disk: ContentCache<MigrationReading>,
    /** Texts the index read (a file whose reading came from the cache is not read again for its comments). */
    private readonly indexTexts?: ReadonlyMap<string, string>,
  ) {
    this.select = codesOf(args.lists.select, '--select', true);
    this.ignore = codesOf(args.lists.ignore, '--ignore', false);
    // Without the index's hashes: on a cold run a file's hash is known once its reading has come
    // (asked now, it would be read and hashed here); keyOf asks the index when the lint needs it.
    for (const environment of environments) this.histories.push(historyOf(index, environment, false, this.knownText));
    this.steps = this.run();
  }

  order(): readonly string[] {
    return this.histories.flatMap((history) => history.map((entry) => entry.file));
  }

  willRead(files: readonly string[]): void {
    for (const file of files) this.pending.add(file);
  }

  arrived(file: string, text: string): void {
    this.texts.set(file, text);
    this.pending.delete(file);
  }

  /** Lints what has arrived; an error (a --since that names no revision) waits for `problems`. */
  advance(): void {
    if (this.result !== undefined || this.failure !== undefined) return;
    try {
      const step = this.steps.next();
      if (step.done) this.result = step.value;
    } catch (error) {
      this.failure = error;
    }
  }

  /** Every problem, once the reading is over (a reading still missing is made here). */
  problems(): Problem[] {
    this.pending.clear();
    while (this.result === undefined && this.failure === undefined) this.advance();
    if (this.failure !== undefined) throw this.failure;
    this.disk.flush();
    return this.result!;
  }

  private readonly knownText = (file: string): string | undefined => this.texts.get(file) ?? this.indexTexts?.get(file);

  private *run(): Generator<void, Problem[], void> {
    const { args, disk, select, ignore } = this;
    // Keyed by the index's content hash of each file (the hash checkBodies.ts stores readings
    // under; a file read in this run has it since its reading arrived), so finding a reading
    // neither reads nor hashes the file again.
    const keyOf = (entry: HistoryEntry): string | undefined => {
      const hash = entry.hash ?? this.indexHashOf(entry.file);
      if (hash !== undefined) return lintReadingKey(hash, entry.file);
      const text = entry.text;
      return text === undefined ? undefined : lintReadingKey(contentHash(text), entry.file);
    };
    const cache: ReadingCache = {
      get: (entry) => {
        const key = keyOf(entry);
        return key === undefined ? undefined : disk.get(key);
      },
      set: (entry, value) => {
        const key = keyOf(entry);
        if (key !== undefined) disk.set(key, value);
      },
    };
    const ready = (entry: HistoryEntry): boolean => !this.pending.has(entry.file);
    const problems: Problem[] = [];
    // In a workspace of several environments a `since` names a revision of one of them: the others
    // then leave nothing out (docs/settings.md); it is an error only where it names none.
    const configs = this.environments.map((environment) => {
      const read = readLintConfig(nodePath.dirname(environment.config.configFile), this.root);
      return { ...read, config: withOverrides(read.config, { ...(select ? { select } : {}), ...(ignore ? { ignore } : {}), ...(args.values.since !== undefined ? { since: args.values.since } : {}) }) };
    });
    const sinceAnywhere = (since: string): boolean => this.environments.some((environment) => sinceResolves(environment, since));
    if (args.values.since !== undefined && this.environments.length > 0 && !sinceAnywhere(args.values.since)) {
      const where = this.environments.length === 1 ? this.environments[0].config.configFile : `any of the ${this.environments.length} environments found`;
      throw new CommandFailure(`argument --since: ${args.values.since} is not a revision of ${where}`, 2);
    }
    for (const [at, environment] of this.environments.entries()) {
      const { config, problems: configProblems } = configs[at];
      const unknownSinceIsError = config.since === undefined || !sinceAnywhere(config.since);
      const result = yield* lintEnvironmentSteps(this.index, environment, config, interpretMigration, { cache, history: this.histories[at], ready, unknownSinceIsError });
      if (result.sinceError && args.values.since !== undefined) throw new CommandFailure(`argument --since: ${args.values.since} is not a revision of ${environment.config.configFile}`, 2);
      appendAll(problems, configProblems.filter((problem) => !problems.some((known) => known.file === problem.file && known.message === problem.message)));
      appendAll(problems, result.problems);
    }
    return problems;
  }

  /** The index's current content hash of a file (adopted from its reading on a cold run). */
  private indexHashOf(file: string): string | undefined {
    for (const environment of this.environments) {
      const hash = environment.files.get(file)?.hash;
      if (hash !== undefined) return hash;
    }
    return undefined;
  }
}

/**
 * Run from source, the engine cache's signature covers engine/ and python/ only: a change to the
 * linter's own reading code must not be served readings made before it.
 */
function lintSourceSignature(): string {
  if (!__filename.endsWith('.ts')) return 'v1';
  let newest = 0;
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = nodePath.join(folder, entry.name);
      newest = Math.max(newest, entry.isDirectory() ? (walk(full), 0) : fs.statSync(full).mtimeMs);
    }
  };
  try {
    walk(nodePath.resolve(__dirname, '..', 'lint'));
  } catch {
    return 'unknown';
  }
  return `src${Math.round(newest)}`;
}

function codesOf(values: string[] | undefined, option: string, allowAll: boolean): string[] | undefined {
  if (!values) return undefined;
  const codes = values.flatMap((value) => value.split(',')).map((code) => code.trim()).filter((code) => code !== '');
  const unknown = codes.filter((code) => !KNOWN.has(code) && !(allowAll && code === 'ALL'));
  // A code of another layer (opaque-step, python-syntax-error, ...) is always reported: say so.
  const otherLayers = unknown.filter((code) => ALL_CODE_NAMES.has(code));
  if (otherLayers.length > 0) {
    throw new CommandFailure(`argument ${option}: ${otherLayers.join(', ')} ${otherLayers.length > 1 ? 'are not safety-lint rules' : 'is not a safety-lint rule'}: it is reported whatever --select and --ignore say (suppress it with an ignore comment)`, 2);
  }
  if (unknown.length > 0) throw new CommandFailure(`argument ${option}: unknown lint code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see docs/rules/README.md)`, 2);
  return codes;
}
