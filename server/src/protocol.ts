/**
 * The custom messages between the Alembic Lens client and its language server, declared once.
 * Both sides import this file; it has no runtime dependency on `vscode` or on any LSP library
 * (only plain constants and types), so the client bundle and the server bundle can each include it.
 * Documented for other editors in docs/lsp-extensions.md.
 *
 * Conventions: `uri` fields are `file://` URIs (what editors open); `file` fields are absolute
 * file system paths (what the core uses). Lines are zero-based. Revision lists are in history order,
 * from the heads to the bases, exactly as `alembic history` prints them.
 */

// ---------------------------------------------------------------------------------------------
// Shared shapes

export interface ProtocolPosition {
  line: number;
  character: number;
}

export interface ProtocolRange {
  start: ProtocolPosition;
  end: ProtocolPosition;
}

/** Structural copy of LSP's WorkspaceEdit subset the server produces (CreateFile + TextDocumentEdit). */
export type ProtocolDocumentChange =
  | { kind: 'create'; uri: string; options?: { overwrite?: boolean; ignoreIfExists?: boolean } }
  | {
      textDocument: { uri: string; version: number | null };
      edits: { range: ProtocolRange; newText: string }[];
    };

export interface ProtocolWorkspaceEdit {
  documentChanges?: ProtocolDocumentChange[];
  changes?: { [uri: string]: { range: ProtocolRange; newText: string }[] };
}

export type MigrationDirection = 'upgrade' | 'downgrade';

// ---------------------------------------------------------------------------------------------
// alembic/tree: the revision tree of every environment (the sidebar view)

export const TreeRequestMethod = 'alembic/tree';

export interface TreeParams {
  /** Only this environment (an `EnvironmentConfig.id`); all environments when omitted. */
  environmentId?: string;
}

export interface RevisionMarkers {
  head: boolean;
  base: boolean;
  /** More than one child. */
  branchpoint: boolean;
  /** More than one parent (`down_revision` is a tuple). */
  mergepoint: boolean;
}

export interface TreeRevision {
  id: string;
  /** Docstring message (first paragraph), empty when there is none. */
  message: string;
  /** `Create Date:` of the docstring header, as written. */
  createDate?: string;
  /** Absolute path of the file that defines the revision. */
  file?: string;
  uri?: string;
  /** Zero-based line of the `revision = ...` assignment (0 when unknown). */
  line: number;
  /** Branch labels declared by this revision (not inherited ones). */
  labels: string[];
  /**
   * Every branch label that applies to this revision, its own and the ones Alembic propagates
   * along the branch (`alembic history --verbose` "Branch names"); what the tree groups by.
   */
  branches: string[];
  /** The base this revision descends from through its first parent (the tree's group when no label applies). */
  root: string;
  /** Parents (`down_revision`), as resolved ids. */
  downRevisions: string[];
  /** `depends_on` entries as written. */
  dependsOn: string[];
  /** Child revision ids. */
  children: string[];
  markers: RevisionMarkers;
  /** Errors and warnings reported in this revision's file (information and hints are not counted). */
  problemCount: number;
}

export interface TreeEnvironment {
  /** `EnvironmentConfig.id`: `<configFile>#<section>`. */
  id: string;
  /** ini section name or `tool.alembic`. */
  name: string;
  configFile: string;
  configUri: string;
  /** Folder holding env.py. */
  scriptLocation: string;
  heads: string[];
  bases: string[];
  /** History order: from the heads down to the bases. */
  revisions: TreeRevision[];
  /** All problems of the environment (config, files, graph). */
  problemCount: number;
}

export interface TreeResult {
  environments: TreeEnvironment[];
  /** True while the initial (or a re-) index is running: the result may be partial. */
  indexing: boolean;
}

// ---------------------------------------------------------------------------------------------
// alembic/status: a compact summary for the status bar

export const StatusRequestMethod = 'alembic/status';

export type StatusParams = Record<string, never>;

export type IndexingState = 'indexing' | 'ready' | 'failed';

