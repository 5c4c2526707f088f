/**
 * `SET search_path = app, public` inside a migration: from there on, a table named without a schema
 * is `app`'s (pg_dump-made initial schemas do this: PnX-SI/TaxHub's creates `taxonomie.bib_attributs`
 * and then writes `ALTER TABLE ONLY bib_attributs ADD CONSTRAINT ...`). Without this the lint took
 * the bare name for a table of `public` it had never seen made, so a constraint added to a table
 * made a few statements above was reported as if the table were old and busy.
 *
 * The rules see the function's actions with such names qualified by the first schema of the path
 * (what PostgreSQL creates in, and where a dump's own tables are); `$user`, `pg_catalog` and
 * `pg_temp` are skipped, and a path led by `public` changes nothing (actions name `public.t` as
 * `t`). A table of a later schema of the path named bare would be taken for the first schema's:
 * pg_dump qualifies those. A session table (`CREATE TEMP TABLE`) is found before any schema of the
 * path, so its bare name is left as it is. The path lasts until RESET (or `SET search_path TO
 * DEFAULT`) within the function: the downgrade runs in another session, and a later migration's
 * run may not follow this one. This is a view over a reading made when the lint reads it, as
 * sessionTables.ts is: readings stay one action per statement.
 */
import type { Action } from './actions';
import type { LintedFunction } from './types';

const views = new WeakMap<LintedFunction, LintedFunction>();

/** Schemas of a path that say nothing about where a bare table name is (or is made). */
const SKIPPED = new Set(['$user', 'pg_catalog', 'pg_temp']);

/** The function as the rules see it: names without a schema qualified by the path set before them. */
export function withSearchPath(fn: LintedFunction): LintedFunction;
export function withSearchPath(fn: LintedFunction | undefined): LintedFunction | undefined;
export function withSearchPath(fn: LintedFunction | undefined): LintedFunction | undefined {
  if (!fn || !fn.actions.some((action) => action.kind === 'otherSql' && action.searchPath !== undefined && schemaOf(action.searchPath) !== undefined)) return fn;
  let view = views.get(fn);
  if (!view) {
    view = { ...fn, actions: qualified(fn.actions) };
    views.set(fn, view);
  }
  return view;
}

/** The schema bare names go to under `path`; undefined for `public` (or no schema at all). */
function schemaOf(path: readonly string[]): string | undefined {
  const first = path.find((schema) => !SKIPPED.has(schema));
  return first === undefined || first === 'public' ? undefined : first;
}

function qualified(actions: readonly Action[]): Action[] {
  let schema: string | undefined;
  const sessionTables = new Set<string>();
  return actions.map((action): Action => {
    if (action.kind === 'otherSql') {
      if (action.searchPath !== undefined) schema = schemaOf(action.searchPath);
      else if (action.statement === 'RESET search_path' || action.statement === 'RESET all') schema = undefined;
    }
    if (action.kind === 'createTable' && action.temporary === true) {
      sessionTables.add(action.table);
      return action;
    }
    return schema === undefined ? action : qualifiedAction(action, schema, sessionTables);
  });
}

/** `action` with its bare table and index names in `schema`. */
function qualifiedAction(action: Action, schema: string, sessionTables: ReadonlySet<string>): Action {
  const table = (name: string): string => (name.includes('.') || sessionTables.has(name) ? name : `${schema}.${name}`);
  // An index, or a table's new name, is in the schema of the table it belongs to.
  const beside = (name: string, owner: string): string => (!name.includes('.') && !owner.includes('.') && !sessionTables.has(owner) ? `${schema}.${name}` : name);
  switch (action.kind) {
    case 'createTable':
      return {
        ...action,
        table: table(action.table),
        ...(action.references ? { references: action.references.map(table) } : {}),
        ...(action.partitionOf !== undefined ? { partitionOf: table(action.partitionOf) } : {}),
      };
    case 'renameTable':
      return { ...action, table: table(action.table), newName: beside(action.newName, action.table) };
    case 'createIndex':
      return { ...action, table: table(action.table), ...(action.name !== undefined ? { name: beside(action.name, action.table) } : {}) };
    case 'dropIndex':
      return { ...action, name: table(action.name), ...(action.table !== undefined ? { table: table(action.table) } : {}) };
    case 'renameIndex':
      return { ...action, name: table(action.name), newName: beside(action.newName, action.name) };
    case 'addConstraint':
      return {
        ...action,
        table: table(action.table),
        ...(action.references ? { references: { ...action.references, table: table(action.references.table) } } : {}),
        ...(action.indexName !== undefined ? { indexName: beside(action.indexName, action.table) } : {}),
      };
    case 'dropTable':
    case 'addColumn':
    case 'dropColumn':
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
    case 'validateConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'dml':
      return action.table === '' ? action : { ...action, table: table(action.table) };
    case 'truncate':
      return { ...action, tables: action.tables.map(table) };
    case 'otherSql':
      return {
        ...action,
        ...(action.views ? { views: action.views.map(table) } : {}),
        ...(action.viewReads ? { viewReads: action.viewReads.map((read) => ({ ...read, table: table(read.table) })) } : {}),
        ...(action.locks ? { locks: action.locks.map((lock) => ('table' in lock ? { ...lock, table: table(lock.table) } : { ...lock, index: table(lock.index) })) } : {}),
        ...(action.rewrites ? { rewrites: action.rewrites.map((rewrite) => ('table' in rewrite ? { ...rewrite, table: table(rewrite.table) } : { ...rewrite, index: table(rewrite.index) })) } : {}),
        ...(action.inheriting ? { inheriting: action.inheriting.map(table) } : {}),
      };
    default:
      return action;
  }
}
