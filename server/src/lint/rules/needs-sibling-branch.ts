/**
 * A migration that needs a table (changes it, writes to it, indexes it, references it) that only a
 * revision on a sibling branch makes. Alembic orders sibling branches among themselves by how the
 * graph is written, not by what they need: when `alembic upgrade heads` on an empty database runs
 * this migration before the sibling, PostgreSQL fails with 42P01 (pricing-app's roles_02 adds a
 * column to a table its sibling makes; only the merge's parent order saves it). unknown-table
 * leaves such tables alone, since a sibling's table says nothing about what this migration runs on.
 *
 * The replay follows Alembic's order, so the migration is checked before the sibling is replayed:
 * the rule watches the whole walk (LintRule.watchWalk) and files the finding under the migration
 * once the sibling's CREATE TABLE comes. A table the replay never saw made may also be older than
 * the history (made before the first revision); then the sibling's plain CREATE TABLE fails
 * instead (42P07), so the history breaks either way. A CREATE TABLE IF NOT EXISTS would succeed
 * on such a database: not reported.
 *
 * Only branches that meet are judged (a merge or a depends_on applies both): alternatives that
 * never meet (aiida-core's `django` and `sqlalchemy` branches) are deployed one at a time, and a
 * table one of them uses without making it is one the database already had.
 */
import * as nodePath from 'node:path';
import type { SourceRange } from '../../common/range';
import type { Action } from '../actions';
import { dependsOnFix } from '../fixes/dependsOn';
import type { FindingDetails, LintRule, WalkContext, WalkWatcher } from '../types';
import { quoted } from './shared/describe';
import { referencedTablesOf, tableOf } from './shared/objectsNeeded';

export const needsSiblingBranch: LintRule = {
  code: 'needs-sibling-branch',
  defaultSeverity: 'error',
  title: 'Needs a table a sibling branch makes',
  watchWalk: () => new SiblingTables(),
};

interface Use {
  revision: string;
  range: SourceRange;
  /** SiblingTables.unfollowed when it was used. */
  unfollowed: number;
}

class SiblingTables implements WalkWatcher {
  /** Tables the revisions reported on needed before the replay saw them made: where, once per revision. */
  private readonly waiting = new Map<string, Use[]>();
  /** The revisions whose upgrade made each table, in the order the walk replayed them. */
  private readonly makers = new Map<string, string[]>();
  /**
   * Statements the replay could not follow so far (SchemaModel: an unchecked action that taints):
   * one between a use and the CREATE TABLE may have dropped a table older than the history, and
   * the history may then be meant for databases that have it.
   */
  private unfollowed = 0;
  /** The revisions that ran such a statement: one may have made the table for a migration it comes before. */
  private readonly unfollowedIn: string[] = [];
  /** For the revision being replayed, whether each maker asked about is its ancestor (a revision's statements ask about few tables, often). */
  private ancestorsOf = '';
  private readonly ancestorAnswers = new Map<string, boolean>();

  beforeAction(action: Action, context: WalkContext): void {
    // A DO block's statement under a condition may not run; without a graph nothing is a sibling.
    if (action.mayNotRun || !context.isAncestor || !context.branchesMeet) return;
    if (action.kind === 'unchecked' && action.taints !== false) {
      this.unfollowed++;
      if (this.unfollowedIn[this.unfollowedIn.length - 1] !== context.revision) this.unfollowedIn.push(context.revision);
    }
    if (context.reporting) {
      // Called for every statement of the history: no array made for the common case of one table.
      const needed = tableOf(action);
      if (needed !== undefined) this.needs(needed, action.range, context);
      if (action.kind === 'createTable' || action.kind === 'addConstraint') for (const table of referencedTablesOf(action)) this.needs(table, action.range, context);
    }
    if (action.kind === 'createTable') this.made(action.table, action.ifNotExists, context);
    // A table renamed into the name: not one CREATE TABLE to blame or to wait for.
    else if (action.kind === 'renameTable') this.waiting.delete(action.newName);
  }

  awaitedTables(): Iterable<string> {
    return this.waiting.keys();
  }

  /**
   * What made() asks of a use before reporting it, short of the schema at that point (a table
   * dropped in between). made() stops awaiting the table at its first maker, reported or not.
   */
  awaitsMaker(table: string, maker: string, context: WalkContext): boolean {
    const uses = this.waiting.get(table);
    if (!uses || !context.isAncestor || !context.branchesMeet) return false;
    // Statements the replay cannot follow only add up: a use already behind one stays behind it.
    return uses.some((use) => use.unfollowed === this.unfollowed && use.revision !== maker && !context.isAncestor!(use.revision, maker) && context.branchesMeet!(use.revision, maker));
  }

