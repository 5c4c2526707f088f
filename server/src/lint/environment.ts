/**
 * Linting one Alembic environment of the workspace index: its revisions in graph order (base
 * first, as `alembic upgrade heads` applies them), the files' current text (the editor's buffer
 * wins), `since` resolved on the graph. Used by `check` and by the language server alike.
 */
import { envPyFactsFor } from '../python/envPy';
import type { Problem } from '../common/problem';
import { ZERO_RANGE } from '../common/range';
import type { InterpretedMigration } from '../engine/interpret/index';
import type { Environment, WorkspaceIndex } from '../project/types';
import type { Revision, RevisionMap } from '../graph/revisionMap';
import { upgradeRevisions } from '../graph/traversal';
import { envPySetsTimeout, settingRange, type LintConfig } from './config';
import { configuredSeverity, lintSteps, readIntoCache, untilDone, type HistoryEntry, type ReadingCache, type ReplayCheckpoints } from './run';
import { otherDialectOfEnvironment } from './dialect';

export interface LintOptions {
  /** Only these files' findings are wanted (the editor's open files). */
  files?: ReadonlySet<string>;
  /** Readings by content hash. */
  cache?: ReadingCache;
  /** The revisions to replay, instead of the environment's whole history. */
  history?: HistoryEntry[];
  /** See `historyOf`. */
  indexHashes?: boolean;
  /** Schema snapshots kept between lints (the editor). */
  checkpoints?: ReplayCheckpoints;
  /** See `LintRequest.ready`: lintEnvironmentSteps pauses before an entry not ready yet. */
  ready?: (entry: HistoryEntry) => boolean;
  /** The text of a file when the caller has it already (check's reading threads read every file): no second read. */
  knownText?: (file: string) => string | undefined;
  /**
   * False when `since` names a revision of another environment of the workspace: here it then
   * leaves nothing out and is no error (docs/settings.md). True (the default) for one environment.
   */
  unknownSinceIsError?: boolean;
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
  return untilDone(lintEnvironmentSteps(index, environment, config, interpret, options));
}

/** lintEnvironment as steps that pause before an entry not ready yet (`options.ready`; see lintSteps). */
export function* lintEnvironmentSteps(
  index: WorkspaceIndex,
  environment: Environment,
  config: LintConfig,
  interpret: (file: string, text: string) => InterpretedMigration,
  options: LintOptions = {},
): Generator<void, EnvironmentLint, void> {
  const { files, cache } = options;
  // The rules know PostgreSQL: an environment configured for another database is not linted.
  const envPyFile = environment.config.envPy.file;
  const other = otherDialectOfEnvironment(environment.config.sqlalchemyUrl, envPyFile === undefined ? undefined : index.textOf(envPyFile));
  if (other !== undefined) return { problems: notPostgresql(environment, config, other.dialect, other.fromEnvPy) };
  // The lint judges a deploy against a database: the online configure() call's setting.
  const perMigration = envPyFactsFor(environment.config.envPy, 'online').transactionPerMigration;
  if (perMigration.state !== 'unknown' && config.transactionPerMigration === undefined) config = { ...config, transactionPerMigration: perMigration.value };
  if (config.timeoutInEnvPy === undefined) config = { ...config, timeoutInEnvPy: timeoutInEnvPy(index, environment) };
  if (config.bindCommitLosesRest === undefined) {
    const envPy = environment.config.envPy;
    // warehouse's env.py commits the connection after run_migrations(): what follows a
    // migration's own commit() is committed there, not lost.
    const kept = envPy.file === undefined || envPy.commitsAfterRun !== undefined || envPy.externalTransaction !== undefined || envPy.configuredElsewhere !== undefined;
    config = { ...config, bindCommitLosesRest: !kept };
  }
  const external = environment.config.envPy.externalTransaction;
  if (external && environment.config.envPy.file !== undefined && config.externalTransaction === undefined) config = { ...config, externalTransaction: { file: environment.config.envPy.file, line: external.line } };
  const autocommit = environment.config.envPy.autocommitIsolation;
  if (autocommit && environment.config.envPy.file !== undefined && config.autocommitIsolation === undefined) config = { ...config, autocommitIsolation: { file: environment.config.envPy.file, line: autocommit.line } };
  const history = options.history ?? historyOf(index, environment, options.indexHashes === true, options.knownText);
  let reportOn: Set<string> | undefined;
  let sinceError: string | undefined;
  if (config.since !== undefined) {
    const done = revisionsUpTo(environment, config.since);
    if (done === undefined) {
      if (options.unknownSinceIsError !== false) sinceError = `since: ${config.since} is not a revision of ${environment.config.name} (${environment.config.configFile})`;
    } else reportOn = new Set(history.map((entry) => entry.revision).filter((revision) => !done.has(revision)));
  }
  const problems = yield* lintSteps({
    history,
    config,
    interpret,
    ...(reportOn ? { reportOn } : {}),
    ...(files ? { files } : {}),
    ...(cache ? { cache } : {}),
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.ready ? { ready: options.ready } : {}),
    isAncestor: ancestryOf(environment),
    branchesMeet: meetingOf(environment),
  });
  if (sinceError && config.file) {
    problems.push({ code: 'invalid-config-value', severity: 'error', message: `[tool.alembic-lens] ${sinceError}`, file: config.file, range: settingRange(config.file, 'since'), related: [] });
  }
  return { problems, ...(sinceError ? { sinceError } : {}) };
}

