/**
 * Which table lock each action takes on PostgreSQL, for the rules that reason about locks held
 * together (a backfill under an ACCESS EXCLUSIVE lock) or waited for (no lock_timeout). Only
 * locks that block the application count: ACCESS EXCLUSIVE (reads and writes), SHARE ROW
 * EXCLUSIVE and SHARE (writes). The weaker ones (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT,
 * ALTER INDEX RENAME) let reads and writes go on. A table created earlier in the same migration
 * is nobody else's yet, so its locks are left out.
 */
import type { Action, BlockingLockMode, MigrationFunction } from '../../actions';
import type { SchemaModel } from '../../schema/model';
import { columnsOfTypes } from './typeColumns';
import type { MigrationUnderLint } from '../../types';

export type { BlockingLockMode };

export interface TableLock {
  table: string;
  mode: BlockingLockMode;
}

/** The blocking locks `action` takes on tables that existed before this migration. */
export function blockingLocksOf(action: Action, schema: SchemaModel): TableLock[] {
  const locks = rawLocksOf(action, schema);
  return locks.filter((lock) => lock.table !== '' && !schema.tableIsNew(lock.table));
}

/**
 * The locks each action whose locks the schema decides (locksDependOnSchema) took when it ran,
 * noted by the replay just before the rules check it. Asked later, with the schema as it is then,
 * a DROP TABLE would have lost the foreign keys it dropped, and with them the lock it took on the
 * tables they reference (bsgip/envoy's f18fbf983ca9: the DROP INDEX of calculation_log after the
 * DROP TABLE of its log tables was taken for the first lock on it).
 */
const locksWhenRun = new WeakMap<Action, TableLock[]>();

/** Notes the locks `action` takes with the schema as it stands just before it (the replay calls it before the rules check the action). */
export function noteLocksWhenRun(action: Action, schema: SchemaModel): void {
  if (locksDependOnSchema(action)) locksWhenRun.set(action, rawLocksOf(action, schema, true));
}

function rawLocksOf(action: Action, schema: SchemaModel, now = false): TableLock[] {
  if (!now) {
    const noted = locksWhenRun.get(action);
    if (noted) return noted;
  }
  const exclusive = (table: string): TableLock[] => [{ table, mode: 'ACCESS EXCLUSIVE' }];
  switch (action.kind) {
    // Dropping a foreign key (with its table or column, or by name) also takes ACCESS EXCLUSIVE on
    // the table it references, whose triggers it removes (pg_locks on PostgreSQL 15).
    case 'dropTable': {
      // A partition's DROP also takes ACCESS EXCLUSIVE on its parent (pg_locks on PostgreSQL 15;
      // stock-scout drops a market's partition, then deletes the market's row).
      const parent = schema.table(action.table)?.partitionOf;
      return [...exclusive(action.table), ...(parent !== undefined ? exclusive(parent) : []), ...schema.referencedTables(action.table).flatMap(exclusive)];
    }
    case 'dropColumn':
      return [...exclusive(action.table), ...schema.referencedTables(action.table, { column: action.column }).flatMap(exclusive)];
    case 'dropConstraint':
      return [...exclusive(action.table), ...schema.referencedTables(action.table, { constraint: action.name }).flatMap(exclusive)];
    case 'renameTable':
    case 'addColumn':
    case 'renameColumn':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
    case 'renameConstraint':
      return exclusive(action.table);
    case 'truncate':
      return action.tables.flatMap(exclusive);
    case 'createTable': {
      // Its foreign keys lock the tables they reference against writes while it is made (node_agent);
      // `PARTITION OF parent` takes ACCESS EXCLUSIVE on the parent (pg_locks on PostgreSQL 15).
      const references = (action.references ?? []).filter((table) => table !== action.table).map((table) => ({ table, mode: 'SHARE ROW EXCLUSIVE' as const }));
      return action.partitionOf !== undefined ? [...exclusive(action.partitionOf), ...references] : references;
    }
    case 'createIndex':
      return action.concurrently ? [] : [{ table: action.table, mode: 'SHARE' }];
    case 'dropIndex': {
      if (action.concurrently) return [];
      const index = schema.index(action.name);
      // An index made earlier in the same migration belongs to no running query yet.
      if (index && index.createdIn === schema.revision) return [];
      return exclusive(index?.table ?? action.table ?? '');
    }
    case 'addConstraint': {
      // A foreign key locks its table and the referenced one against writes while the existing
      // rows are checked (SHARE ROW EXCLUSIVE on both, pg_locks on PostgreSQL 15).
      if (action.constraint !== 'foreignKey') return exclusive(action.table);
      const referenced = action.references?.table;
      return [{ table: action.table, mode: 'SHARE ROW EXCLUSIVE' }, ...(referenced !== undefined && referenced !== action.table ? [{ table: referenced, mode: 'SHARE ROW EXCLUSIVE' as const }] : [])];
    }
    case 'otherSql':
      // Dropping a view (materialized or not) or replacing one takes ACCESS EXCLUSIVE on it:
      // queries reading it wait, and queue behind the lock.
      // Other statements say which locks they take (sql/statementLocks.ts).
      // CREATE OR REPLACE of a view the replay has not seen made creates it: nobody reads it yet.
      return [
        ...(action.statement.startsWith('DROP ') ? (action.views ?? []).flatMap(exclusive) : []),
        ...(action.statement.startsWith('CREATE OR REPLACE ') ? (action.views ?? []).filter((view) => schema.hasView(view)).flatMap(exclusive) : []),
        ...(action.locks ?? []).map((lock) => ('index' in lock ? { table: schema.index(lock.index)?.table ?? '', mode: lock.mode } : lock)),
        // DROP SCHEMA ... CASCADE drops every table in it.
        ...(action.schemas && action.cascade ? action.schemas.flatMap((name) => schema.tablesInSchema(name)).flatMap(exclusive) : []),
        // DROP TYPE ... CASCADE drops the columns of the type: ALTER TABLE ... DROP COLUMN on each of their tables.
        ...(action.types && action.cascade ? [...new Set(columnsOfTypes(action.types, schema).map((found) => found.table))].flatMap(exclusive) : []),
      ];
    default:
      return [];
  }
}

