/**
 * A `downgrade()` that does not undo `upgrade()`, found by replaying both (see schema/effects.ts).
 */
import type { Action } from '../actions';
import { EffectTracker, tableAliasesOf, type PriorTable } from '../schema/effects';
import type { IndexState } from '../schema/model';
import { droppedSequences, noteOwnedSequences, sequencesUsedAfterDrop } from './shared/ownedSequences';
import type { LintRule, MigrationUnderLint, RuleContext } from '../types';

/**
 * What the schema model knew of each table just before the migration first touched it, gathered
 * while the actions are checked one by one (the model is past the upgrade by checkMigration).
 */
const priorTables = new WeakMap<MigrationUnderLint, Map<string, PriorTable | undefined>>();

/**
 * The indexes the migration creates or drops that the history shows before the migration
 * (APITaxi drops a table, renames a new one into its name and indexes it again, in both
 * functions: the index was there before and is there after).
 */
const priorIndexes = new WeakMap<MigrationUnderLint, ReadonlyMap<string, IndexState>>();

export const downgradeDoesNotReverse: LintRule = {
  code: 'downgrade-does-not-reverse',
  defaultSeverity: 'warning',
  title: 'downgrade() does not undo upgrade()',
  checkAction(action, context) {
    let tables = priorTables.get(context.migration);
    if (!tables) {
      // The migration's first action: the model is as the history left it.
      priorTables.set(context.migration, (tables = new Map()));
      priorIndexes.set(context.migration, indexesBefore(context.migration, context.schema));
    }
    if (action.kind === 'otherSql' && action.cascade === true && action.statement.startsWith('DROP ') && action.views) dependentViews.set(action, viewsBuiltOn(action.views, context.schema));
    if (action.kind === 'otherSql' && action.cascade === true && action.statement === 'DROP SCHEMA' && action.schemas) {
      // A materialized view indexed since is known to the model as a table too; it is a view (TaxHub's vm_* views).
      const inSchemas = action.schemas.flatMap((schema) => context.schema.tablesInSchema(schema)).filter((name) => !context.schema.hasView(name));
      schemaTables.set(action, inSchemas);
      for (const name of inSchemas) if (!tables.has(name)) tables.set(name, priorTableOf(name, context));
    }
    if (action.fn === 'upgrade' && (action.kind === 'dropColumn' || action.kind === 'dropTable')) noteOwnedSequences(action, context);
    // The indexes a dropped table had go with it: a downgrade that makes the table again must make them too.
    if (action.fn === 'upgrade' && action.kind === 'dropTable') {
      const named = context.schema.indexesOn(action.table);
      if (named.length > 0) {
        let dropped = indexesOfDroppedTables.get(context.migration);
        if (!dropped) indexesOfDroppedTables.set(context.migration, (dropped = []));
        dropped.push({ table: action.table, indexes: named });
      }
    }
    // Its partitions go with it too.
    if (action.fn === 'upgrade' && action.kind === 'dropTable') {
      const partitions = context.schema.partitionsOf(action.table);
      if (partitions.length > 0) {
        let dropped = partitionsOfDroppedTables.get(context.migration);
        if (!dropped) partitionsOfDroppedTables.set(context.migration, (dropped = []));
        dropped.push({ table: action.table, partitions });
      }
    }
    for (const name of tablesOf(action)) {
      if (tables.has(name)) continue;
      // A plain CREATE TABLE fails on a table that exists: whatever the replay remembers of one of
      // that name was dropped where it could not follow (fractal-server drops every table in a loop
      // over what the database lists, then creates `resource` again).
      if (action.kind === 'createTable' && action.table === name && !action.ifNotExists) {
        tables.set(name, undefined);
        continue;
      }
      tables.set(name, priorTableOf(name, context));
    }
  },
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (!upgrade || !downgrade || downgrade.empty) return;
    // Only a fully understood pair can be compared; anything unchecked could be the missing half.
    const all = [...upgrade.actions, ...downgrade.actions];
    if (all.some((action) => action.kind === 'unchecked')) return;
    const prior = priorTables.get(context.migration);
    const indexes = priorIndexes.get(context.migration);
    const tracker = new EffectTracker(tableAliasesOf(all), (table) => prior?.get(table), (index) => indexes?.has(index) === true, (action) => dependentViews.get(action) ?? [], (action) => schemaTables.get(action) ?? []);
    for (const { table, indexes: named } of indexesOfDroppedTables.get(context.migration) ?? []) tracker.noteIndexesOn(table, named);
    for (const { table, partitions } of partitionsOfDroppedTables.get(context.migration) ?? []) tracker.notePartitionsOf(table, partitions);
    for (const action of all) tracker.apply(action);
    const mismatches = tracker.mismatches();
    const redefined = [
      ...redefinedIndexes(upgrade.actions, downgrade.actions, indexes),
      ...sequencesUsedAfterDrop(upgrade.actions, downgrade.actions, droppedSequences.get(context.migration)),
      ...typesLeftBehind(upgrade.actions, downgrade.actions),
    ];
    if (mismatches.length === 0 && redefined.length === 0) return;
    const differences = [
      ...mismatches.map((mismatch) => {
        if (mismatch.onlyInDowngrade) return `it ${mismatch.after === 'absent' ? 'drops' : 'creates'} ${mismatch.object}, which upgrade() did not ${mismatch.after === 'absent' ? 'create' : 'remove'}`;
        if (mismatch.restoredAs !== undefined) return `${mismatch.object} is made again as ${mismatch.restoredAs}, under another name (a later operation on ${mismatch.object.split(' ')[1]} fails)`;
        return mismatch.before === 'present' ? `${mismatch.object} is not restored` : `${mismatch.object} is left behind`;
      }),
      ...redefined,
    ];
    const described = differences.slice(0, 5).join('; ');
    const more = differences.length > 5 ? `; and ${differences.length - 5} more` : '';
    context.report(downgrade.nameRange, `downgrade() does not undo upgrade(): ${described}${more}`, { data: { mismatches } });
  },
};