/** The one finding of an environment whose sqlalchemy.url names another database (dialect.ts). */
function notPostgresql(environment: Environment, config: LintConfig, dialect: string, fromEnvPy: boolean): Problem[] {
  const severity = configuredSeverity('not-postgresql', config);
  if (severity === undefined) return [];
  // The URL's own place in the config (the section's key, not the first `sqlalchemy.url` line),
  // or env.py when it sets the URL itself.
  const envPyFile = fromEnvPy ? environment.config.envPy.file : undefined;
  const where = envPyFile !== undefined ? { file: envPyFile, range: ZERO_RANGE } : environment.config.sqlalchemyUrlLocation ?? { file: environment.config.configFile, range: ZERO_RANGE };
  const named = envPyFile !== undefined ? 'the sqlalchemy.url env.py sets' : 'sqlalchemy.url';
  return [
    {
      code: 'not-postgresql',
      severity,
      message: `the safety lint checks migrations run on PostgreSQL, and ${named} names ${dialect}: this environment is not linted (locks, rewrites and SQL are judged as PostgreSQL would, which would be wrong here)`,
      file: where.file,
      range: where.range,
      related: [],
    },
  ];
}

/** By env.py facts object: a new one is made when env.py changes, so its text is read once per version, not per lint. */
const timeoutByEnvPy = new WeakMap<Environment['config']['envPy'], boolean>();

function timeoutInEnvPy(index: WorkspaceIndex, environment: Environment): boolean {
  const envPy = environment.config.envPy;
  let known = timeoutByEnvPy.get(envPy);
  if (known === undefined) {
    const text = envPy.file ? index.textOf(envPy.file) : undefined;
    known = text !== undefined && envPySetsTimeout(text);
    timeoutByEnvPy.set(envPy, known);
  }
  return known;
}

/** Revisions base first; a graph Alembic cannot walk (a cycle) falls back to file order. */
/**
 * `indexHashes`: key entries by the index's content hash (computed once per file version and kept
 * by the index), as the language server does so that a lint after an edit reads no other file.
 */
