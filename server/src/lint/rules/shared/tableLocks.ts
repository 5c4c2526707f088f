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

function rawLocksOf(action: Action, schema: SchemaModel): TableLock[] {
  const exclusive = (table: string): TableLock[] => [{ table, mode: 'ACCESS EXCLUSIVE' }];
  switch (action.kind) {
    // Dropping a foreign key (with its table or column, or by name) also takes ACCESS EXCLUSIVE on
    // the table it references, whose triggers it removes (pg_locks on PostgreSQL 15).
    case 'dropTable':
      return [...exclusive(action.table), ...schema.referencedTables(action.table).flatMap(exclusive)];
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
    case 'addConstraint':
      // A foreign key locks its table against writes while the existing rows are checked; the
      // referenced table is locked too, but the action does not name it.
      return action.constraint === 'foreignKey' ? [{ table: action.table, mode: 'SHARE ROW EXCLUSIVE' }] : exclusive(action.table);
    case 'otherSql':
      // Dropping a view (materialized or not) or replacing one takes ACCESS EXCLUSIVE on it:
      // queries reading it wait, and queue behind the lock.
      // Other statements say which locks they take (sql/statementLocks.ts).
      return [
        ...(action.statement.startsWith('DROP ') || action.statement.startsWith('CREATE OR REPLACE ') ? (action.views ?? []).flatMap(exclusive) : []),
        ...(action.locks ?? []).map((lock) => ('index' in lock ? { table: schema.index(lock.index)?.table ?? '', mode: lock.mode } : lock)),
        // DROP TYPE ... CASCADE drops the columns of the type: ALTER TABLE ... DROP COLUMN on each of their tables.
        ...(action.types && action.cascade ? [...new Set(columnsOfTypes(action.types, schema).map((found) => found.table))].flatMap(exclusive) : []),
      ];
    default:
      return [];
  }
}

/**
 * The actions of `fn` that run before `action` in the same transaction: back to the start of
 * the function, an `autocommit_block()` or a COMMIT written in the migration.
 */
export function earlierInSameTransaction(action: Action, migration: MigrationUnderLint, fn: MigrationFunction): Action[] {
  const actions = migration[fn]?.actions ?? [];
  const position = actions.indexOf(action);
  if (position < 0 || !action.inTransaction) return [];
  const earlier: Action[] = [];
  for (let at = position - 1; at >= 0; at--) {
    const candidate = actions[at];
    if (!candidate.inTransaction || candidate.kind === 'transaction') break;
    earlier.push(candidate);
  }
  return earlier.reverse();
}

/** The actions of the function that run before `action`, whatever the transaction. */
export function earlierInFunction(action: Action, migration: MigrationUnderLint): Action[] {
  const actions = migration[action.fn]?.actions ?? [];
  const position = actions.indexOf(action);
  return position < 0 ? [] : actions.slice(0, position);
}

