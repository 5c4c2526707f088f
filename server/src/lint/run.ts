/**
 * The linter's driver: replays every revision of a history in graph order through the schema
 * model, runs the rules on the revisions it reports on, and turns findings into `Problem`s with
 * the configured severity, minus what `# alembic-lens: ignore[...]` comments silence. Comments
 * naming only lint codes that silenced nothing are reported (`unused-ignore`).
 *
 * Revisions before `since` are replayed (the schema needs them) but not reported on. Reading
 * never throws: a file that cannot be read or interpreted is replayed as unchecked.
 */
import type { Problem, Severity, SuggestedFix } from '../common/problem';
import { LineIndex, type SourceRange } from '../common/range';
import { LINT_CODES } from '../diagnostics/codes/lint';
import { codeInfo } from '../diagnostics/codes';
import { isSuppressed, suppressionsOf, type Suppressions } from '../diagnostics/suppressions';
import type { FunctionSteps, InterpretedMigration } from '../engine/interpret/index';
import type { Action, MigrationFunction } from './actions';
import { collectActions, type SqlSyntaxError } from './collect';
import { isSqlParserLoaded } from './sql/parser';
import { asRun } from './asRun';
import { withEveryStatementCommitted } from './everyStatementCommitted';
import { nextAwaitedMaker } from './walkOn';
import { markNoOp } from './noOps';
import type { LintConfig } from './config';
import { RULES } from './rules/index';
import { BLOCK_FAILS } from './rules/transaction-control';
import { noteLocksWhenRun } from './rules/shared/tableLocks';
import { SchemaModel } from './schema/model';
import type { FindingDetails, LintedFunction, LintRule, MigrationUnderLint, RuleContext, WalkContext } from './types';

export interface HistoryEntry {
  revision: string;
  file: string;
  /** Undefined when the file cannot be read now (the index reports why). May read the file: ask once. */
  readonly text: string | undefined;
  /** The index's content hash of the file (an editor buffer's included), when it has one: a cache key that needs no read. */
  readonly hash?: string;
}

/** What a migration's reading yields, independent of the history around it (cacheable by content). */
export interface MigrationReading {
  upgrade?: LintedFunction;
  downgrade?: LintedFunction;
  syntaxErrors: SqlSyntaxError[];
}

/**
 * Readings of files by their text: the CLI keys its disk cache by content hash, the language
 * server keeps the text it read (comparing the same string is free, hashing 5,000 files per edit
 * was not).
 */
export interface ReadingCache {
  get(entry: HistoryEntry): MigrationReading | undefined;
  set(entry: HistoryEntry, value: MigrationReading): void;
}

export interface LintRequest {
  /** Oldest first: every revision after the ones it depends on. */
  history: readonly HistoryEntry[];
  config: LintConfig;
  /** Revisions to report on; undefined: all. The rest are replayed only. */
  reportOn?: ReadonlySet<string>;
  /** Only these files' findings are wanted (the editor's open files); undefined: all. */
  files?: ReadonlySet<string>;
  interpret(file: string, text: string): InterpretedMigration;
  /** Graph ancestry for the rules (RuleContext.isAncestor); optional. */
  isAncestor?(ancestor: string, revision: string): boolean;
  /** Whether two revisions have a common descendant (WalkContext.branchesMeet); optional. */
  branchesMeet?(a: string, b: string): boolean;
  /** Readings by file text (the CLI's disk cache, the server's memory); optional. */
  cache?: ReadingCache;
  /** Schema snapshots kept between lints of the same history (the editor); needs `cache`. */
  checkpoints?: ReplayCheckpoints;
  /**
   * Whether an entry's reading can be had now; undefined: always. `check` lints while its reading
   * threads are still reading (lintSteps pauses at the first entry not read yet).
   */
  ready?(entry: HistoryEntry): boolean;
}

/** A snapshot every this many revisions: a re-lint replays at most this many before the open file. */
const CHECKPOINT_EVERY = 200;

