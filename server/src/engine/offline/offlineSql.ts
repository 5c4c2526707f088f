/**
 * `upgrade/downgrade/stamp --sql` for one environment: plan with the graph, compile each revision
 * (through the content-keyed cache), emit Alembic's text. Planning errors carry Alembic's message;
 * opaque steps are listed with file and line so the CLI can refuse or annotate.
 */
import type { RevisionMap } from '../../graph/revisionMap';
import type { EnvironmentConfig, Known } from '../../project/types';
import { planGraphOf } from '../plan/fromRevisionMap';
import { planOfflineDowngrade, planOfflineStamp, planOfflineUpgrade, type PlanSettings } from '../plan/planner';
import { PlanError, type Plan } from '../plan/types';
import { emitOfflineSql, type EmitResult, type OpaqueOccurrence, type RevisionSource } from './emitter';
import type { MigrationCompiler } from './migrationCompiler';
import type { ContentCache } from '../cache/contentCache';
import { contentHash } from '../../common/contentHash';
import { importTimeSources } from './importTime';
import { envPyFactsFor } from '../../python/envPy';

/**
 * What offline SQL needs of an environment. The index's `Environment` and the CLI's loaded
 * environment both fit; without `files`, the cache key is computed from the file's text.
 */
export interface OfflineEnvironment {
  config: Pick<EnvironmentConfig, 'envPy'>;
  graph: RevisionMap;
  fileOf?(revisionId: string): string | undefined;
  files?: ReadonlyMap<string, { hash: string }>;
  /**
   * A hash of every migration file's path and content, in reading order. Equal fingerprints mean
   * an identical graph, so a plan computed for one is valid for the other (see planCache).
   */
  fingerprint?: string;
}

/** A plan as cached: the steps plus the file of each revision, so a hit needs no graph at all. */
export interface CachedPlan {
  plan: Plan;
  files: Record<string, string>;
}

export type OfflineCommand = 'upgrade' | 'downgrade' | 'stamp';

export interface OfflineRequest {
  command: OfflineCommand;
  /** `upgrade`/`downgrade`: one argument (`end` or `start:end`); `stamp`: one or more. */
  arguments: string[];
  allowOpaque: boolean;
  /**
   * Print with Alembic's defaults where env.py's version table or transaction settings are not
   * known (a warning says so), instead of refusing: for callers that drop the version table's
   * statements and never show the SQL as Alembic's (the lock trace's ancestors).
   */
  assumeUnknownSettings?: true;
}

export type OfflineResult =
  | { ok: true; text: string; opaque: OpaqueOccurrence[]; warnings: string[]; plan: Plan; apart?: EmitResult['apart'] }
  | { ok: false; reason: 'plan'; message: string; warnings: string[] }
  | { ok: false; reason: 'opaque'; opaque: OpaqueOccurrence[]; warnings: string[] }
  /** With `allowOpaque`: steps Alembic fails on too (OpaqueStepInfo.raises), which no script can stand for. */
  | { ok: false; reason: 'raises'; opaque: OpaqueOccurrence[]; warnings: string[] };

function knownValue<T>(known: Known<T>, fallback: T, what: string, warnings: string[]): T {
  if (known.state !== 'unknown') return known.value;
  warnings.push(`${what} in env.py is not a literal (${known.reason}); assuming ${JSON.stringify(fallback)}.`);
  return fallback;
}

/**
 * Why env.py's settings cannot be known well enough to print or run anything, or undefined. The
 * version table's name and schema decide which table records the revisions (a guess would write
 * them elsewhere than Alembic does); `--sql` prints transaction_per_migration's BEGIN/COMMIT too.
 * SQL env.py emits itself (`context.execute(...)`) would be missing from the output or the run, and
 * so would SQL it runs on its connection online, except in the shape the online engine follows.
 */
