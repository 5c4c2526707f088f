/**
 * The rule contract. A rule is a stable code, a default severity, a one-line title and a check.
 * Most rules judge one action at a time against the schema as it stands just before it
 * (`checkAction`); a few judge the migration as a whole (`checkMigration`: a missing downgrade,
 * a downgrade that does not undo the upgrade). Rules never parse Python or SQL themselves.
 */
import type { Severity, SuggestedFix } from '../common/problem';
import type { SourceRange } from '../common/range';
import type { Action, MigrationFunction } from './actions';
import type { LintConfig } from './config';
import type { SchemaModel } from './schema/model';

/**
 * The table lock a finding predicts, as data (the trace compares it with what PostgreSQL took,
 * the table sizes say how long it is held): the mode as pg_locks names it, and the tables it is
 * taken on (absent: whichever relations the statement locks).
 */
export interface PredictedLock {
  mode: string;
  tables?: string[];
}

export interface FindingDetails {
  fixes?: SuggestedFix[];
  data?: Record<string, unknown>;
  /** Stored in the finding's data as `lock` (JSON and SARIF output carry it). */
  lock?: PredictedLock;
  /**
   * This finding's severity when it is a lesser form of the rule's hazard than the code's default
   * says (add-column-required-no-default on a table emptied just before); a severity the
   * configuration sets for the code wins over it.
   */
  severity?: Severity;
}

export interface MigrationUnderLint {
  file: string;
  revision: string;
  text: string;
  upgrade?: LintedFunction;
  downgrade?: LintedFunction;
}

export interface LintedFunction {
  fn: MigrationFunction;
  /** The whole `def` (where migration-level findings point). */
  range: SourceRange;
  /** Range of the function name, for a tight squiggle. */
  nameRange: SourceRange;
  actions: Action[];
  /** True when the body is only `pass`, `...` or a docstring. */
  empty: boolean;
}

export interface RuleContext {
  readonly config: LintConfig;
  readonly migration: MigrationUnderLint;
  /** The schema just before the action being checked (for `checkMigration`: after the upgrade). */
  readonly schema: SchemaModel;
  /**
   * Whether `ancestor` runs before `revision` in every upgrade (is reachable from it along
   * down_revision and depends_on). Absent when the caller has no graph (a lint of one file).
   */
  isAncestor?(ancestor: string, revision: string): boolean;
  report(range: SourceRange, message: string, details?: FindingDetails): void;
}

export interface LintRule {
  code: string;
  defaultSeverity: Severity;
  title: string;
  /** Off unless selected in the configuration (`select`). */
  optIn?: boolean;
  /**
   * The kinds of action `checkAction` can report on: the walk calls it for these alone (for every
   * action when absent). A rule that must see every action pass (to remember something) leaves it
   * out. Most rules look at one or two kinds, and calling each of ~35 rules for each of the
   * 72,000 actions of a 5,000-revision history was a tenth of the lint.
   */
  actionKinds?: readonly Action['kind'][];
  /** Called as a plain function (the walk keeps the function, not the rule): it must not use `this`. */
  checkAction?(action: Action, context: RuleContext): void;
  checkMigration?(context: RuleContext): void;
  /**
   * For a rule that learns only later in the walk that an earlier migration fails (a table it
   * needs is made afterwards, on a sibling branch): a watcher, new for each lint, that sees every
   * upgrade action the walk replays, reported on or not, and may file a finding under an earlier
   * revision's migration.
   */
  watchWalk?(): WalkWatcher;
}

export interface WalkWatcher {
  /** Called before each upgrade action of each revision the walk replays, with the schema just before it. */
  beforeAction(action: Action, context: WalkContext): void;
  /**
   * The tables whose CREATE TABLE, replayed later, may still file a finding. The editor lints one
   * file, and the walk would stop after it: past the last revision reported on, it goes on only
   * while some table is awaited, and only up to the next revision `awaitsMaker` accepts.
   * Absent: the watcher never needs the walk past the last revision reported on.
   */
  awaitedTables?(): Iterable<string>;
  /**
   * Whether revision `maker`, making awaited `table` with a plain CREATE TABLE later in the walk,
   * may file a finding, as far as is known before replaying up to it. False only when neither it
   * nor a later maker of the table can (the table is then no longer awaited).
   */
  awaitsMaker?(table: string, maker: string, context: WalkContext): boolean;
}

export interface WalkContext {
  readonly schema: SchemaModel;
  /** The revision being replayed. */
  readonly revision: string;
  /** Whether its findings are reported (not before `since`, one of the files asked for). */
  readonly reporting: boolean;
  /** As RuleContext.isAncestor. */
  isAncestor?(ancestor: string, revision: string): boolean;
  /** Whether some revision descends from both (each counts as its own descendant); absent without a graph. */
  branchesMeet?(a: string, b: string): boolean;
  /** The file of a revision of the history. */
  fileOf(revision: string): string | undefined;
  /** The text of a revision's file, for a fix (read on demand). */
  textOf(revision: string): string | undefined;
  /**
   * Files a finding under the migration of `revision`, the one being replayed or an earlier one
   * (the range is in its file); dropped when that revision's findings are not reported.
   */
  reportOn(revision: string, range: SourceRange, message: string, details?: FindingDetails): void;
}