/**
 * Snapshots of the schema model taken during a replay, so the next lint of the same history
 * starts from the last one before the first revision whose reading changed instead of from the
 * base (5,000 revisions replayed per keystroke cost about 100 ms). A snapshot is valid while
 * every revision before it is the same revision with a reading of the same schema effect: an
 * edit that moves lines or changes only SQL without schema effect (a comment, a backfill, a
 * reverted edit) keeps the snapshots after it.
 *
 * Invariant: for every snapshot at `p`, the revisions and readings recorded before `p` are the
 * ones the snapshot was replayed from (up to schema effect). `remember` keeps it by dropping the
 * later snapshots when it records a different revision or effect; so a lint of an early file,
 * which replays only up to that file, keeps the snapshots after it for the next lint of a later
 * file (dropping them made such edits replay thousands of revisions and copy the model again at
 * every checkpoint: the slow tenth of the edits).
 */
export class ReplayCheckpoints {
  private revisions: string[] = [];
  private readings: (MigrationReading | undefined)[] = [];
  private readonly snapshots = new Map<number, SchemaModel>();

  /** The latest valid snapshot at or before `limit`: where to start and a model to start from. */
  start(history: readonly HistoryEntry[], readingAt: (at: number) => MigrationReading | undefined, limit: number): { at: number; schema: SchemaModel } {
    let valid = 0;
    while (valid < limit && valid < this.revisions.length && this.revisions[valid] === history[valid].revision && sameSchemaEffect(this.readings[valid], readingAt(valid))) valid++;
    // Stopped by a difference (not by the limit): nothing recorded from there on can be vouched for.
    if (valid < limit) {
      for (const at of [...this.snapshots.keys()]) if (at > valid) this.snapshots.delete(at);
      this.revisions.length = Math.min(this.revisions.length, valid);
      this.readings.length = Math.min(this.readings.length, valid);
    }
    let best = 0;
    for (const at of this.snapshots.keys()) if (at <= valid && at > best) best = at;
    const snapshot = this.snapshots.get(best);
    return snapshot ? { at: best, schema: snapshot.clone() } : { at: 0, schema: new SchemaModel() };
  }

  /** Whether the last replay had a reading at `at`. */
  wasRead(at: number): boolean {
    return this.readings[at] !== undefined;
  }

  /** Before revision `at` is replayed: a snapshot of the model when `at` is a checkpoint without one. */
  snapshot(at: number, schema: SchemaModel): void {
    if (at % CHECKPOINT_EVERY === 0 && at > 0 && !this.snapshots.has(at)) this.snapshots.set(at, schema.clone());
  }

  /** The revision replayed at `at` and its reading (undefined: none); a change drops the snapshots after it. */
  remember(at: number, revision: string, reading: MigrationReading | undefined): void {
    if (at < this.revisions.length && (this.revisions[at] !== revision || !sameSchemaEffect(this.readings[at], reading))) {
      for (const later of [...this.snapshots.keys()]) if (later > at) this.snapshots.delete(later);
    }
    this.revisions[at] = revision;
    this.readings[at] = reading;
  }
}

/** Schema effects by reading object (a reading is never changed once made). */
const effects = new WeakMap<MigrationReading, string>();

/**
 * Whether two readings change the schema alike: the replay applies only the upgrade's actions,
 * and the model reads only what an action does (kind, names, columns, flags) and whether it ran
 * inside the transaction (an enum value added there stays uncommitted), never where it was written
 * or how (range, operation, origin); the downgrade is replayed on trial only.
 */
function sameSchemaEffect(before: MigrationReading | undefined, now: MigrationReading | undefined): boolean {
  if (before === now) return true;
  if (before === undefined || now === undefined) return false;
  return schemaEffectOf(before) === schemaEffectOf(now);
}

function schemaEffectOf(reading: MigrationReading): string {
  let effect = effects.get(reading);
  if (effect === undefined) {
    const bodies = (reading.upgrade?.actions ?? []).map(({ range: _range, fn: _fn, operation: _operation, fromSql: _fromSql, ...body }) => body);
    effect = JSON.stringify(bodies);
    effects.set(reading, effect);
  }
  return effect;
}

const LINT_CODE_SET = new Set(LINT_CODES.map((info) => info.code));
const DEFAULT_SEVERITY = new Map(LINT_CODES.map((info) => [info.code, info.defaultSeverity]));
const OPT_IN = new Set(RULES.filter((rule) => rule.optIn).map((rule) => rule.code));