/**
 * Each action's position in its function's list, made once per list: `indexOf` for every action
 * a rule looks at made a long upgrade (thousands of `op.execute`) quadratic. The first position
 * of an action listed twice, as `indexOf` gives; -1 for an action not in the list.
 */
const positionsByList = new WeakMap<readonly Action[], Map<Action, number>>();

export function positionIn(actions: readonly Action[], action: Action): number {
  let positions = positionsByList.get(actions);
  let position = positions?.get(action);
  // A list changed since its positions were taken (not done today): taken again.
  if (positions === undefined || (position !== undefined && actions[position] !== action) || (position === undefined && positions.size !== actions.length)) {
    positions = new Map();
    for (let at = 0; at < actions.length; at++) if (!positions.has(actions[at])) positions.set(actions[at], at);
    positionsByList.set(actions, positions);
    position = positions.get(action);
  }
  return position ?? -1;
}

/** Whether an action ends the transaction for the actions after it: an `autocommit_block()` statement or a COMMIT written in the migration. */
/** An action run outside the transaction (an autocommit block) or a COMMIT/BEGIN: the transaction before it ends there. */
export function endsTransaction(action: Action): boolean {
  return !action.inTransaction || action.kind === 'transaction';
}

/**
 * The ACCESS EXCLUSIVE locks of a function's transactions, made once per list of actions for
 * `exclusiveLocksHeldBefore`. Actions whose locks the schema model decides (a dropped foreign
 * key's referenced table, an index's table, a type's columns) are kept apart and asked again at
 * each question, as before; the others' locks never change.
 */
interface TransactionLocks {
  length: number;
  /** `start[p]`: the position where the transaction of the actions just before position `p` began. */
  start: Int32Array;
  /** By the position a transaction begins at: each table's first ACCESS EXCLUSIVE lock by a fixed action, in order. */
  fixed: Map<number, { positions: number[]; ordinals: number[]; tables: string[] }>;
  /** By the position a transaction begins at: the positions of the actions whose locks depend on the schema. */
  changing: Map<number, number[]>;
}

const transactionLocksByList = new WeakMap<readonly Action[], TransactionLocks>();

/** Whether rawLocksOf asks the schema model about `action` (otherwise its locks are fixed). */
function locksDependOnSchema(action: Action): boolean {
  switch (action.kind) {
    case 'dropTable':
    case 'dropColumn':
    case 'dropConstraint':
    case 'dropIndex':
      return true;
    case 'otherSql':
      return (action.locks ?? []).some((lock) => 'index' in lock) || ((action.types !== undefined || action.schemas !== undefined) && action.cascade === true);
    default:
      return false;
  }
}

