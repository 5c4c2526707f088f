/**
 * Linting one Alembic environment of the workspace index: its revisions in graph order (base
 * first, as `alembic upgrade heads` applies them), the files' current text (the editor's buffer
 * wins), `since` resolved on the graph. Used by `check` and by the language server alike.
 */
import { contentHash } from '../common/contentHash';
import type { Problem } from '../common/problem';
import { ZERO_RANGE } from '../common/range';
import type { InterpretedMigration } from '../engine/interpret/index';
import type { Environment, WorkspaceIndex } from '../project/types';
import type { LintConfig } from './config';
import { lintHistory, readIntoCache, type HistoryEntry, type ReadingCache } from './run';

export interface LintOptions {
  /** Only these files' findings are wanted (the editor's open files). */
  files?: ReadonlySet<string>;
  /** Readings by content hash. */
  cache?: ReadingCache;
  /** The revisions to replay, instead of the environment's whole history. */
  history?: HistoryEntry[];
}

export interface EnvironmentLint {
  problems: Problem[];
  /** Set when `since` names no revision of this environment. */
  sinceError?: string;
}

export function lintEnvironment(
  index: WorkspaceIndex,
  environment: Environment,
  config: LintConfig,
  interpret: (file: string, text: string) => InterpretedMigration,
  options: LintOptions = {},
): EnvironmentLint {
  const { files, cache } = options;
  const history = options.history ?? historyOf(index, environment, cache !== undefined);
  let reportOn: Set<string> | undefined;
  let sinceError: string | undefined;
  if (config.since !== undefined) {
    const done = revisionsUpTo(environment, config.since);
    if (done === undefined) sinceError = `since: ${config.since} is not a revision of ${environment.config.name} (${environment.config.configFile})`;
    else reportOn = new Set(history.map((entry) => entry.revision).filter((revision) => !done.has(revision)));
  }
  const problems = lintHistory({ history, config, interpret, ...(reportOn ? { reportOn } : {}), ...(files ? { files } : {}), ...(cache ? { cache } : {}) });
  if (sinceError && config.file) {
    problems.push({ code: 'invalid-config-value', severity: 'error', message: `[tool.alembic-lens] ${sinceError}`, file: config.file, range: ZERO_RANGE, related: [] });
  }
  return { problems, ...(sinceError ? { sinceError } : {}) };
}

/** Revisions base first; a graph Alembic cannot walk (a cycle) falls back to file order. */
export function historyOf(index: WorkspaceIndex, environment: Environment, withHashes = false): HistoryEntry[] {
  const walked = environment.graph.walkRevisions();
  const revisions = walked.ok ? [...walked.value].reverse() : environment.graph.revisions();
  const entries: HistoryEntry[] = [];
  for (const revision of revisions) {
    const file = environment.fileOf(revision.id);
    if (!file) continue;
    const text = index.textOf(file);
    // Hashed here, from the text linted (an editor buffer included), so a cache can never be stale.
    entries.push({ revision: revision.id, file, text, ...(text !== undefined && withHashes ? { hash: contentHash(text) } : {}) });
  }
  return entries;
}

/** `since` and every revision it descends from: the history that is not linted. */
function revisionsUpTo(environment: Environment, since: string): Set<string> | undefined {
  const target = environment.graph.resolveOne(since);
  if (!target.ok || !target.value) return undefined;
  const ancestors = environment.graph.iterate(target.value.id, 'base', { inclusive: true, assertRelativeLength: false });
  if (!ancestors.ok) return undefined;
  return new Set(ancestors.value.map((revision) => revision.id));
}

/** Reads migrations into `cache` without linting (the editor warms its cache in idle time). */
export function readEntries(entries: readonly HistoryEntry[], interpret: (file: string, text: string) => InterpretedMigration, cache: ReadingCache): void {
  readIntoCache(entries, interpret, cache);
}