/** The severity a code is reported with, or undefined when the configuration turns it off. */
export function configuredSeverity(code: string, config: LintConfig): Severity | undefined {
  const selected = config.select ? config.select.includes(code) || config.select.includes('ALL') : !OPT_IN.has(code);
  if (!selected || config.ignore.includes(code)) return undefined;
  const configured = config.severity[code];
  if (configured === 'off') return undefined;
  return configured ?? DEFAULT_SEVERITY.get(code);
}

export function lintHistory(request: LintRequest): Problem[] {
  return untilDone(lintSteps(request));
}

/** Runs steps that never pause (no `ready`, or everything ready) to their result. */
export function untilDone<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The lint as steps: it pauses (yields) before an entry whose reading is not ready yet, so a
 * caller that reads on other threads can lint what has arrived in between (`check`). Without
 * `request.ready` it runs straight through.
 */
export function* lintSteps(request: LintRequest): Generator<void, Problem[], void> {
  const problems: Problem[] = [];
  const rules = RULES.filter((rule) => configuredSeverity(rule.code, request.config) !== undefined);
  const history = request.history;
  // Only some files wanted (the editor's open file): what comes after the last of them changes nothing.
  let wanted = request.files ? history.filter((entry) => request.files!.has(entry.file)).length : Infinity;
  const firstWanted = request.files ? history.findIndex((entry) => request.files!.has(entry.file)) : 0;
  const checkpoints = request.cache ? request.checkpoints : undefined;
  // A revision read before whose reading is not cached now (an edit taken back, say) is read
  // again here: if its schema effect is unchanged, the snapshots after it stay valid.
  const readingAt = (at: number): MigrationReading | undefined => request.cache!.get(history[at]) ?? (checkpoints!.wasRead(at) && history[at].text !== undefined ? readMigration(history[at], request) : undefined);
  const started = checkpoints ? checkpoints.start(history, readingAt, Math.max(0, firstWanted)) : { at: 0, schema: new SchemaModel() };
  const schema = started.schema;
  // What the rules see: one context per rule for the whole walk, its \`migration\` set for each
  // migration in turn, and a report that files findings under the entry being linted (a context
  // and a closure per rule and migration were 340,000 objects for a 5,000-revision history).
  const walk: { findings: Problem[]; entry: HistoryEntry | undefined; reporting: boolean } = { findings: [], entry: undefined, reporting: false };
  const external = request.config.externalTransaction;
  // Under an env.py whose connection commits every statement, none runs in a transaction.
  const runsAs = request.config.autocommitIsolation ? (fn: LintedFunction | undefined) => withEveryStatementCommitted(asRun(fn)) : asRun;
  const findingOf = (code: string, file: string, range: SourceRange, message: string, details: FindingDetails): Problem => {
    if (external) ({ message, details } = withoutAutocommitAdvice(message, details, external));
    const data = details.lock ? { ...details.data, lock: details.lock } : details.data;
    // Field by field: spreads of the optional parts cost more than the rest for 24,000 findings.
    const finding: Problem = { code, severity: 'warning', message, file, range, related: [] };
    if (details.fixes) finding.fixes = details.fixes;
    if (data) finding.data = data;
    if (details.severity) {
      finding.severity = details.severity;
      ownSeverity.add(finding);
    }
    return finding;
  };
  const report = (code: string) => (range: SourceRange, message: string, details: FindingDetails = {}) => {
    if (!walk.reporting) return;
    walk.findings.push(findingOf(code, walk.entry!.file, range, message, details));
  };
  // The findings of each revision reported on, finished (severity, suppressions) once the walk is
  // over: a watcher may still file one under an earlier revision (WalkWatcher).
  const reported = new Map<string, { findings: Problem[]; entry: HistoryEntry }>();
  const watch = walkWatchers(rules, request, history, reported, findingOf);
  const contextOf = new Map<LintRule, { -readonly [K in keyof RuleContext]: RuleContext[K] }>(
    rules.map((rule) => [rule, { config: request.config, migration: undefined as unknown as MigrationUnderLint, schema, ...(request.isAncestor ? { isAncestor: request.isAncestor } : {}), report: report(rule.code) }]),
  );
  const activeRules = rules.filter((rule) => rule.checkAction !== undefined);
  const byKind = new RulesByKind(activeRules, (rule) => contextOf.get(rule)!);
  // Past the last file asked for, the walk goes on only up to here (walkOn.ts).
  let walkOnUntil = -1;
  for (let at = started.at; at < history.length; at++) {
    const entry = history[at];
    if (wanted === 0 && at > walkOnUntil) {
      walkOnUntil = watch ? watch.nextAwaited(at) : -1;
      if (walkOnUntil < 0) break;
    }
    if (request.ready) while (!request.ready(entry)) yield;
    if (request.files?.has(entry.file)) wanted--;
    schema.revision = entry.revision;
    const reporting = (request.reportOn === undefined || request.reportOn.has(entry.revision)) && (request.files === undefined || request.files.has(entry.file));
    watch?.enter(entry.revision, reporting, schema);
    const cached = request.cache?.get(entry);
    checkpoints?.snapshot(at, schema);
    if (!reporting && cached) {
      checkpoints?.remember(at, entry.revision, cached);
      // Replayed only: the upgrade's actions change the schema, no rule runs (no-ops skipped as when linting).
      replay(runsAs(cached.upgrade), schema, NO_RULES, watch?.beforeAction);
      continue;
    }
    if (cached === undefined && entry.text === undefined) {
      checkpoints?.remember(at, entry.revision, undefined);
      continue;
    }
    // The rules see statements on session tables as scratch work (sessionTables.ts).
    const migration = withSessionTablesAsScratch(readMigration(entry, request), runsAs);
    // The reading as the cache now holds it: the object the next lint compares with (none when
    // it was not cached, as without the SQL parser; the next lint then starts before it).
    checkpoints?.remember(at, entry.revision, cached ?? request.cache?.get(entry));
    const findings: Problem[] = [];
    walk.findings = findings;
    walk.entry = entry;
    walk.reporting = reporting;
    if (reporting) reported.set(entry.revision, { findings, entry });
    for (const context of contextOf.values()) context.migration = migration;

    // The upgrade runs against the schema as the history left it, the downgrade against the result.
    const rulesFor = reporting ? byKind : NO_RULES;
    replay(migration.upgrade, schema, rulesFor, watch?.beforeAction);
    const downgrade = migration.downgrade;
    if (downgrade && downgrade.actions.length > 0 && reporting && activeRules.length > 0) {
      // Tried on the upgraded schema, then taken back: history goes on from the upgrade. What the
      // upgrade created has been in use since; only what the downgrade itself creates is new to it.
      schema.trial(`${entry.revision} (downgrade)`, () => replay(downgrade, schema, rulesFor));
    }
    if (reporting) {
      for (const rule of rules) rule.checkMigration?.(contextOf.get(rule)!);
      for (const error of migration.syntaxErrors) {
        if (error.acceptedSince !== undefined) {
          if (request.config.postgresqlVersion < error.acceptedSince) report('sql-syntax-error')(error.range, `PostgreSQL ${request.config.postgresqlVersion} rejects this SQL: ${error.message} (set postgresql-version if every database runs ${error.acceptedSince} or later)`);
          continue;
        }
        if (error.rendered) report('sql-syntax-error')(error.range, `the SQL Alembic emits for this operation does not parse: ${error.message} (PostgreSQL rejects the statement when the migration runs, and the deploy fails there)`);
        else report('sql-syntax-error')(error.range, `this SQL does not parse: ${error.message} (PostgreSQL rejects the statement when the migration runs)`);
      }
      for (const fn of [migration.upgrade, migration.downgrade]) {
        for (const action of fn?.actions ?? []) {
          if (action.kind !== 'unchecked' || action.alreadyReported) continue;
          // A statement Alembic refuses fails the migration at deploy (quark's nameless sa.Enum): an error, not a note.
          if (action.refused) report('unchecked-statement')(action.range, `Alembic fails here, under \`--sql\` and at deploy: ${action.reason.replace(/^the operation cannot be rendered to SQL \((.*)\)$/s, '$1')}`, { severity: 'error' });
          else report('unchecked-statement')(action.range, `not checked by the safety lint: ${action.reason}`);
        }
      }
    }
  }
  for (const { findings, entry } of reported.values()) problems.push(...finish(findings, entry, request.config));
  return problems;
}