export function unknownSettingsOf(environment: OfflineEnvironment, mode: 'offline' | 'online'): string | undefined {
  // Before anything else: Alembic fails there whatever the settings are.
  const raised = environment.config.envPy.raises?.[mode];
  if (raised) return `env.py raises in ${mode} mode (line ${raised.line}: \`${raised.statement}\`), so Alembic fails with that exception before running any migration`;
  const facts = envPyFactsFor(environment.config.envPy, mode);
  const decisive: [string, Known<unknown>][] = [
    ['version_table', facts.versionTable],
    ['version_table_schema', facts.versionTableSchema],
    ...(mode === 'offline' ? ([['transaction_per_migration', facts.transactionPerMigration]] as [string, Known<unknown>][]) : []),
  ];
  for (const [what, known] of decisive) {
    if (known.state === 'unknown') return `${what} in env.py is not known statically (${known.reason}): write it as a literal, read it from alembic.ini with config.get_main_option("...") or config.get_section_option("...", "..."), or from the environment with os.environ.get("...")`;
  }
  const output = mode === 'offline' ? environment.config.envPy.offlineOutput : undefined;
  if (output?.kind === 'refused') return `${output.reason} (line ${output.line})`;
  const ownSql = environment.config.envPy.ownSql?.[mode];
  if (ownSql !== undefined) return `env.py runs SQL of its own with context.execute() (line ${ownSql}), which Alembic ${mode === 'offline' ? 'prints among' : 'runs around'} the migrations' statements and the engine does not follow`;
  // Only online: `--sql` does not run the function that opens the connection.
  const onConnection = mode === 'online' ? environment.config.envPy.connectionSql : undefined;
  if (onConnection?.kind === 'refused') return `env.py runs SQL on its connection before the migrations (line ${onConnection.line}) in a way the engine does not follow: ${onConnection.reason}`;
  const translated = mode === 'online' ? environment.config.envPy.schemaTranslateMap : undefined;
  const autocommit = mode === 'online' ? environment.config.envPy.autocommitIsolation : undefined;
  if (autocommit) return `env.py's connection commits every statement on its own: ${autocommit.why}${autocommit.line > 0 ? ` (line ${autocommit.line})` : ''}; Alembic's transaction then begins nothing and a failed migration keeps what ran before it, which the engine (one transaction per run or migration) does not reproduce`;
  if (translated) return `env.py gives its connection a schema_translate_map (line ${translated.line}): SQLAlchemy then puts the migrations' tables and Alembic's version table in the schemas it maps to, which the engine does not follow`;
  return undefined;
}

/** Version table and transaction settings from env.py's `context.configure(...)`. */
export function planSettingsOf(environment: OfflineEnvironment, warnings: string[] = [], mode: 'offline' | 'online' = 'offline'): PlanSettings {
  const facts = envPyFactsFor(environment.config.envPy, mode);
  const elsewhere = environment.config.envPy.configuredElsewhere;
  // Not guessed silently: the library may set another version table (Synerty's sets a schema).
  if (elsewhere) warnings.push(`env.py calls no context.configure() itself: \`${elsewhere.call}\` (line ${elsewhere.line}) configures Alembic in code the engine does not read, so Alembic's defaults are assumed (version table alembic_version in the default schema, one transaction for the run).`);
  return {
    versionTable: {
      name: knownValue(facts.versionTable, 'alembic_version', 'version_table', warnings),
      schema: knownValue(facts.versionTableSchema, null, 'version_table_schema', warnings),
    },
    transactionPerMigration: knownValue(facts.transactionPerMigration, false, 'transaction_per_migration', warnings),
  };
}