export interface EnvironmentStatus {
  id: string;
  name: string;
  configFile: string;
  heads: string[];
  revisionCount: number;
  problemCount: number;
}

export interface StatusResult {
  state: IndexingState;
  environments: EnvironmentStatus[];
  /** Problems not tied to an environment (broken alembic.ini, ...). */
  workspaceProblemCount: number;
}

// ---------------------------------------------------------------------------------------------
// alembic/graph: the revision graph view's rows, laid out in lanes (server/src/graph/layout.ts)

export const GraphRequestMethod = 'alembic/graph';

export interface GraphParams {
  /** Only this environment; all environments when omitted. */
  environmentId?: string;
}

/** A line in one lane of a row; `color` is a palette slot, `dashed` a `depends_on` edge. */
export interface GraphLaneLine {
  lane: number;
  color: number;
  dashed: boolean;
}

export interface GraphRevision {
  id: string;
  message: string;
  file?: string;
  uri?: string;
  /** Zero-based line of `revision = ...`. */
  line: number;
  /** Branch labels declared by this revision. */
  labels: string[];
  downRevisions: string[];
  /** `depends_on`, resolved to revision ids. */
  dependsOn: string[];
  markers: RevisionMarkers;
  problemCount: number;
  /** The node's lane and colour, and the lines drawn in its row (see graph/layout.ts). */
  lane: number;
  color: number;
  through: GraphLaneLine[];
  incoming: GraphLaneLine[];
  outgoing: GraphLaneLine[];
  /** Far `depends_on` targets drawn as a stub naming the target instead of a lane. */
  jumpsOut: string[];
  /** Revisions whose far `depends_on` names this one. */
  jumpsIn: string[];
  /** An edge whose target is drawn above its source (a broken history, e.g. a cycle). */
  upwardEdges: string[];
}

export interface GraphEnvironment {
  id: string;
  name: string;
  configFile: string;
  heads: string[];
  bases: string[];
  /** The widest row's lane count. */
  laneCount: number;
  /** History order, heads first, as in `alembic/tree`. */
  revisions: GraphRevision[];
  problemCount: number;
}

export interface GraphResult {
  environments: GraphEnvironment[];
  indexing: boolean;
}

// ---------------------------------------------------------------------------------------------
// alembic/createMergeRevision: a new revision whose down_revision is the tuple of the heads

export const CreateMergeRevisionRequestMethod = 'alembic/createMergeRevision';

export interface CreateMergeRevisionParams {
  environmentId: string;
  /** Revisions to merge; the environment's current heads when omitted. */
  heads?: string[];
  /** Docstring message; `merge heads` when omitted. */
  message?: string;
  /**
   * When true (the default) the server applies the edit itself: through `workspace/applyEdit` if
   * the client supports it, else by writing the file to disk. When false it only returns the edit.
   */
  apply?: boolean;
}

export interface CreateMergeRevisionResult {
  /** Absolute path of the new file. */
  file: string;
  uri: string;
  revisionId: string;
  /** The full text of the new file. */
  content: string;
  /** The edit that creates it (CreateFile + insert). */
  edit: ProtocolWorkspaceEdit;
  /** Whether the server applied the edit (see `apply`). */
  applied: boolean;
}

// ---------------------------------------------------------------------------------------------
// alembic/createRevision: a new revision file as `alembic revision` (or `merge`, or
// `revision --autogenerate`) writes it; the server writes the file

export const CreateRevisionRequestMethod = 'alembic/createRevision';