/** What the walk tells the rules that watch it (LintRule.watchWalk): one call per action for all of them. */
interface WalkWatch {
  enter(revision: string, reporting: boolean, schema: SchemaModel): void;
  beforeAction(action: Action): void;
  /** Past the last revision reported on: the next entry whose replay may still file a finding, -1 for none (walkOn.ts). */
  nextAwaited(from: number): number;
}

function walkWatchers(
  rules: readonly LintRule[],
  request: LintRequest,
  history: readonly HistoryEntry[],
  reported: ReadonlyMap<string, { findings: Problem[]; entry: HistoryEntry }>,
  findingOf: (code: string, file: string, range: SourceRange, message: string, details: FindingDetails) => Problem,
): WalkWatch | undefined {
  const watching = rules.filter((rule) => rule.watchWalk !== undefined);
  if (watching.length === 0) return undefined;
  let entryOf: Map<string, HistoryEntry> | undefined;
  // Asked only when a watcher reports: built then.
  const entryByRevision = (revision: string): HistoryEntry | undefined => (entryOf ??= new Map(history.map((entry) => [entry.revision, entry]))).get(revision);
  const watchers = watching.map((rule) => {
    const context: { -readonly [K in keyof WalkContext]: WalkContext[K] } = {
      schema: new SchemaModel(),
      revision: '',
      reporting: false,
      ...(request.isAncestor ? { isAncestor: request.isAncestor } : {}),
      ...(request.branchesMeet ? { branchesMeet: request.branchesMeet } : {}),
      fileOf: (revision) => entryByRevision(revision)?.file,
      textOf: (revision) => entryByRevision(revision)?.text,
      reportOn(revision, range, message, details = {}) {
        const target = reported.get(revision);
        if (target) target.findings.push(findingOf(rule.code, target.entry.file, range, message, details));
      },
    };
    return { watcher: rule.watchWalk!(), context };
  });
  return {
    enter(revision, reporting, schema) {
      for (const { context } of watchers) {
        context.revision = revision;
        context.reporting = reporting;
        context.schema = schema;
      }
    },
    beforeAction(action) {
      for (const { watcher, context } of watchers) watcher.beforeAction(action, context);
    },
    nextAwaited(from) {
      const awaited = new Set<string>();
      for (const { watcher } of watchers) for (const table of watcher.awaitedTables?.() ?? []) awaited.add(table);
      if (awaited.size === 0) return -1;
      const readingOf = (entry: HistoryEntry): MigrationReading | undefined => request.cache?.get(entry) ?? (entry.text === undefined ? undefined : readMigration(entry, request));
      // A watcher that awaits tables but cannot tell makers apart takes every maker.
      const awaits = (table: string, maker: string): boolean => watchers.some(({ watcher, context }) => watcher.awaitedTables !== undefined && (watcher.awaitsMaker?.(table, maker, context) ?? true));
      return nextAwaitedMaker(history, from, readingOf, awaited, awaits);
    },
  };
}