/** What the history shows of the table now, as the tracker reads it. */
function priorTableOf(name: string, context: RuleContext): PriorTable | undefined {
  const state = context.schema.table(name);
  // The column list is read only when it is exact (complete); most tables have no constraint the replay saw.
  return state ? { complete: state.complete, columns: state.complete ? [...state.columns.keys()] : NO_COLUMNS, constraints: state.constraints.size === 0 ? NO_CONSTRAINTS : new Map(state.constraints) } : undefined;
}

/** By DROP SCHEMA ... CASCADE action: the tables the replay knew in the schemas, when it ran. */
const schemaTables = new WeakMap<Action, readonly string[]>();

/** The indexes the history shows on each table the upgrade drops (mavedb drops reference_maps, and its downgrade makes the table again without ix_reference_maps_id). */
const indexesOfDroppedTables = new WeakMap<MigrationUnderLint, { table: string; indexes: string[] }[]>();

/** The partitions the history shows of each partitioned table the upgrade drops. */
const partitionsOfDroppedTables = new WeakMap<MigrationUnderLint, { table: string; partitions: string[] }[]>();

/** By DROP VIEW ... CASCADE action: the views built on the views it drops, when it ran. */
const dependentViews = new WeakMap<Action, readonly string[]>();

/** Every view that reads one of `views`, directly or through another. */
function viewsBuiltOn(views: readonly string[], schema: RuleContext['schema']): string[] {
  const found = new Set<string>();
  const waiting = [...views];
  while (waiting.length > 0) {
    for (const { view } of schema.viewsReadingView(waiting.pop()!)) {
      if (found.has(view) || views.includes(view)) continue;
      found.add(view);
      waiting.push(view);
    }
  }
  return [...found];
}

