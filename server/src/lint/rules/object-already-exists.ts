/**
 * An operation that makes a table, column, index or named constraint the replayed history says is
 * already there at that revision, or renames a table or column to the name of one that is: PostgreSQL refuses it (42P07 for a relation, 42701 for a column) and the deploy
 * fails. The mirror of unknown-table and unknown-column, and as careful: only what this
 * migration's ancestors made counts (a sibling branch's table may never exist here), and only a
 * table whose every change the replay followed since it made it (`complete`: no statement it could
 * not read, which might have dropped it) is known to hold what it holds.
 */
import type { Action } from '../actions';
import type { LintRule, RuleContext } from '../types';
import { quoted } from './shared/describe';
import { ranBefore } from './shared/ranBefore';

export const objectAlreadyExists: LintRule = {
  code: 'object-already-exists',
  defaultSeverity: 'warning',
  title: 'Table, column, index or constraint that already exists at this revision',
  checkAction(action, context) {
    // A DO block's statement under a condition may not run: whether the object is there says nothing then.
    if (action.mayNotRun) return;
    const found = existing(action, context);
    if (!found) return;
    const inThisMigration = (revision: string) => revision === context.migration.revision || revision === `${context.migration.revision} (downgrade)`;
    // A column renamed into the name is there since the rename (SAY-DAO's `country` renamed to `country_code`).
    const renamed = found.renamed && ranBefore(found.renamed.in, context) ? found.renamed : undefined;
    const by = renamed
      ? `${inThisMigration(renamed.in) ? 'this migration' : `revision ${renamed.in.replace(/ \(downgrade\)$/, '')}`} renamed ${renamed.from} to it${inThisMigration(renamed.in) ? ' above' : ''}`
      : inThisMigration(found.createdIn)
        ? 'this migration made it above'
        : `revision ${found.createdIn} made it`;
    const refusal = action.kind === 'renameTable' || action.kind === 'renameColumn' ? 'PostgreSQL refuses to rename another one to that name' : 'PostgreSQL refuses to make it again';
    context.report(action.range, `${found.what} already exists at this revision (${by}, and nothing since removed it): ${refusal} (error ${found.sqlState}) and the deploy fails; ${found.advice}`);
  },
};

interface Existing {
  what: string;
  createdIn: string;
  /** The rename that gave a column its name, when one did. */
  renamed?: { in: string; from: string };
  sqlState: string;
  advice: string;
}

function existing(action: Action, context: RuleContext): Existing | undefined {
  const schema = context.schema;
  switch (action.kind) {
    case 'createTable': {
      if (action.ifNotExists) return undefined;
      const table = knownTable(action.table, context);
      if (!table) return undefined;
      return { what: `table ${quoted(action.table)}`, createdIn: table.createdIn, sqlState: '42P07', advice: 'drop it first, or leave this create_table out' };
    }
    case 'addColumn': {
      if (action.ifNotExists) return undefined;
      const found = sureColumn(action.table, action.column.name, context);
      if (!found) return undefined;
      return { what: `column ${quoted(`${action.table}.${action.column.name}`)}`, ...found, sqlState: '42701', advice: 'leave this add_column out, or use alter_column to change it' };
    }
    case 'renameTable': {
      // FlexMeasures' downgrade renames two tables to the same name (the second is refused).
      const table = action.newName !== action.table ? knownTable(action.newName, context) : undefined;
      if (!table) return undefined;
      return { what: `table ${quoted(action.newName)}`, createdIn: table.createdIn, sqlState: '42P07', advice: 'drop or rename it first, or rename this table to another name' };
    }
    case 'renameColumn': {
      const found = action.newName !== action.column ? sureColumn(action.table, action.newName, context) : undefined;
      if (!found) return undefined;
      return { what: `column ${quoted(`${action.table}.${action.newName}`)}`, ...found, sqlState: '42701', advice: 'drop or rename it first, or give this column another name' };
    }
    case 'createIndex': {
      if (action.ifNotExists || action.name === undefined) return undefined;
      const index = schema.index(action.name);
      if (!index?.createdIn || !ranBefore(index.createdIn, context)) return undefined;
      const table = knownTable(index.table, context);
      if (table) {
        // Each of its columns still the one it was made on: dropping a column drops its indexes
        // (onyx drops indexed columns, and its downgrade adds them again with index=True).
        const births = index.columnBirths;
        if (!index.columns || !births || index.columns.some((column, at) => births[at] === undefined || table.state.columns.get(column)?.birth !== births[at])) return undefined;
      } else if (!schema.indexIsSure(action.name)) {
        // On a table older than the history: sure when the replay saw it made and followed everything since.
        return undefined;
      }
      return { what: `index ${quoted(action.name)}`, createdIn: index.createdIn, sqlState: '42P07', advice: 'drop it first (drop_index), or give the new index another name' };
    }
    case 'addConstraint': {
      // Without a name PostgreSQL picks one that is free.
      if (action.name === undefined) return undefined;
      const constraint = schema.table(action.table)?.constraints.get(action.name);
      if (!constraint?.madeIn || !ranBefore(constraint.madeIn, context) || !schema.constraintIsSure(action.table, action.name)) return undefined;
      // A primary key's, unique or exclusion constraint's index of the same name is refused first (42P07, PostgreSQL 15).
      const indexed = constraint.kind === 'primaryKey' || constraint.kind === 'unique' || constraint.kind === 'exclude';
      return { what: `constraint ${quoted(action.name)} on ${quoted(action.table)}`, createdIn: constraint.madeIn, sqlState: indexed ? '42P07' : '42710', advice: 'drop it first (drop_constraint), or give the new constraint another name' };
    }
    default:
      return undefined;
  }
}

/**
 * The column, when it is sure to be there: on a table the replay made (in an ancestor) and
 * followed since, or one the replay saw made or renamed into its name with nothing it could not
 * follow since (a table older than the history: SAY-DAO renames `user`'s columns in raw SQL).
 * Where it came from: the revision that made it, and the rename that named it.
 */
function sureColumn(tableName: string, name: string, context: RuleContext): Pick<Existing, 'createdIn' | 'renamed'> | undefined {
  const table = knownTable(tableName, context);
  const state = table?.state ?? context.schema.table(tableName);
  const column = state?.columns.get(name);
  if (!column) return undefined;
  const renamed = column.renamed;
  if (table && column.createdIn && ranBefore(column.createdIn, context)) return { createdIn: column.createdIn, ...(renamed ? { renamed } : {}) };
  if (!context.schema.columnIsSure(tableName, name)) return undefined;
  // On a table whose every change is not known: sure from the rename or the add the replay saw.
  const since = renamed?.in ?? column.createdIn;
  if (since === undefined || !ranBefore(since, context)) return undefined;
  return { createdIn: column.createdIn ?? since, ...(renamed ? { renamed } : {}) };
}

/** The table, when the replay made it (in an ancestor) and followed every change since. */
function knownTable(name: string, context: RuleContext): { state: NonNullable<ReturnType<RuleContext['schema']['table']>>; createdIn: string } | undefined {
  const state = context.schema.table(name);
  if (!state?.complete || state.createdIn === undefined || !ranBefore(state.createdIn, context)) return undefined;
  return { state, createdIn: state.createdIn };
}