/** The migration with its functions as the rules see them (asRun), the reading itself unchanged. */
function withSessionTablesAsScratch(migration: ReadMigration, runsAs: (fn: LintedFunction | undefined) => LintedFunction | undefined): ReadMigration {
  const upgrade = runsAs(migration.upgrade);
  const downgrade = runsAs(migration.downgrade);
  if (upgrade === migration.upgrade && downgrade === migration.downgrade) return migration;
  // Copied with its descriptors: a cached reading's `text` is a getter that reads the file on demand.
  const view = Object.defineProperties({}, Object.getOwnPropertyDescriptors(migration)) as ReadMigration;
  if (upgrade) view.upgrade = upgrade;
  if (downgrade) view.downgrade = downgrade;
  return view;
}

/** Findings whose rule gave them a severity of their own (FindingDetails.severity). */
const ownSeverity = new WeakSet<Problem>();

/** Reads each entry into `cache` (when it is not there yet). */
export function readIntoCache(entries: readonly HistoryEntry[], interpret: LintRequest['interpret'], cache: ReadingCache): void {
  const request: LintRequest = { history: entries, config: { ignore: [], severity: {}, postgresqlVersion: 14 }, interpret, cache };
  for (const entry of entries) if (request.cache?.get(entry) === undefined && entry.text !== undefined) readMigration(entry, request);
}