  private needs(table: string, range: SourceRange, context: WalkContext): void {
    const schema = context.schema;
    // Dropped or renamed away: unknown-table's finding, when it is gone for this migration.
    if (schema.tableIsKnownMissing(table)) return;
    const revision = context.revision;
    const maker = schema.table(table)?.createdIn;
    if (maker === undefined) {
      // Not made yet in Alembic's order: older than the history, or made later (see made()).
      const uses = this.waiting.get(table);
      const use = { revision, range, unfollowed: this.unfollowed };
      if (!uses) this.waiting.set(table, [use]);
      else if (!uses.some((each) => each.revision === revision)) uses.push(use);
      return;
    }
    // Made by this migration, or by one it descends from (every maker counts: a sibling may have
    // made it again since, after dropping it).
    if (maker === revision || this.isAncestor(maker, context)) return;
    for (const each of this.makers.get(table) ?? []) if (each === revision || context.isAncestor!(each, revision)) return;
    if (!context.branchesMeet!(revision, maker)) return;
    // A statement the replay could not follow, in this migration or one it descends from, may make the table on this branch too.
    if (this.unfollowedIn.some((each) => each === revision || context.isAncestor!(each, revision))) return;
    context.reportOn(
      revision,
      range,
      `table ${quoted(table)} is made by revision ${maker} (${fileNamed(maker, revision, context)}) on a sibling branch, not by this revision or one it descends from: \`alembic upgrade heads\` runs ${maker} first here, but \`alembic upgrade ${revision}\` (this branch alone) fails on this statement on an empty database with 42P01, as does any tool that applies the branches in another order (the order among siblings follows how the graph is written, not what they need); add depends_on = "${maker}" to this revision so that Alembic always runs ${maker} first`,
      { ...details(revision, maker, table, context), severity: 'warning' },
    );
  }

  /** context.isAncestor(maker, the revision being replayed), remembered for the rest of that revision. */
  private isAncestor(maker: string, context: WalkContext): boolean {
    if (this.ancestorsOf !== context.revision) {
      this.ancestorsOf = context.revision;
      this.ancestorAnswers.clear();
    }
    let answer = this.ancestorAnswers.get(maker);
    if (answer === undefined) this.ancestorAnswers.set(maker, (answer = context.isAncestor!(maker, context.revision)));
    return answer;
  }

  private made(table: string, ifNotExists: boolean, context: WalkContext): void {
    const uses = this.waiting.get(table);
    this.waiting.delete(table);
    const makers = this.makers.get(table);
    if (makers) makers.push(context.revision);
    else this.makers.set(table, [context.revision]);
    const schema = context.schema;
    // IF NOT EXISTS also succeeds where the table is older than the history; dropped in between, the uses ran on the older table.
    if (!uses || ifNotExists || schema.tableIsKnownMissing(table)) return;
    const maker = context.revision;
    for (const use of uses) {
      // Made later on the use's own line: not a question of branches.
      if (use.revision === maker || context.isAncestor!(use.revision, maker) || !context.branchesMeet!(use.revision, maker)) continue;
      if (use.unfollowed !== this.unfollowed) continue;
      context.reportOn(
        use.revision,
        use.range,
        `table ${quoted(table)} does not exist yet when this runs: revision ${maker} (${fileNamed(maker, use.revision, context)}) makes it on a sibling branch, which \`alembic upgrade heads\` runs after this one, so on an empty database PostgreSQL fails here with 42P01 (relation ${quoted(table)} does not exist) and the deploy stops (had the table been there before the first revision, ${maker}'s CREATE TABLE would fail instead, with 42P07); add depends_on = "${maker}" to this revision so that Alembic runs ${maker} first`,
        details(use.revision, maker, table, context),
      );
    }
  }
}

function details(revision: string, maker: string, table: string, context: WalkContext): FindingDetails {
  const file = context.fileOf(revision);
  const text = context.textOf(revision);
  const fix = file === undefined || text === undefined ? undefined : dependsOnFix(file, text, maker);
  return { data: { table, madeBy: maker }, ...(fix ? { fixes: [fix] } : {}) };
}

/** The maker's file, relative to the folder of the migration the finding is on. */
function fileNamed(maker: string, revision: string, context: WalkContext): string {
  const file = context.fileOf(maker);
  const from = context.fileOf(revision);
  if (file === undefined) return 'its file is not known';
  return from === undefined ? file : nodePath.relative(nodePath.dirname(from), file);
}