function transactionLocksOf(actions: readonly Action[], schema: SchemaModel): TransactionLocks {
  const known = transactionLocksByList.get(actions);
  if (known && known.length === actions.length) return known;
  const start = new Int32Array(actions.length + 1);
  const fixed: TransactionLocks['fixed'] = new Map();
  const changing: TransactionLocks['changing'] = new Map();
  const tablesSeen = new Map<number, Set<string>>();
  let begin = 0;
  for (let at = 0; at < actions.length; at++) {
    start[at] = begin;
    const action = actions[at];
    if (endsTransaction(action)) {
      begin = at + 1;
      continue;
    }
    if (locksDependOnSchema(action)) {
      let positions = changing.get(begin);
      if (!positions) changing.set(begin, (positions = []));
      positions.push(at);
      continue;
    }
    // Fixed locks: the schema is not read (locksDependOnSchema), whichever state it is in.
    const locks = rawLocksOf(action, schema);
    for (let ordinal = 0; ordinal < locks.length; ordinal++) {
      const lock = locks[ordinal];
      if (lock.mode !== 'ACCESS EXCLUSIVE' || lock.table === '') continue;
      let seen = tablesSeen.get(begin);
      if (!seen) tablesSeen.set(begin, (seen = new Set()));
      if (seen.has(lock.table)) continue;
      seen.add(lock.table);
      let entries = fixed.get(begin);
      if (!entries) fixed.set(begin, (entries = { positions: [], ordinals: [], tables: [] }));
      entries.positions.push(at);
      entries.ordinals.push(ordinal);
      entries.tables.push(lock.table);
    }
  }
  start[actions.length] = begin;
  const made: TransactionLocks = { length: actions.length, start, fixed, changing };
  transactionLocksByList.set(actions, made);
  return made;
}

/**
 * The tables on which the actions of `fn` that run before `action` in the same transaction (back
 * to the start of the function, an `autocommit_block()` or a COMMIT written in the migration) hold
 * an ACCESS EXCLUSIVE lock, as blockingLocksOf gives them (an action whose locks the schema decides
 * with the locks it took when it ran, noteLocksWhenRun), each with the first action that took it, in the order they were
 * taken. The same answer as going through those actions one by one, in time that does not grow
 * with the actions before (a 2 MB upgrade of UPDATEs took minutes that way).
 */
export function exclusiveLocksHeldBefore(action: Action, migration: MigrationUnderLint, fn: MigrationFunction, schema: SchemaModel): Map<string, Action> {
  const held = new Map<string, Action>();
  const actions = migration[fn]?.actions ?? [];
  const position = positionIn(actions, action);
  if (position < 0 || !action.inTransaction) return held;
  const locks = transactionLocksOf(actions, schema);
  const begin = locks.start[position];
  const fixed = locks.fixed.get(begin);
  const found: { position: number; ordinal: number; table: string }[] = [];
  if (fixed) {
    for (let at = 0; at < fixed.positions.length && fixed.positions[at] < position; at++) {
      if (!schema.tableIsNew(fixed.tables[at])) found.push({ position: fixed.positions[at], ordinal: fixed.ordinals[at], table: fixed.tables[at] });
    }
  }
  let changed = false;
  for (const at of locks.changing.get(begin) ?? []) {
    if (at >= position) break;
    const taken = blockingLocksOf(actions[at], schema);
    for (let ordinal = 0; ordinal < taken.length; ordinal++) {
      if (taken[ordinal].mode !== 'ACCESS EXCLUSIVE') continue;
      found.push({ position: at, ordinal, table: taken[ordinal].table });
      changed = true;
    }
  }
  // The fixed ones are in order and once per table already; with the others, sorted and the first kept.
  if (changed) found.sort((a, b) => a.position - b.position || a.ordinal - b.ordinal);
  for (const each of found) if (!held.has(each.table)) held.set(each.table, actions[each.position]);
  return held;
}

/** The actions of the function that run before `action`, whatever the transaction. */
export function earlierInFunction(action: Action, migration: MigrationUnderLint): Action[] {
  const actions = migration[action.fn]?.actions ?? [];
  const position = positionIn(actions, action);
  return position < 0 ? [] : actions.slice(0, position);
}