export interface CreateRevisionParams {
  environmentId: string;
  /** `-m`: the docstring message; the file name slug comes from it. */
  message: string;
  /** Revisions to build on: one (`--head`, `expand@head`, ...) or several (a merge); default the head. */
  heads?: string[];
  /** Allow a non-head as the one to build on (`--splice`). */
  splice?: boolean;
  branchLabel?: string;
  /** One of the environment's version locations (absolute, or relative to the config file's folder). */
  versionPath?: string;
  /** A fixed id (`--rev-id`); a new random one when omitted. */
  revisionId?: string;
  dependsOn?: string[];
  /**
   * A Python with Alembic: a script.py.mako construct the renderer cannot handle is rendered by
   * `alembic revision` in it instead (one head to build on; not for merges).
   */
  python?: string;
  /**
   * Run Alembic's autogenerate in this interpreter against this database instead of rendering the
   * template: the embedded database is upgraded to head first. The URL reaches Alembic through an
   * environment variable, never the command line.
   */
  autogenerate?: { python: string; connection: ConnectionTarget };
}

export type CreateRevisionResult =
  | {
      ok: true;
      /** Absolute path of the new file, and its uri. */
      file: string;
      uri: string;
      revisionId: string;
      /** Where the cursor goes: the first statement of `upgrade()`. */
      cursor: ProtocolPosition;
      /** Alembic's output (autogenerate), or warnings of the renderer (post_write_hooks not run). */
      log: string[];
    }
  | {
      ok: false;
      /** Why nothing was written, for the user (never contains a password). */
      message: string;
      /** Stable code: docs/rules/<code>.md. */
      code: string;
      /** Alembic's output when it ran (autogenerate). */
      log: string[];
    };

// ---------------------------------------------------------------------------------------------
// alembic/previewSql: the offline SQL of one revision (what `alembic upgrade --sql a:b` prints)

export const PreviewSqlRequestMethod = 'alembic/previewSql';

export interface PreviewSqlParams {
  /** A migration file (uri); its revision is previewed. Either `uri` or `revisionId` is required. */
  uri?: string;
  revisionId?: string;
  /** Needed with `revisionId` when several environments define the same id. */
  environmentId?: string;
  direction: MigrationDirection;
}