/** The rules to call for each kind of action (LintRule.actionKinds), each with its context. */
class RulesByKind {
  private readonly lists = new Map<Action['kind'], { checks: CheckAction[]; contexts: RuleContext[] }>();
  constructor(
    private readonly rules: readonly LintRule[],
    private readonly contextOf: (rule: LintRule) => RuleContext,
  ) {}

  /**
   * `contexts[i]` is the context of the rule `checks[i]` is the checkAction of. The functions are
   * kept rather than the rules: reading `checkAction` off ~35 rule objects of as many shapes was a
   * megamorphic property lookup per call (the rules do not use `this`).
   */
  for(kind: Action['kind']): { checks: CheckAction[]; contexts: RuleContext[] } {
    let list = this.lists.get(kind);
    if (!list) {
      const rules = this.rules.filter((rule) => rule.actionKinds === undefined || rule.actionKinds.includes(kind));
      this.lists.set(kind, (list = { checks: rules.map((rule) => rule.checkAction!), contexts: rules.map(this.contextOf) }));
    }
    return list;
  }
}

type CheckAction = NonNullable<LintRule['checkAction']>;

/** A walk that only replays (nothing reported there). */
const NO_RULES = new RulesByKind([], () => {
  throw new Error('no rule');
});

/**
 * Each action checked by the rules for its kind against the schema before it, then applied;
 * `watch` sees the upgrade's actions of every revision replayed (LintRule.watchWalk).
 */
function replay(fn: LintedFunction | undefined, schema: SchemaModel, rulesFor: RulesByKind, watch?: (action: Action) => void): void {
  if (!fn) return;
  // ADD COLUMN IF NOT EXISTS of a column that is there: its inline constraints are skipped with it.
  let columnThere = false;
  for (const action of fn.actions) {
    // CREATE TABLE IF NOT EXISTS of a table that is there: PostgreSQL does nothing (noOps.ts).
    if (action.kind === 'createTable' && action.ifNotExists && schema.table(action.table) !== undefined) {
      markNoOp(action);
      continue;
    }
    // DROP INDEX IF EXISTS of an index that went with its table or column: nothing to drop, no lock.
    if (action.kind === 'dropIndex' && action.ifExists && schema.indexIsKnownGone(action.name)) {
      markNoOp(action);
      continue;
    }
    if (action.withColumnIfNotExists === true && columnThere) {
      markNoOp(action);
      continue;
    }
    columnThere = action.kind === 'addColumn' && action.ifNotExists && schema.table(action.table)?.columns.has(action.column.name) === true;
    noteLocksWhenRun(action, schema);
    const { checks, contexts } = rulesFor.for(action.kind);
    for (let at = 0; at < checks.length; at++) checks[at](action, contexts[at]);
    watch?.(action);
    schema.apply(action);
  }
}

type ReadMigration = MigrationUnderLint & MigrationReading;

function readMigration(entry: HistoryEntry, request: LintRequest): ReadMigration {
  const cached = request.cache?.get(entry);
  // The text is read only when a rule reports (fixes need it) or the cache has no reading.
  if (cached) return { ...cached, file: entry.file, revision: entry.revision, get text() { return entry.text ?? ''; } };
  const text = entry.text ?? '';
  const reading = readMigrationText(entry, request, text);
  // A reading made without the SQL parser says "not checked"; it must not outlive the parser's absence.
  if (request.cache && isSqlParserLoaded()) {
    const { file: _file, revision: _revision, text: _text, ...value } = reading;
    request.cache.set(entry, value);
  }
  return reading;
}

function readMigrationText(entry: HistoryEntry, request: LintRequest, text: string): ReadMigration {
  return { ...readingOf(entry.file, text, request.interpret(entry.file, text)), file: entry.file, revision: entry.revision, text };
}

