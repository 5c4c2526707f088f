/**
 * Tables of the session (`CREATE TEMP TABLE`, `CREATE TABLE ... ON COMMIT DROP`, `SELECT ... INTO
 * TEMP`) are scratch space: gone when the session ends, invisible to every other session, never
 * part of the schema. MerginMaps 57d0de13ce4a fills `CREATE TEMPORARY TABLE tmp_ids AS SELECT ...`
 * and indexes it; a downgrade that does not drop it leaves nothing behind, an index on it locks
 * nobody out, and a later migration's table of that name is not this one.
 *
 * The rules see the statements on such a table as `otherSql`, from its creation until it is
 * dropped, within one migration function (the downgrade runs in another session). This is a view
 * over a reading, made when the lint reads it: readings stay one action per statement, the same
 * whether read the general way or statement by statement (check's fast reading, which cannot see
 * a table made by an earlier statement).
 *
 * While a session table shadows a permanent table of the same name, PostgreSQL resolves the bare
 * name to the session table; so does this view (a schema-qualified name is read as the bare one,
 * as actions name `public.t` as `t`).
 */
import type { Action } from './actions';
import type { LintedFunction } from './types';

const views = new WeakMap<LintedFunction, LintedFunction>();

/** The function as the rules see it: statements on its session tables are `otherSql`. */
export function withoutSessionTables(fn: LintedFunction): LintedFunction;
export function withoutSessionTables(fn: LintedFunction | undefined): LintedFunction | undefined;
export function withoutSessionTables(fn: LintedFunction | undefined): LintedFunction | undefined {
  if (!fn || !fn.actions.some((action) => action.kind === 'createTable' && action.temporary === true)) return fn;
  let view = views.get(fn);
  if (!view) {
    view = { ...fn, actions: sessionView(fn.actions) };
    views.set(fn, view);
  }
  return view;
}

function sessionView(actions: readonly Action[]): Action[] {
  const tables = new Set<string>();
  /** Indexes made on a session table: they go with it. */
  const indexes = new Set<string>();
  const scratch = (action: Action, statement: string): Action => {
    const { range, fn, inTransaction, fromSql, operation } = action;
    return { kind: 'otherSql', statement: `${statement} (on a temporary table)`, range, fn, inTransaction, fromSql, ...(operation ? { operation } : {}) };
  };
  return actions.map((action): Action => {
    switch (action.kind) {
      case 'createTable':
        if (action.temporary === true) {
          tables.add(action.table);
          return scratch(action, 'CREATE TABLE');
        }
        // A permanent table is made in the schema even under a session table's name; the bare
        // name still finds the session table first, as it does here.
        return action;
      case 'dropTable':
        if (!tables.delete(action.table)) return action;
        return scratch(action, 'DROP TABLE');
      case 'renameTable':
        if (!tables.delete(action.table)) return action;
        tables.add(action.newName);
        return scratch(action, 'RENAME TABLE');
      case 'createIndex':
        if (!tables.has(action.table)) return action;
        if (action.name) indexes.add(action.name);
        return scratch(action, 'CREATE INDEX');
      case 'dropIndex':
        if (!indexes.delete(action.name)) return action;
        return scratch(action, 'DROP INDEX');
      case 'renameIndex':
        if (!indexes.delete(action.name)) return action;
        indexes.add(action.newName);
        return scratch(action, 'RENAME INDEX');
      case 'truncate': {
        const permanent = action.tables.filter((table) => !tables.has(table));
        if (permanent.length === action.tables.length) return action;
        return permanent.length === 0 ? scratch(action, 'TRUNCATE') : { ...action, tables: permanent };
      }
      case 'addColumn':
      case 'dropColumn':
      case 'renameColumn':
      case 'alterColumnType':
      case 'setNotNull':
      case 'dropNotNull':
      case 'setDefault':
      case 'addConstraint':
      case 'validateConstraint':
      case 'dropConstraint':
      case 'renameConstraint':
      case 'dml':
        return tables.has(action.table) ? scratch(action, statementOf(action)) : action;
      default:
        return action;
    }
  });
}

function statementOf(action: Action): string {
  if (action.kind === 'dml') return action.statement.toUpperCase();
  return `ALTER TABLE ${action.kind}`;
}