export function historyOf(index: WorkspaceIndex, environment: Environment, indexHashes = false, knownText?: (file: string) => string | undefined): HistoryEntry[] {
  const revisions = graphOrder(environment);
  const entries: HistoryEntry[] = [];
  for (const revision of revisions) {
    const file = environment.fileOf(revision.id);
    if (!file) continue;
    const hash = indexHashes ? environment.files.get(file)?.hash : undefined;
    entries.push(new IndexedEntry(index, revision.id, file, hash, knownText));
  }
  return entries;
}

/**
 * A history entry whose text is read on first use: a cached reading found by hash needs no read
 * of the file. A class (the getter on its prototype) rather than an object literal with its own
 * getter: the editor builds one per revision on every re-lint, and 5,000 literals with getters
 * cost about 10 ms.
 */
class IndexedEntry implements HistoryEntry {
  private read: string | undefined | null = null;
  declare readonly hash?: string;

  constructor(
    private readonly index: WorkspaceIndex,
    readonly revision: string,
    readonly file: string,
    hash: string | undefined,
    private readonly knownText: ((file: string) => string | undefined) | undefined,
  ) {
    if (hash !== undefined) this.hash = hash;
  }

  get text(): string | undefined {
    if (this.read === null) this.read = this.knownText?.(this.file) ?? this.index.textOf(this.file);
    return this.read;
  }
}

/** Graphs are rebuilt on every edit that touches a header, never changed in place: the order is kept per graph. */
const orderByGraph = new WeakMap<Environment['graph'], readonly Revision[]>();

/**
 * The order `alembic upgrade heads` applies the revisions to an empty database. Among independent
 * branches it matters: a migration that alters a table made on a sibling branch works on
 * PostgreSQL only because Alembic runs that sibling first (pricing-app's 20251216_roles_02 adds
 * roles_permisos_base.rol_id, made by create_permisos_system on the other side of a merge), and
 * a replay in another order loses the change. Where Alembic cannot walk the graph (a cycle, a
 * revision no head reaches), every revision after the ones it names in `down_revision` and
 * `depends_on`, independent branches in the order they were read; a cycle's members in file
 * order at the end.
 */
function graphOrder(environment: Environment): readonly Revision[] {
  const graph = environment.graph;
  let order = orderByGraph.get(graph);
  if (order) return order;
  const revisions = graph.revisions();
  order = sameShapeOrder(revisions) ?? alembicUpgradeOrder(graph, revisions.length);
  if (order) {
    orderByGraph.set(graph, order);
    lastOrder = { revisions, order };
    return order;
  }
  const byId = graph.byId;
  const waiting = new Map<Revision, number>();
  const children = new Map<Revision, Revision[]>();
  const ready: Revision[] = [];
  for (const revision of revisions) {
    const parents = parentsOf(revision, byId);
    waiting.set(revision, parents.length);
    for (const parent of parents) {
      const list = children.get(parent);
      if (list) list.push(revision);
      else children.set(parent, [revision]);
    }
    if (parents.length === 0) ready.push(revision);
  }
  const sorted: Revision[] = [];
  for (let at = 0; at < ready.length; at++) {
    const revision = ready[at];
    sorted.push(revision);
    for (const child of children.get(revision) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (sorted.length < revisions.length) for (const revision of revisions) if (waiting.get(revision)! > 0) sorted.push(revision);
  order = sorted;
  orderByGraph.set(graph, order);
  lastOrder = { revisions, order };
  return order;
}

/** `alembic upgrade heads` from an empty database, oldest first; undefined when it fails or leaves a revision out. */
function alembicUpgradeOrder(graph: RevisionMap, count: number): readonly Revision[] | undefined {
  if (count === 0) return undefined;
  const walked = upgradeRevisions(graph, 'heads', []);
  return walked.ok && walked.value.length === count ? walked.value : undefined;
}

/** The last order computed, with the revisions (in reading order) it was computed from. */
let lastOrder: { revisions: readonly Revision[]; order: readonly Revision[] } | undefined;

/**
 * An edit to a docstring or a body gives the environment a new graph with the same revisions and
 * edges (some Revision objects replaced): the last order, mapped onto the new objects, is the
 * order a new sort would give (it depends on ids, edges and reading order only). Comparing 5,000
 * revisions costs a fraction of sorting them again on every keystroke. Undefined when the shape differs.
 */
function sameShapeOrder(revisions: readonly Revision[]): readonly Revision[] | undefined {
  const last = lastOrder;
  if (!last || last.revisions.length !== revisions.length) return undefined;
  const position = new Map<Revision, number>();
  for (let at = 0; at < revisions.length; at++) {
    const before = last.revisions[at];
    const now = revisions[at];
    if (before !== now && (before.id !== now.id || !sameIds(before.downRevisions, now.downRevisions) || !sameIds(before.dependsOn, now.dependsOn))) return undefined;
    position.set(before, at);
  }
  return last.order.map((revision) => revisions[position.get(revision)!]);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, at) => id === b[at]);
}