/**
 * A migration's reading from an interpretation made elsewhere: `check` interprets each body once
 * for its body problems and its reading (on worker threads when the cache is cold).
 * `withOperations: false` leaves each action's operation out: only the editor's quick fixes read
 * it, and `check` reports none.
 */
export function readingOf(file: string, text: string, interpreted: InterpretedMigration, withOperations = true): MigrationReading {
  const lines = new LineIndex(text);
  const migration: MigrationReading = { syntaxErrors: [] };
  const read = (fn: MigrationFunction, steps: FunctionSteps | undefined): LintedFunction | undefined => {
    if (!steps) return undefined;
    const collected = collectActions(file, text, fn, steps.steps, lines, withOperations);
    migration.syntaxErrors.push(...collected.syntaxErrors);
    // An async function also yields no steps, but for another reason the interpreter reports itself.
    const isAsync = /^async\b/.test(text.slice(lines.offsetAt(steps.range.start)));
    // Its body never runs as written: nothing in it is known, so no rule may call it empty or wrong.
    if (isAsync) collected.actions.push({ kind: 'unchecked', reason: `${fn}() is async`, alreadyReported: true, range: steps.range, fn, inTransaction: true, fromSql: false });
    return { fn, range: steps.range, nameRange: nameRangeOf(text, lines, steps.range, fn), actions: collected.actions, empty: steps.steps.length === 0 && !isAsync };
  };
  const upgrade = read('upgrade', interpreted.upgrade);
  const downgrade = read('downgrade', interpreted.downgrade);
  if (upgrade) migration.upgrade = upgrade;
  if (downgrade) migration.downgrade = downgrade;
  return migration;
}

const AUTOCOMMIT_BLOCK = /autocommit_block\(\)/;

/**
 * Under an env.py that begins the transaction itself, `autocommit_block()` fails (transaction-control):
 * a rule's advice to use it says so, and a quick fix that writes it is not offered.
 */
function withoutAutocommitAdvice(message: string, details: FindingDetails, external: { file: string; line: number }): { message: string; details: FindingDetails } {
  if (message.includes(BLOCK_FAILS)) return { message, details };
  if (!AUTOCOMMIT_BLOCK.test(message) && !details.fixes?.some(writesAutocommitBlock)) return { message, details };
  const note = ` (autocommit_block() fails under this environment's env.py, which begins the transaction itself at line ${external.line}: let Alembic begin it with context.begin_transaction() first)`;
  const fixes = details.fixes?.filter((fix) => !writesAutocommitBlock(fix));
  return { message: AUTOCOMMIT_BLOCK.test(message) ? message + note : message, details: { ...details, ...(fixes ? { fixes } : {}) } };
}

function writesAutocommitBlock(fix: SuggestedFix): boolean {
  return fix.edits.some((edit) => AUTOCOMMIT_BLOCK.test(edit.newText));
}

/** The function's name inside its `def` (a tight range for migration-level findings). */
function nameRangeOf(text: string, lines: LineIndex, range: SourceRange, name: string): SourceRange {
  const from = lines.offsetAt(range.start);
  const at = text.indexOf(name, from);
  return at >= 0 && at < lines.offsetAt(range.end) ? lines.rangeOf(at, at + name.length) : range;
}

/** Severity from the configuration, suppression comments applied, unused ones reported. */
function finish(findings: Problem[], entry: HistoryEntry, config: LintConfig): Problem[] {
  const result: Problem[] = [];
  const text = entry.text ?? '';
  const suppressions = suppressionsOf(text);
  const used = new Set<string>();
  // A statement the interpreter unrolled (a loop, a helper called several times) gives one action
  // per run at the same place: the same finding there is reported once (fides's loop of 10 UPDATEs).
  // By code and place, the messages reported there (a key with the message in it hashed every
  // message, most of them hundreds of characters, for findings that nearly never repeat).
  const reported = new Map<string, string[]>();
  for (const finding of findings) {
    const severity = configuredSeverity(finding.code, config);
    if (severity === undefined) continue;
    const key = `${finding.code} ${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character}`;
    const messages = reported.get(key);
    if (messages === undefined) reported.set(key, [finding.message]);
    else if (messages.includes(finding.message)) continue;
    else messages.push(finding.message);
    if (suppressions && isSuppressed(finding, suppressions)) {
      const byFile = suppressions.file.has(finding.code) || suppressions.file.has('*');
      used.add(byFile ? `file:${finding.code}` : `${finding.range.start.line}:${finding.code}`);
      continue;
    }
    // The finding was made for this result alone (lintSteps' report): given its severity in place.
    // A rule's own severity for it (FindingDetails.severity) stands unless the configuration names one for the code.
    if (!ownSeverity.has(finding) || config.severity[finding.code] !== undefined) finding.severity = severity;
    result.push(finding);
  }
  if (suppressions) result.push(...unusedIgnores(suppressions, used, entry, config));
  return result;
}

