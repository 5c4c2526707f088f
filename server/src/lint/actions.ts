/**
 * What the rules read: one normalized action per schema change, whichever way the migration
 * wrote it. An `op.create_index(...)` is rendered to the SQL Alembic emits and read as the
 * PostgreSQL parser reads it, exactly like a `CREATE INDEX` written in `op.execute("...")`, so
 * both become the same `createIndex` action and one rule sees both (rendered statements of a
 * known layout are read from the operation's values, rendered/renderedActions.ts). Each action keeps where it came from (the
 * range to report at, the operation for quick fixes) and whether it runs inside a transaction.
 */
import type { ViewRead } from './sql/viewReads';
import type { SourceRange } from '../common/range';
import type { Operation } from '../engine/ops';

/** The table lock modes that block the application's reads or writes (the weaker ones let both go on). */
export type BlockingLockMode = 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE';

/**
 * A rewrite of a whole table or of its indexes by a maintenance statement: CLUSTER, VACUUM FULL,
 * SET TABLESPACE and SET LOGGED / UNLOGGED copy every row under ACCESS EXCLUSIVE; REINDEX builds
 * the indexes again under SHARE on the table (and ACCESS EXCLUSIVE on each index).
 */
export type TableRewrite =
  | { how: 'CLUSTER' | 'VACUUM FULL' | 'SET TABLESPACE' | 'SET LOGGED' | 'SET UNLOGGED' | 'REINDEX TABLE' | 'REFRESH MATERIALIZED VIEW'; table: string }
  | { how: 'REINDEX INDEX'; index: string };

/** A blocking lock a statement takes on a table, or on the table of an index (resolved against the schema model). */
export type StatementLock = { table: string; mode: BlockingLockMode } | { index: string; mode: BlockingLockMode };

export type MigrationFunction = 'upgrade' | 'downgrade';

/** A foreign key made with its table: its written name, its columns, and the table and columns it references (none: the key). */
export interface ForeignKeyFacts {
  name?: string;
  columns: string[];
  table: string;
  referencedColumns: string[];
}

/** A column type as PostgreSQL names it (`int4`, `timestamp`, `bpchar`, `varchar`, ...). */
export interface TypeFacts {
  name: string;
  /** Type modifiers (`varchar(20)` → [20]). */
  modifiers: number[];
  isArray: boolean;
}

export interface DefaultFacts {
  /** The default's SQL, for messages. */
  sql: string;
  /** Calls a function PostgreSQL marks volatile (`random()`, `gen_random_uuid()`, `nextval()`, ...). */
  volatile: boolean;
  /** `nextval('orders_id_seq'::regclass)`: the sequence named, as written in the string. */
  sequence?: string;
}

export interface ColumnFacts {
  name: string;
  type?: TypeFacts;
  notNull: boolean;
  primaryKey: boolean;
  default?: DefaultFacts;
  /** `GENERATED ... AS IDENTITY`, `serial`, or `GENERATED ALWAYS AS (...) STORED`. */
  generated: boolean;
}

export type ConstraintKind = 'foreignKey' | 'check' | 'unique' | 'primaryKey' | 'exclude' | 'notNull';

interface ActionBase {
  range: SourceRange;
  fn: MigrationFunction;
  /** False inside `autocommit_block()`: the statement runs outside any transaction. */
  inTransaction: boolean;
  /** The operation the action came from (quick fixes rewrite it); undefined for raw SQL, and in `check`'s readings (it prints no fixes). */
  operation?: Operation;
  /** True when the action came from SQL the migration wrote itself (`op.execute`). */
  fromSql: boolean;
  /**
   * A statement of a DO block under a condition, a loop or an exception handler (sql/doBlocks.ts)
   * that no IF [NOT] EXISTS can stand for (a rename, an ALTER): it may not run, so the rules that
   * say the deploy fails on what exists or is missing say nothing of it.
   */
  mayNotRun?: true;
  /**
   * A CREATE or DROP of a type (or another object without IF [NOT] EXISTS) that runs only as the
   * catalog allows: SQLAlchemy's `checkfirst` on an enum's create()/drop(), or a statement under a
   * condition or exception handler of a DO block. Running it again where the object exists (or is
   * gone) does nothing, so no rule says a second run fails on it.
   */
  guarded?: true;
  /**
   * A constraint written on the column of `ADD COLUMN IF NOT EXISTS`: PostgreSQL skips it with the
   * column when the column is there (lint/run.ts marks it a no-op then, noOps.ts).
   */
  withColumnIfNotExists?: true;
}