/**
 * `isAncestor(a, r)`: whether `a` is reachable from `r` along down_revision and depends_on.
 * needs-sibling-branch asks it for most statements on a table the replay made, so the answer comes
 * from the history's lines (ancestryFacts): within a line the earlier revision is the ancestor, and
 * a walk goes from line to line, never below the ancestor's place in the upgrade order. A walk
 * revision by revision where the order is not a topological one (a cycle).
 */
export function ancestryOf(environment: Environment): (ancestor: string, revision: string) => boolean {
  const byId = environment.graph.byId;
  let questions = 0;
  return (ancestor, revision) => {
    const start = byId.get(revision);
    const target = byId.get(ancestor);
    if (!start || !target) return false;
    // The lines cost a pass over the whole graph (17 ms of a 5,000-revision history): worth it for
    // a whole history's lint, which asks thousands of questions, not for the editor's re-lint of
    // one file after an edit (a new graph each time), which asks a few.
    const facts = ++questions > WALKS_BEFORE_LINES || ancestryByGraph.has(environment.graph) ? ancestryFacts(environment) : undefined;
    if (facts) return reachesByLines(facts, target, start);
    const seen = new Set<Revision>([start]);
    const todo = [start];
    while (todo.length > 0) {
      for (const parent of parentsOf(todo.pop()!, byId)) {
        if (parent === target) return true;
        if (!seen.has(parent)) {
          seen.add(parent);
          todo.push(parent);
        }
      }
    }
    return false;
  };
}

/** Where a revision stands: its place in the upgrade order, its line, and its place on that line. */
interface Place {
  position: number;
  line: number;
  index: number;
}

interface AncestryFacts {
  place: Map<Revision, Place>;
  /** Each line's first revision's parents (a line is a run of revisions each the only child of the one before). */
  lineParents: Revision[][];
}

/** Questions answered by a walk each before the history's lines are built (ancestryOf). */
const WALKS_BEFORE_LINES = 64;

/** Per graph; null when the order is not one every parent precedes its children in (a cycle). */
const ancestryByGraph = new WeakMap<Environment['graph'], AncestryFacts | null>();

function ancestryFacts(environment: Environment): AncestryFacts | undefined {
  const graph = environment.graph;
  const known = ancestryByGraph.get(graph);
  if (known !== undefined) return known ?? undefined;
  const order = graphOrder(environment);
  const byId = graph.byId;
  const childCount = new Map<Revision, number>();
  for (const revision of order) for (const parent of parentsOf(revision, byId)) childCount.set(parent, (childCount.get(parent) ?? 0) + 1);
  const place = new Map<Revision, Place>();
  const lineParents: Revision[][] = [];
  let facts: AncestryFacts | null = { place, lineParents };
  for (let at = 0; at < order.length && facts; at++) {
    const revision = order[at];
    const parents = parentsOf(revision, byId);
    if (parents.some((parent) => !place.has(parent))) facts = null;
    else if (parents.length === 1 && childCount.get(parents[0]) === 1) {
      const before = place.get(parents[0])!;
      place.set(revision, { position: at, line: before.line, index: before.index + 1 });
    } else {
      place.set(revision, { position: at, line: lineParents.length, index: 0 });
      lineParents.push(parents);
    }
  }
  ancestryByGraph.set(graph, facts);
  return facts ?? undefined;
}