/**
 * Comments that name lint codes the linter runs and that silenced none of its findings. Codes of
 * other layers (the index, the interpreter) and bare `ignore` comments are left alone: the
 * linter does not see whether those silenced something.
 */
function unusedIgnores(suppressions: Suppressions, used: Set<string>, entry: HistoryEntry, config: LintConfig): Problem[] {
  const severity = configuredSeverity('unused-ignore', config);
  if (severity === undefined) return [];
  const text = entry.text ?? '';
  const lines = text.split('\n');
  const found: Problem[] = [];
  // A code no layer has (a typo: `ignore[drop-colum]`) silences nothing anywhere.
  const unknownCodes = (codes: Set<string>, commentLine: number): void => {
    for (const code of codes) {
      if (code === '*' || codeInfo(code) !== undefined) continue;
      const lineText = lines[commentLine] ?? '';
      const column = Math.max(0, lineText.indexOf('alembic-lens:'));
      found.push({ code: 'unused-ignore', severity, message: `this comment names ${code}, which is no Alembic Lens code, so it silences nothing; the codes are listed in docs/rules/README.md`, file: entry.file, range: { start: { line: commentLine, character: column }, end: { line: commentLine, character: lineText.length } }, related: [], data: { code } });
    }
  };
  const check = (codes: Set<string>, key: (code: string) => string, commentLine: number | undefined): void => {
    for (const code of codes) {
      if (!LINT_CODE_SET.has(code) || code === 'unused-ignore' || configuredSeverity(code, config) === undefined || used.has(key(code))) continue;
      if (commentLine === undefined) continue;
      const lineText = lines[commentLine] ?? '';
      const column = Math.max(0, lineText.indexOf('# alembic-lens:'));
      const range = { start: { line: commentLine, character: column }, end: { line: commentLine, character: lineText.length } };
      const probe: Problem = { code: 'unused-ignore', severity, message: '', file: entry.file, range, related: [] };
      if (isSuppressed(probe, suppressions)) continue;
      found.push({ ...probe, message: `this comment silences ${code}, but nothing here reports ${code}; remove it (or the code from it)`, data: { code } });
    }
  };
  for (const [line, codes] of suppressions.byLine) {
    // The comment sits on the line itself, or alone on the line above.
    const commentLine = (lines[line] ?? '').includes('alembic-lens:') ? line : (lines[line - 1] ?? '').includes('alembic-lens:') ? line - 1 : undefined;
    check(codes, (code) => `${line}:${code}`, commentLine);
    if (commentLine !== undefined) unknownCodes(codes, commentLine);
  }
  const fileLine = lines.findIndex((line) => line.includes('alembic-lens: ignore-file'));
  check(suppressions.file, (code) => `file:${code}`, fileLine >= 0 ? fileLine : undefined);
  if (fileLine >= 0) unknownCodes(suppressions.file, fileLine);
  // A comment with the marker that says nothing understood (a typo: `ignore-files[...]`).
  for (const malformed of suppressions.malformed) {
    const range = { start: { line: malformed.line, character: malformed.column }, end: { line: malformed.line, character: (lines[malformed.line] ?? '').length } };
    found.push({ code: 'unused-ignore', severity, message: `this comment (${malformed.text}) is not understood, so it silences nothing; write \`# alembic-lens: ignore[code, ...]\` for its line or \`# alembic-lens: ignore-file[code, ...]\` for the file`, file: entry.file, range, related: [] });
  }
  return found;
}