export type ActionBody =
  | {
      kind: 'createTable';
      table: string;
      columns: ColumnFacts[];
      ifNotExists: boolean;
      /** `CREATE TABLE ... AS SELECT` / `SELECT ... INTO`: new, but holding the query's rows. */
      filled?: true;
      /** The column list is not known (an opaque create_table, or columns inherited from a parent). */
      partial?: boolean;
      /** `CREATE TABLE ... PARTITION OF parent`: dropping the parent drops it. */
      partitionOf?: string;
      /** `CREATE TABLE ... PARTITION BY ...` (`postgresql_partition_by=`): a partitioned parent. */
      partitioned?: true;
      /** The primary key's `CONSTRAINT name`, when it has one (else PostgreSQL names it `<table>_pkey`). */
      primaryKeyName?: string;
      /**
       * The tables its foreign keys reference, sorted, each once: making the table takes SHARE ROW
       * EXCLUSIVE on each of them (their writes wait; traced on PostgreSQL).
       */
      references?: string[];
      /**
       * Its foreign keys, in the order written: a later `drop_constraint` of one by name (the
       * written one, else PostgreSQL's `<table>_<columns>_fkey`, which the schema model works
       * out), or dropping one of its columns, locks the table it references too.
       */
      foreignKeys?: ForeignKeyFacts[];
      /**
       * `CREATE TEMP TABLE`, `CREATE TABLE ... ON COMMIT DROP`, `SELECT ... INTO TEMP`: a table of
       * the session, gone when it ends (or at commit), never part of the schema (lint/sessionTables.ts).
       */
      temporary?: true;
    }
  | { kind: 'dropTable'; table: string; cascade: boolean; ifExists: boolean }
  | { kind: 'renameTable'; table: string; newName: string }
  | { kind: 'addColumn'; table: string; column: ColumnFacts; ifNotExists: boolean }
  | { kind: 'dropColumn'; table: string; column: string; ifExists: boolean; /** `DROP COLUMN ... CASCADE` (SQL): what depends on it goes too. */ cascade?: true }
  | { kind: 'renameColumn'; table: string; column: string; newName: string }
  | {
      kind: 'alterColumnType';
      table: string;
      column: string;
      type: TypeFacts;
      /** alter_column's existing_type=, when given. */
      existingType?: TypeFacts;
      /** `USING expr` (postgresql_using=): the values are computed again, so even the same type rewrites. */
      using?: true;
      /**
       * The USING expression is the column itself, or the column cast to exactly the new type
       * (`USING note::text` for text): PostgreSQL computes nothing, as without USING.
       */
      usingKeepsValues?: true;
      /** The columns of the table the USING expression reads (unknown-column checks them). */
      usingColumns?: string[];
    }
  | { kind: 'setNotNull'; table: string; column: string }
  | { kind: 'dropNotNull'; table: string; column: string }
  | { kind: 'setDefault'; table: string; column: string; default?: DefaultFacts }
  | { kind: 'createIndex'; table: string; name?: string; columns: string[]; concurrently: boolean; unique: boolean; ifNotExists: boolean }
  | { kind: 'renameIndex'; name: string; newName: string }
  | { kind: 'dropIndex'; name: string; /** Known from `op.drop_index(table_name=...)`; SQL does not say. */ table?: string; concurrently: boolean; ifExists: boolean }
  | {
      kind: 'addConstraint';
      table: string;
      name?: string;
      constraint: ConstraintKind;
      notValid: boolean;
      /** `UNIQUE USING INDEX ix` / `PRIMARY KEY USING INDEX ix`: the index becomes the constraint's. */
      usingIndex: boolean;
      indexName?: string;
      columns: string[];
      /** A foreign key's referenced table and columns (none listed: its primary key). */
      references?: { table: string; columns: string[] };
      /** `CHECK (col IS NOT NULL)`: the column it proves NOT NULL once validated (SET NOT NULL then scans nothing, PostgreSQL 12+). */
      provesNotNull?: string[];
    }
  | { kind: 'validateConstraint'; table: string; name: string }
  /** `cascade`: `DROP CONSTRAINT ... CASCADE`, which drops the foreign keys that depend on a dropped key too. */
  | { kind: 'dropConstraint'; table: string; name: string; ifExists: boolean; cascade?: true }
  /** `ALTER TABLE t RENAME CONSTRAINT a TO b`: a key's or unique constraint's index is renamed with it. */
  | { kind: 'renameConstraint'; table: string; name: string; newName: string }
  | { kind: 'enumAddValue'; type: string; value: string }
  | { kind: 'truncate'; tables: string[]; cascade: boolean }
  /**
   * `valuesNames`: names written as values in `INSERT ... VALUES`, which no table gives (sql/toActions.ts).
   * `columns`: the table's columns the statement writes by name (UPDATE's SET targets, INSERT's
   * column list), which PostgreSQL looks up before it runs (42703 when one is missing).
   * `pinnedColumns`: the table's columns an UPDATE's or DELETE's WHERE pins to written values
   * (`id = 76`, `id IN (1, 2)`; sql/pinnedColumns.ts).
   */
  | { kind: 'dml'; statement: 'insert' | 'update' | 'delete'; table: string; hasWhere: boolean; valuesNames?: string[]; columns?: string[]; pinnedColumns?: string[] }
  /**
   * COMMIT / BEGIN written in the migration (`op.execute("COMMIT")` is a common way to leave
   * Alembic's transaction before CREATE INDEX CONCURRENTLY): later statements run outside a
   * transaction until a BEGIN.
   */
  /**
   * `rollback`: the statement was ROLLBACK (or ABORT), which throws away what it ends.
   * `throughBind`: `op.get_bind().commit()` / `.rollback()` (engine/interpret/bindTransaction.ts),
   * after which SQLAlchemy 2 begins a transaction Alembic never commits.
   */
  | { kind: 'transaction'; command: 'begin' | 'commit'; rollback?: true; throughBind?: true }
  /** A SQL statement the rules have nothing to say about (SELECT, COMMENT ON, CREATE FUNCTION, ...). */
  /**
   * Any other statement. `views`: the views (materialized or not) a CREATE or DROP VIEW names, and
   * `schemas` a DROP SCHEMA's, with `cascade`: what the downgrade check follows of them (effects.ts).
   */
  | {
      kind: 'otherSql';
      statement: string;
      views?: string[];
      /** CREATE [MATERIALIZED] VIEW: the tables and columns its query certainly reads (sql/viewReads.ts). */
      viewReads?: ViewRead[];
      /** CREATE [OR REPLACE] VIEW: its output column names, in order, when all are certain (sql/viewColumns.ts). */
      viewColumns?: string[];
      schemas?: string[];
      cascade?: boolean;
      /**
       * Table locks that block the application, taken by a statement the rules know no other way
       * (`LOCK TABLE`, `CREATE TRIGGER`, `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`, `CLUSTER`, ...;
       * sql/statementLocks.ts, each mode traced on PostgreSQL).
       */
      locks?: StatementLock[];
      /** What PostgreSQL calls the statement when it refuses it inside a transaction block (25001): `VACUUM`, `REINDEX CONCURRENTLY`, ... */
      notInTransaction?: string;
      /** Tables (or an index) whose data the statement writes anew, holding its lock throughout: `CLUSTER`, `REINDEX`, ... */
      rewrites?: TableRewrite[];
      /** `DROP TYPE` / `DROP DOMAIN`: the types dropped (with `cascade`, their columns go with them; without, a column of one makes the drop fail). */
      types?: string[];
      /** `ALTER TYPE a RENAME TO b` / `ALTER DOMAIN`: the columns of `a` are of `b` now (names without a schema). */
      renamesType?: { from: string; to: string };
      /** `CREATE DOMAIN` / `CREATE TYPE`: the type made, by its name without a schema. */
      definesTypes?: string[];
      /** `CREATE DOMAIN ... CHECK` / `ALTER DOMAIN ... ADD CHECK`: domains with a CHECK now (names without a schema). */
      checkedDomains?: string[];
      /** `ALTER DOMAIN d ADD CONSTRAINT ... CHECK` without NOT VALID: every column of the domain is checked now (its name without a schema). */
      validatesDomain?: string;
      /** `SET [LOCAL] TimeZone = 'UTC'`: the value set. */
      settingValue?: string;
      /** `SET search_path = a, b` / `set_config('search_path', ...)`: the schemas, in order (lint/searchPath.ts). */
      searchPath?: string[];
      /**
       * `ALTER TABLE parent ATTACH PARTITION p` / `ALTER TABLE child INHERIT parent`: the table that
       * takes the parent's columns from now on, so its own column list is no longer exactly known.
       */
      inheriting?: string[];
      /**
       * `ALTER TABLE parent ATTACH PARTITION p` (a parent) / `DETACH PARTITION p` (null): which
       * table the partition now belongs to, whose DROP TABLE drops it too.
       */
      partitionOf?: { partition: string; parent: string | null };
      /**
       * A DO block's `IF EXISTS (SELECT 1 FROM t) THEN RAISE EXCEPTION ...`: the migration goes on
       * only when these tables hold no row (sql/emptinessGuard.ts).
       */
      provesEmpty?: string[];
    }
  /**
   * Something the linter could not check: an opaque step, an operation that does not render,
   * SQL the parser was not loaded for. Reported once per migration, never silently dropped.
   */
  | {
      kind: 'unchecked';
      reason: string;
      /** An opaque step or a syntax error: already a problem of its own. */
      alreadyReported: boolean;
      /** False when the operation's effect on the schema is known and replayed anyway (only its SQL is not). */
      taints?: boolean;
      /** The operation is one Alembic or SQLAlchemy refuses (a CompileError at `--sql` and at deploy): the migration fails here. */
      refused?: true;
      /**
       * The named indexes the step may have made, with their tables: the CREATE INDEX statements of
       * the branches of an `if` on a run-time condition (collect.ts).
       */
      mayHaveIndexed?: { name: string; table: string }[];
    };

export type Action = ActionBase & ActionBody;

export type ActionOf<K extends ActionBody['kind']> = ActionBase & Extract<ActionBody, { kind: K }>;