export interface PreviewSqlResult {
  /** Complete SQL text including its header comment; empty when nothing could be rendered. */
  sql: string;
  revisionId?: string;
  environmentId?: string;
  direction: MigrationDirection;
  /** Why the SQL is incomplete or missing (opaque steps, unknown revision, ...); empty when complete. */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// alembic/indexChanged (server → client notification): refresh the tree and the status bar

export const IndexChangedNotificationMethod = 'alembic/indexChanged';

export interface IndexChangedParams {
  /** Ids of environments whose graph changed (all ids after a rediscovery). */
  environments: string[];
  state: IndexingState;
}

// ---------------------------------------------------------------------------------------------
// Online requests: the database state of an environment, and runs against a database

/**
 * The database a request talks to, resolved by the client (which owns passwords and asks the
 * user). `password` travels only in this field: the server never logs it and scrubs it from
 * every message it returns. `embedded` names a folder for the embedded PostgreSQL (PGlite).
 */
export type ConnectionTarget =
  | {
      kind: 'url';
      /** The connection's name in `alembicLens.connections` (for messages). */
      name: string;
      /** SQLAlchemy URL; a password in it is used and scrubbed like `password`. */
      url: string;
      password?: string;
      /** PostgreSQL `lock_timeout` / `statement_timeout` for runs, in milliseconds. */
      lockTimeoutMs?: number;
      statementTimeoutMs?: number;
    }
  | { kind: 'embedded'; name: string; folder: string };

export const CurrentRequestMethod = 'alembic/current';

export interface CurrentParams {
  environmentId: string;
  connection: ConnectionTarget;
}

/** What the database says about an environment (`alembic current`), or why it could not say. */
export interface DatabaseState {
  environmentId: string;
  /** The connection's name and where it points (`user@host:port/db`, never a password). */
  connection: string;
  display: string;
  ok: boolean;
  /** Rows of the version table. */
  rows: string[];
  /** What `alembic current` prints: the rows without any that is an ancestor of another. */
  current: string[];
  /** Every revision applied: the rows and all their ancestors (dependencies included). */
  applied: string[];
  /** Why `ok` is false (connection refused, unknown revision in the table, ...). */
  message?: string;
  /** The stable code of the failure (`database-connect-failed`, ...; docs/rules/<code>.md). */
  code?: string;
}

export type CurrentResult = DatabaseState;

export const RunRequestMethod = 'alembic/run';

export type RunCommand = 'upgrade' | 'downgrade' | 'stamp';

export interface RunParams {
  environmentId: string;
  connection: ConnectionTarget;
  command: RunCommand;
  /** A revision id or Alembic target (`base`, `heads`, `abc123`). */
  target: string;
  /** Run in a transaction and roll it back. */
  dryRun?: boolean;
  /** Only plan against the version table (what would run); nothing is executed. */
  planOnly?: boolean;
  /** Echoed in every alembic/runProgress notification of this run. */
  runId?: string;
  /** A Python with Alembic installed (`alembicLens.python`): runs with opaque steps are handed to it. */
  python?: string;
}

export interface RunFailure {
  /** Absolute path and zero-based line of the migration statement that failed, when one did. */
  file?: string;
  line?: number;
  revision?: string;
  sqlState?: string;
  message: string;
  cancelled: boolean;
}

export interface RunResult {
  ok: boolean;
  command: RunCommand;
  dryRun: boolean;
  planOnly: boolean;
  /** Alembic's step lines (`upgrade a -> b, message`): planned (planOnly) or run. */
  steps: string[];
  rowsBefore: string[];
  rowsAfter: string[];
  /** One line for a notification: what happened or why it failed. */
  summary: string;
  /** The full report (Alembic's log lines, warnings, the failure report) for the output channel. */
  details: string[];
  failure?: RunFailure;
  /** The stable code of a failure, as the CLI prints it (`online-statement-failed`, ...; docs/rules/<code>.md). */
  code?: string;
  /** The database state after the run (also cached for hovers). */
  state?: DatabaseState;
}

/** Server → client while a run is going: one log line or one step started. */
export const RunProgressNotificationMethod = 'alembic/runProgress';

export interface RunProgressParams {
  runId: string;
  message: string;
  /** Set for a step: its index (0-based) and the number of steps. */
  step?: { index: number; total: number };
}

export const ResetEmbeddedRequestMethod = 'alembic/resetEmbedded';

export interface ResetEmbeddedParams {
  /** The folder of an embedded database (as in ConnectionTarget). */
  folder: string;
}

export interface ResetEmbeddedResult {
  removed: boolean;
}

// ---------------------------------------------------------------------------------------------
// alembic/traceLocks: run a migration on an embedded database and record what each statement locks

export const TraceLocksRequestMethod = 'alembic/traceLocks';

export interface TraceLocksParams {
  environmentId: string;
  revisionId: string;
  /** The migration file; its open buffer is traced, and the result is kept until that text changes. */
  uri: string;
  direction: MigrationDirection;
  /** Echoed in the alembic/runProgress notifications of this trace. */
  runId?: string;
}

/** A lock a statement took, with what it stops other sessions from doing ("blocks reads and writes"). */
export interface TracedLockInfo {
  relation: string;
  /** As pg_locks names it: `AccessExclusiveLock`. */
  mode: string;
  /** `table`, `index` (an index being built or rebuilt holds a lock on itself) or `other`. */
  kind: 'table' | 'index' | 'other';
  blocks: string;
}

/** A static rule's prediction at the line, against what the trace saw. */
export interface TracePredictionCheck {
  code: string;
  /** `ShareLock on orders`, `error 25001`. */
  predicted: string;
  verdict: 'confirmed' | 'contradicted';
  observed?: string;
}

/** What the statements of one `op.*` line did. */
export interface TracedLine {
  /** Zero-based line of the `op.*` call. */
  line: number;
  statements: string[];
  /** False for statements in `autocommit_block()`: their locks end with them. */
  inTransaction: boolean;
  /** Locks the line's statements took (not held before them). */
  taken: TracedLockInfo[];
  /** Tables and indexes whose storage was replaced (a rewrite). */
  rewritten: string[];
  ms: number;
  /** PostgreSQL's error (SQLSTATE and message); the trace stopped there. */
  error?: { code: string; message: string };
  predictions: TracePredictionCheck[];
  /** One line for an inlay hint: `AccessExclusiveLock on orders (blocks reads and writes), rewrite, 3 ms`. */
  summary: string;
}

export interface TraceLocksResult {
  ok: boolean;
  revisionId: string;
  direction: MigrationDirection;
  lines: TracedLine[];
  /** `op.*` lines the engine cannot render, so not run. */
  untraced: { line: number; reason: string }[];
  /** Why the trace could not run (`ok` false), and its code (`lock-trace-failed`; docs/rules/<code>.md). */
  message?: string;
  code?: string;
  /** Time spent bringing the database to the state before the migration (0: kept from an earlier trace). */
  setupMs: number;
  totalMs: number;
}

// ---------------------------------------------------------------------------------------------
// Commands referenced by server-produced CodeLenses; the client registers and implements them.

export const ClientCommands = {
  /** Args: [PreviewSqlCommandArgs]. Opens the SQL preview (the client calls alembic/previewSql). */
  previewSql: 'alembicLens.previewSql',
  /** Args: [CreateMergeCommandArgs]. The client calls alembic/createMergeRevision and opens the file. */
  createMergeRevision: 'alembicLens.createMergeRevision',
  /** Args: [OnlineLensArgs]. The client resolves the active connection, asks, and calls alembic/run. */
  upgradeToHere: 'alembicLens.upgradeToHere',
  downgradeToParent: 'alembicLens.downgradeToParent',
  stamp: 'alembicLens.stamp',
  dryRun: 'alembicLens.dryRun',
  /** Args: [PreviewSqlCommandArgs]. The client calls alembic/traceLocks with progress and shows the result. */
  traceLocks: 'alembicLens.traceLocks',
} as const;

/** The online lenses' commands: the client hides them in untrusted workspaces and names the connection in their titles. */
export const ONLINE_LENS_COMMANDS: readonly string[] = [ClientCommands.upgradeToHere, ClientCommands.downgradeToParent, ClientCommands.stamp, ClientCommands.dryRun];

export interface OnlineLensArgs {
  environmentId: string;
  revisionId: string;
  uri: string;
}

export interface PreviewSqlCommandArgs {
  uri: string;
  revisionId: string;
  environmentId: string;
  direction: MigrationDirection;
}

export interface CreateMergeCommandArgs {
  environmentId: string;
  heads: string[];
}

/** `initializationOptions` the server understands (all optional). */
export interface ServerInitializationOptions {
  /**
   * Base URL of the rule docs: a code's link is `<docsBaseUrl>/<code>.md` (or `<docsBaseUrl><code>`
   * when it ends in `#` or `=`). Default: the public docs of the repository named in package.json
   * (`<repository>/blob/main/docs/rules`), which resolves wherever the server is installed.
   */
  docsBaseUrl?: string;
  /** Milliseconds to wait after the last edit before republishing diagnostics (default 15). */
  diagnosticsDebounceMs?: number;
  /** The `alembicLens.*` settings at start; later values come with `workspace/didChangeConfiguration`. */
  settings?: ServerSettings;
}

/** `alembicLens.logLevel`, most severe first; the client and the server filter their lines by it. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type ServerLogLevel = (typeof LOG_LEVELS)[number];

/** Whether a line of `level` is shown when the setting is `threshold`. */
export function logLevelEnabled(level: ServerLogLevel, threshold: ServerLogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

/**
 * The `alembicLens.*` settings the server itself honours (other keys are ignored). A missing or
 * ill-typed key keeps its current value (at start: its default).
 */
export interface ServerSettings {
  /** Globs relative to each workspace folder whose alembic.ini / pyproject.toml are not discovered (default none beyond the built-in skips). */
  exclude?: string[];
  /** Server log lines (`window/logMessage`) below this level are not sent (default `info`). */
  logLevel?: ServerLogLevel;
}