/** The indexes the migration creates or drops that the schema has now (before its first action), as the replay knows them. */
function indexesBefore(migration: MigrationUnderLint, schema: RuleContext['schema']): ReadonlyMap<string, IndexState> {
  const found = new Map<string, IndexState>();
  for (const fn of [migration.upgrade, migration.downgrade]) {
    for (const action of fn?.actions ?? []) {
      if ((action.kind !== 'createIndex' && action.kind !== 'dropIndex') || !action.name) continue;
      const index = schema.index(action.name);
      // One that went with a dropped column is not there (Worth-NL/notifications-api's 0162 drops
      // services.organisation_id, and 0302 adds it and its index again; held-out sweep GF).
      if (index && !schema.goneIndex(action.name)) found.set(action.name, index);
    }
  }
  return found;
}

/**
 * Indexes the upgrade drops and the downgrade makes again under the same name, but not as they
 * were: UNIQUE lost or gained, or other columns (nowcasting_datamodel drops `uix_1`, a unique
 * index, and its downgrade makes a plain one). Compared only where the replay saw the index made.
 */
function redefinedIndexes(upgrade: readonly Action[], downgrade: readonly Action[], before: ReadonlyMap<string, IndexState> | undefined): string[] {
  const found: string[] = [];
  for (const action of downgrade) {
    if (action.kind !== 'createIndex' || !action.name) continue;
    const name = action.name;
    const was = before?.get(name);
    if (!was || was.columns === undefined || was.unique === undefined) continue;
    if (!upgrade.some((each) => each.kind === 'dropIndex' && each.name === name)) continue;
    if (was.unique !== action.unique) found.push(`index ${name} is made again ${action.unique ? 'UNIQUE' : 'without UNIQUE'}, which it was ${was.unique ? '' : 'not '}before`);
    else if (was.columns.join(',') !== action.columns.join(',')) found.push(`index ${name} is made again on (${action.columns.join(', ')}), where it was on (${was.columns.join(', ')})`);
  }
  return found;
}

/**
 * Types the upgrade makes (an enum's CREATE TYPE, printed by create_table and add_column for a
 * native enum, or written) that the downgrade leaves: DROP TABLE does not drop a column's type, so
 * after the downgrade the next upgrade fails on its CREATE TYPE (42710, type already exists), as
 * kidney-genetics-db's first revision does (held-out sweep BN). A create or drop that asks the
 * catalog first (checkfirst, a guarded DO block) and a history that renames types are left out.
 */
function typesLeftBehind(upgrade: readonly Action[], downgrade: readonly Action[]): string[] {
  const all = [...upgrade, ...downgrade];
  if (all.some((action) => action.kind === 'otherSql' && (action.renamesType !== undefined || action.statement === 'DROP SCHEMA'))) return [];
  const made = new Map<string, boolean>();
  for (const action of upgrade) {
    if (action.kind !== 'otherSql') continue;
    for (const type of action.definesTypes ?? []) made.set(unqualified(type), action.guarded === true);
    for (const type of action.types ?? []) made.delete(unqualified(type));
  }
  for (const action of downgrade) {
    if (action.kind === 'otherSql') for (const type of action.types ?? []) made.delete(unqualified(type));
  }
  return [...made].filter(([, guarded]) => !guarded).map(([type]) => `type ${type} is left behind (DROP TABLE does not drop it): upgrade() run again fails creating it, type "${type}" already exists (42710)`);
}

function unqualified(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const NO_COLUMNS: readonly string[] = Object.freeze([]);
const NO_CONSTRAINTS: PriorTable['constraints'] = new Map();

/** The tables an action names (a rename names two). */
function tablesOf(action: Action): string[] {
  if (action.kind === 'renameTable') return [action.table, action.newName];
  return 'table' in action && typeof action.table === 'string' && action.table !== '' ? [action.table] : [];
}