export function planOffline(environment: OfflineEnvironment, request: OfflineRequest, settings: PlanSettings): Plan {
  // Alembic refuses to load a map with a cycle or a reused branch label; so do we.
  const fatal = environment.graph.issues.find((issue) => issue.severity === 'error');
  if (fatal) throw new PlanError(fatal.message, { issue: fatal.code });
  const graph = planGraphOf(environment.graph);
  if (request.command === 'stamp') return planOfflineStamp(graph, request.arguments, settings);
  if (request.arguments.length !== 1) throw new PlanError(`${request.command} takes exactly one revision argument`);
  const argument = request.arguments[0];
  return request.command === 'upgrade' ? planOfflineUpgrade(graph, argument, settings) : planOfflineDowngrade(graph, argument, settings);
}

/** The compiled form of a revision's file, as the emitter asks for it. */
export function revisionSources(environment: OfflineEnvironment, compiler: MigrationCompiler): (revision: string) => RevisionSource {
  return (revision) => {
    const file = environment.fileOf?.(revision) ?? environment.graph.get(revision)?.key ?? '';
    const hash = environment.files?.get(file)?.hash;
    return { file, compiled: compiler.compile(file, hash ? { hash } : {}) };
  };
}

export function offlineSql(
  environment: OfflineEnvironment,
  request: OfflineRequest,
  compiler: MigrationCompiler,
  output: { formatStatement?: (sql: string) => string; onRevision?: (revision: string, file: string) => void } = {},
  planCache: ContentCache<CachedPlan> | null = null,
): OfflineResult {
  const warnings: string[] = [];
  const unknownSettings = request.assumeUnknownSettings ? undefined : unknownSettingsOf(environment, 'offline');
  if (unknownSettings) return { ok: false, reason: 'plan', message: `${unknownSettings}; nothing was printed`, warnings };
  const settings = planSettingsOf(environment, warnings);
  // Planning a 5,000-revision history (Alembic's topological sort) costs more than everything
  // else in a warm run; an unchanged history with the same command has the same plan.
  const planKey =
    planCache && environment.fingerprint
      ? contentHash(JSON.stringify([environment.fingerprint, request.command, request.arguments, settings]))
      : undefined;
  const cached = planKey ? planCache?.get(planKey) : undefined;
  let plan: Plan;
  let sourceOf = revisionSources(environment, compiler);
  if (cached) {
    plan = cached.plan;
    sourceOf = (revision) => {
      const file = cached.files[revision] ?? '';
      const hash = environment.files?.get(file)?.hash;
      return { file, compiled: compiler.compile(file, hash ? { hash } : {}) };
    };
  } else {
    try {
      plan = planOffline(environment, request, settings);
    } catch (error) {
      if (error instanceof PlanError) return { ok: false, reason: 'plan', message: error.message, warnings };
      throw error;
    }
    if (planKey && planCache) {
      const files: Record<string, string> = {};
      for (const step of plan.steps) {
        if (step.kind === 'revision') files[step.revision] = environment.fileOf?.(step.revision) ?? environment.graph.get(step.revision)?.key ?? '';
      }
      planCache.set(planKey, { plan, files });
      planCache.flush();
    }
  }
  const runFiles = new Set<string>();
  for (const step of plan.steps) {
    if (step.kind === 'revision') runFiles.add(cached?.files[step.revision] ?? environment.fileOf?.(step.revision) ?? environment.graph.get(step.revision)?.key ?? '');
  }
  const result = emitOfflineSql(plan, sourceOf, {
    importTime: importTimeSources(environment, compiler, runFiles),
    allowOpaque: request.allowOpaque,
    formatStatement: output.formatStatement,
    onRevision: output.onRevision,
  });
  compiler.flush();
  if (result.opaque.length > 0 && !request.allowOpaque) return { ok: false, reason: 'opaque', opaque: result.opaque, warnings };
  // A step Alembic fails on too: a script with it commented out would claim a run that never happens.
  const raising = result.opaque.filter((occurrence) => occurrence.raises);
  if (raising.length > 0) return { ok: false, reason: 'raises', opaque: raising, warnings };
  return { ok: true, text: result.text, opaque: result.opaque, warnings, plan, ...(result.apart ? { apart: result.apart } : {}) };
}
