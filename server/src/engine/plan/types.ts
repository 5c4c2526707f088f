/**
 * The planner's output: which migration steps run, in which order, what each does to the version
 * table, and where transactions begin and end. It mirrors what Alembic's MigrationContext does in
 * `run_migrations` (one `RevisionStep` or `StampStep` at a time, a `HeadMaintainer` tracking the
 * rows of the version table), so that both the offline emitter and a future online executor can
 * walk the same plan.
 */

export type Direction = 'upgrade' | 'downgrade';

/** One row change of the version table, in the order Alembic issues them. */
export type VersionChange =
  | { kind: 'insert'; version: string }
  | { kind: 'delete'; version: string }
  | { kind: 'update'; from: string; to: string };

export interface VersionTable {
  name: string;
  schema: string | null;
}

interface PlannedStepBase {
  direction: Direction;
  /** Alembic's `short_log`: `upgrade a, b -> c` (the text after `-- Running `). */
  logLine: string;
  /** Version-table rows before this step ran (the HeadMaintainer's heads). */
  headsBefore: string[];
  versionChanges: VersionChange[];
}

/** Runs a revision's `upgrade()` or `downgrade()`. */
export interface RevisionPlannedStep extends PlannedStepBase {
  kind: 'revision';
  revision: string;
}

/** `alembic stamp`: moves version rows without running any migration code. */
export interface StampPlannedStep extends PlannedStepBase {
  kind: 'stamp';
  from: string[];
  to: string[];
}

export type PlannedStep = RevisionPlannedStep | StampPlannedStep;

export interface Plan {
  command: 'upgrade' | 'downgrade' | 'stamp';
  /** The version rows the run starts from (offline: the `start` of `start:end`). */
  startHeads: string[];
  steps: PlannedStep[];
  versionTable: VersionTable;
  /** `transaction_per_migration=True` in env.py: BEGIN/COMMIT around each step instead of the run. */
  transactionPerMigration: boolean;
}

/** A planning failure with Alembic's own wording where Alembic has one (the CLI prints it as `FAILED: ...`). */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