/** Whether `target` is an ancestor of `start`, walking line by line from start's line upwards. */
function reachesByLines(facts: AncestryFacts, target: Revision, start: Revision): boolean {
  const goal = facts.place.get(target)!;
  const from = facts.place.get(start)!;
  if (goal.position >= from.position) return false;
  if (goal.line === from.line) return goal.index < from.index;
  // The highest place reached on each line: everything on it up to there is an ancestor.
  const reached = new Map<number, number>();
  const todo: number[] = [from.line];
  reached.set(from.line, from.index);
  while (todo.length > 0) {
    for (const parent of facts.lineParents[todo.pop()!]) {
      const at = facts.place.get(parent)!;
      if (at.line === goal.line && at.index >= goal.index) return true;
      // Below the ancestor's place in the order no path leads back up to it.
      if (at.position < goal.position) continue;
      const before = reached.get(at.line);
      if (before !== undefined && before >= at.index) continue;
      reached.set(at.line, at.index);
      if (before === undefined) todo.push(at.line);
    }
  }
  return false;
}

/** Children along down_revision and depends_on, per graph (built on the first question). */
const childrenByGraph = new WeakMap<Environment['graph'], Map<Revision, Revision[]>>();

/**
 * `branchesMeet(a, b)`: whether some revision descends from both (along down_revision and
 * depends_on; each counts as its own descendant), so that upgrading to it applies both. Two
 * branches that never meet may be alternatives never applied together (aiida-core's `django` and
 * `sqlalchemy` branches). Two walks per question: asked only about a table a sibling branch makes.
 */
function meetingOf(environment: Environment): (a: string, b: string) => boolean {
  const graph = environment.graph;
  const byId = graph.byId;
  const childrenOf = (revision: Revision): readonly Revision[] => {
    let children = childrenByGraph.get(graph);
    if (!children) {
      children = new Map();
      for (const each of graph.revisions()) {
        for (const parent of parentsOf(each, byId)) {
          const list = children.get(parent);
          if (list) list.push(each);
          else children.set(parent, [each]);
        }
      }
      childrenByGraph.set(graph, children);
    }
    return children.get(revision) ?? [];
  };
  const descendants = (start: Revision): Set<Revision> => {
    const seen = new Set<Revision>([start]);
    const todo = [start];
    while (todo.length > 0) {
      for (const child of childrenOf(todo.pop()!)) {
        if (!seen.has(child)) {
          seen.add(child);
          todo.push(child);
        }
      }
    }
    return seen;
  };
  return (a, b) => {
    const first = byId.get(a);
    const second = byId.get(b);
    if (!first || !second) return false;
    const fromFirst = descendants(first);
    for (const revision of descendants(second)) if (fromFirst.has(revision)) return true;
    return false;
  };
}

/** The revisions a revision names in `down_revision` and `depends_on`, each once, known ones only. */
function parentsOf(revision: Revision, byId: ReadonlyMap<string, Revision>): Revision[] {
  const parents: Revision[] = [];
  // Most revisions name one parent and no dependency: no sets, no spreads.
  for (const list of [revision.downRevisions, revision.dependsOn]) {
    for (const id of list) {
      const parent = byId.get(id);
      if (parent !== undefined && !parents.includes(parent)) parents.push(parent);
    }
  }
  return parents;
}

/** `since` and every revision it descends from: the history that is not linted. */
/** Whether `since` names a revision of the environment (a lint of several environments asks each). */
export function sinceResolves(environment: Environment, since: string): boolean {
  return revisionsUpTo(environment, since) !== undefined;
}

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
