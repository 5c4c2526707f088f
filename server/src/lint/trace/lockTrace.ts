/**
 * The lock trace: what each statement of a migration really locks, measured on a database (the
 * embedded PGlite by default) instead of predicted. The database is brought to the state before
 * the migration (ancestors.ts); then the migration's statements run one by one inside a
 * transaction that is rolled back, and after each one the relation locks this backend holds
 * (`pg_locks` joined to `pg_class`), the tables whose `relfilenode` changed (rewritten) and the
 * time are recorded. Statements inside `autocommit_block()` run outside the transaction, as
 * Alembic runs them (the transaction before them is committed, as Alembic commits it), so their
 * locks end with them and their effect stays (the caller then knows the database no longer
 * matches its key: `changedDatabase`).
 */
import { readMigrationText } from '../../project/versionFiles';
import type { Session } from '../../database/session';
import type { MigrationCompiler } from '../../engine/offline/migrationCompiler';
import type { OfflineEnvironment } from '../../engine/offline/offlineSql';
import { ancestorScript, applyScript, continuation, continuationIndexInScript, scriptBefore, ScriptStatementFailed, stateKey, type StatementOwner } from './ancestors';
import { ownStatements, type OwnStatement, type TraceDirection, type UntracedStep } from './ownStatements';
import { transactionEffectsOf, type TransactionEffect } from '../../engine/online/transactionControl';

export interface TracedLock {
  relation: string;
  /** `AccessExclusiveLock`, `ShareLock`, ... as pg_locks names them. */
  mode: string;
  /** What the relation is (an index being built holds a lock on itself; what matters is the table). */
  kind?: 'table' | 'index' | 'other';
}

export interface TracedStatement {
  sql: string;
  /** Zero-based line of the `op.*` call in the migration file. */
  line: number;
  inTransaction: boolean;
  /** Locks held right after the statement (inside the transaction: until it ends). */
  locks: TracedLock[];
  /** The locks this statement took (held after it, not before it). */
  taken: TracedLock[];
  /** Tables (and indexes) whose storage was replaced: a rewrite. */
  rewritten: string[];
  ms: number;
  /** The error PostgreSQL raised, with its SQLSTATE; later statements are not run. */
  error?: { code: string; message: string };
}

export type TraceResult =
  | {
      ok: true;
      revision: string;
      direction: TraceDirection;
      statements: TracedStatement[];
      /** Steps at these lines were not run: the engine cannot render them. */
      untraced: UntracedStep[];
      /** Milliseconds spent bringing the database to the state before the migration (0 when kept from an earlier trace). */
      setupMs: number;
      /** Statements run outside the transaction left their effect: the database is no longer the one its key names. */
      changedDatabase: boolean;
    }
  | { ok: false; message: string };

/** The relation locks this backend holds, with each relation's current storage (relfilenode). */
const LOCKS_SQL = `SELECT c.relname AS relation, l.mode AS mode, c.oid AS oid, c.relfilenode AS node, c.relkind AS kind
  FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE l.pid = pg_backend_pid() AND l.granted AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
 ORDER BY c.relname, l.mode`;

/**
 * Every table's and index's storage (oid and relfilenode): a rewrite is a relfilenode that changed
 * under the same name within one statement.
 */
const FILENODES_SQL = `SELECT c.relname AS relation, c.oid AS oid, c.relfilenode AS node
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'i', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** A relation's identity and its storage file: a rewrite keeps the first and changes the second. */
interface Storage {
  oid: string;
  node: string;
}

/** Relations this transaction locked and dropped: their lock stays, their catalog row is gone. */
const DROPPED_SQL = `SELECT l.relation AS oid FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
 WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.relation IS NOT NULL AND c.oid IS NULL`;

/** The statements that bring a database to the state a trace starts from. */
export interface Ancestors {
  /**
   * Renders the script now if not yet (main-thread work, done while a fresh database opens);
   * a script that cannot be rendered is reported by `apply`.
   */
  render(): void;
  /** Whether a database holding the statements `held` can be brought there (nothing is run). */
  continues(held: readonly string[]): boolean;
  /**
   * Brings the database there: from `held` (when `continues(held)`), else from a fresh database.
   * Returns the statements it then holds.
   */
  apply(session: Session, held?: readonly string[]): Promise<readonly string[]>;
}

/**
 * Where a trace runs: a database in the state `key` names, made so with `ancestors` when it is not
 * already (lsp and the benchmark keep one per environment; the CLI and the db tests use a fresh one).
 */
export interface TraceDatabase {
  /**
   * `reused`: the database already held that state, nothing was done to it; `extended`: it held
   * an earlier state of the same script (the parent's, say) and only the rest was applied.
   */
  prepare(key: string, ancestors: Ancestors): Promise<{ session: Session; reused: boolean; extended?: boolean }>;
  /** The last trace changed the database (autocommit statements, or a failure while applying). */
  invalidate(): void;
}

export interface TraceRequest {
  environment: OfflineEnvironment;
  compiler: MigrationCompiler;
  revision: string;
  direction?: TraceDirection;
  /** The migration's text (an editor's unsaved buffer); read from its file when absent. */
  text?: string;
  database: TraceDatabase;
  /**
   * Content hashes that identify the ancestors' state when they differ from `environment.files`
   * (the editor compiles files as saved but keys them by what its buffers hold).
   */
  keyFiles?: ReadonlyMap<string, { hash: string }>;
  /** Told what is happening, for a progress notification. */
  progress?: (message: string) => void;
}

export async function traceRevision(request: TraceRequest): Promise<TraceResult> {
  const { environment, compiler, database } = request;
  const direction = request.direction ?? 'upgrade';
  const revision = environment.graph.get(request.revision) ?? environment.graph.lookupSymbol(request.revision);
  if (!revision) return { ok: false, message: `no revision ${request.revision}` };
  const file = environment.fileOf?.(revision.id) ?? revision.key;
  let text = request.text;
  if (text === undefined) {
    // Read as the index reads it (its declared encoding); never throws.
    const read = readMigrationText(file);
    if (read.text === undefined) return { ok: false, message: `cannot read ${file}: ${read.problems[0]?.message ?? 'unreadable'}` };
    text = read.text;
  }
  const own = ownStatements(file, text, direction);
  if (own.missing) return { ok: false, message: `the migration has no ${direction}() function` };
  // Before an upgrade: its parent applied; before a downgrade: the revision itself.
  // A merge's upgrade starts from every parent applied: `upgrade <merge> --sql` up to where the
  // merge's own part begins (it is last: everything else in that plan is its ancestor).
  const merge = direction === 'upgrade' && revision.downRevisions.length > 1;
  const target = direction === 'upgrade' && !merge ? revision.downRevisions[0] : revision.id;
  const started = performance.now();
  let failure: string | undefined;
  let script: ReturnType<typeof ancestorScript> | undefined;
  // Rendered once, when first needed (a kept database of the same state needs none).
  const rendered = (): { statements: string[]; owners: (StatementOwner | undefined)[] } => {
    script ??= merge ? scriptBefore(ancestorScript(environment, compiler, target), revision.id) : ancestorScript(environment, compiler, target);
    if (!script.ok) throw new Error(script.message);
    return script;
  };
  const scriptStatements = (): string[] => rendered().statements;
  const what = direction === 'upgrade' ? 'the ancestors' : 'the revision and its ancestors';
  const ancestors: Ancestors = {
    render() {
      try {
        rendered();
      } catch {
        // apply() throws the same message, where the caller reports it.
      }
    },
    continues: (held) => continuation(held, scriptStatements()) !== undefined,
    async apply(session, held) {
      const run = held ? continuation(held, scriptStatements()) : scriptStatements();
      // Callers ask `continues` first; running the whole script on a database that holds part of it would fail.
      if (!run) throw new Error('the kept database holds a state this one cannot be reached from');
      request.progress?.(held ? `applying the rest of ${what} on the embedded database` : `applying ${what} on the embedded database`);
      try {
        await applyScript(session, run);
      } catch (error) {
        if (!(error instanceof ScriptStatementFailed) || error.index === undefined) throw error;
        const { statements, owners } = rendered();
        const at = held ? continuationIndexInScript(error.index, held, run, statements) : error.index;
        const owner = at === undefined ? undefined : owners[at];
        const sql = at === undefined ? run[error.index] : statements[at];
        throw new Error(`${owner ? `revision ${owner.revision} (${owner.file}) failed: ` : ''}${error.message}; statement: ${abbreviated(sql)}`);
      }
      return scriptStatements();
    },
  };
  const prepared = await database
    .prepare(stateKey(request.keyFiles ? { ...environment, files: request.keyFiles } : environment, merge ? revision.downRevisions : [target]), ancestors)
    .catch((error: unknown) => {
      failure = error instanceof Error ? error.message : String(error);
      database.invalidate();
      return undefined;
    });
  if (!prepared) return { ok: false, message: `the database could not be brought to the state before the migration: ${failure}` };
  const { session } = prepared;
  const setupMs = prepared.reused ? 0 : performance.now() - started;
  request.progress?.(`tracing ${own.statements.length} statement(s)`);
  const statements = await traceStatements(session, own.statements);
  // Outside the transaction, or a COMMIT written in the migration: what ran stays.
  const changedDatabase = statements.some((statement) => !statement.inTransaction || transactionEffectsOf(statement.sql).some((effect) => effect !== 'begins'));
  if (changedDatabase) database.invalidate();
  return { ok: true, revision: revision.id, direction, statements, untraced: own.untraced, setupMs, changedDatabase };
}

/**
 * Runs the statements (in a transaction that is rolled back, autocommit ones outside it) and
 * records what each locks. The catalog is read once before the first statement and then only for
 * the relations a statement holds locks on: a table can only be rewritten under a lock, and on a
 * history of hundreds of tables reading all of pg_class after every statement was most of a warm
 * trace's time.
 */
export async function traceStatements(session: Session, statements: readonly OwnStatement[]): Promise<TracedStatement[]> {
  const traced: TracedStatement[] = [];
  let open = false;
  let held = new Set<string>();
  const storageOf = (row: Record<string, unknown>): Storage => ({ oid: String(row.oid), node: String(row.node) });
  const readStorage = async (): Promise<Map<string, Storage>> => new Map((await session.query(FILENODES_SQL)).rows.map((row) => [String(row.relation), storageOf(row)]));
  let nodes = await readStorage();
  // After a COMMIT or ROLLBACK written in the migration, what follows runs outside any
  // transaction until a written BEGIN (psycopg2 does not notice: transactionControl.ts).
  let endedByMigration = false;
  try {
    for (const original of statements) {
      const statement: OwnStatement = endedByMigration && original.inTransaction ? { ...original, inTransaction: false } : original;
      if (statement.inTransaction && !open) {
        await session.query('BEGIN');
        open = true;
      } else if (!statement.inTransaction && open) {
        // Alembic commits before an autocommit block; so does the trace, so the block sees what
        // the statements before it made (the database is then no longer the kept state: changedDatabase).
        await session.query('COMMIT');
        open = false;
      }
      if (!open) held = new Set();
      const begin = performance.now();
      let error: TracedStatement['error'];
      try {
        await session.query(statement.sql);
      } catch (failure) {
        const details = failure as { code?: string; message?: string };
        error = { code: details.code ?? '', message: details.message ?? String(failure) };
      }
      const ms = performance.now() - begin;
      if (error) {
        traced.push({ ...statement, locks: [], taken: [], rewritten: [], ms, error });
        break;
      }
      for (const effect of transactionEffectsOf(statement.sql) as readonly TransactionEffect[]) {
        // The session's transaction is the one the statement left: none after COMMIT, one after BEGIN.
        open = effect === 'begins';
        endedByMigration = effect !== 'begins';
      }
      const rows = (await session.query(LOCKS_SQL)).rows;
      const locks = rows.map((row) => ({ relation: String(row.relation), mode: String(row.mode), kind: kindOf(String(row.kind)) }));
      const rewritten = new Set<string>();
      const changed = (relation: string, now: Storage): void => {
        const before = nodes.get(relation);
        if (before !== undefined && before.node !== now.node) rewritten.add(relation);
      };
      for (const row of rows) changed(String(row.relation), storageOf(row));
      if (!open) {
        // Outside a transaction the locks end with the statement: its rewrites show only in the
        // catalog, which is read again whole (rare: autocommit blocks, after a written COMMIT).
        const now = await readStorage();
        for (const [relation, storage] of now) changed(relation, storage);
        nodes = now;
      } else {
        for (const row of rows) nodes.set(String(row.relation), storageOf(row));
        // A relation this transaction dropped (DROP INDEX) is forgotten: one made later under its
        // name is new, not a rewrite. (ALTER ... TYPE drops and rebuilds an index in one statement:
        // the new one is in the rows above, and counts as rewritten.)
        const dropped = new Set((await session.query(DROPPED_SQL)).rows.map((row) => String(row.oid)));
        if (dropped.size > 0) for (const [relation, storage] of nodes) if (dropped.has(storage.oid)) nodes.delete(relation);
      }
      const key = (lock: TracedLock): string => `${lock.relation}\u0000${lock.mode}`;
      const taken = locks.filter((lock) => !held.has(key(lock)));
      held = new Set(locks.map(key));
      traced.push({ ...statement, locks, taken, rewritten: [...rewritten], ms });
    }
  } finally {
    if (open) await session.query('ROLLBACK').catch(() => undefined);
  }
  return traced;
}

function kindOf(relkind: string): TracedLock['kind'] {
  return relkind === 'r' || relkind === 'p' ? 'table' : relkind === 'i' || relkind === 'I' ? 'index' : 'other';
}

/** Human text of a trace, one block per statement, with the steps not traced among them in line order. */
export function formatTrace(result: Extract<TraceResult, { ok: true }>): string {
  const outside = result.statements.some((statement) => !statement.inTransaction);
  const lines: string[] = [
    `Lock trace of ${result.revision} ${result.direction}() (database prepared in ${Math.round(result.setupMs)} ms; the transaction is rolled back${outside ? ', what ran outside it stays on this embedded copy' : ''})`,
  ];
  const untraced = [...result.untraced].sort((a, b) => a.line - b.line);
  let next = 0;
  const untracedUpTo = (line: number): void => {
    for (; next < untraced.length && untraced[next].line <= line; next++) lines.push('', `line ${untraced[next].line + 1}: not traced (${untraced[next].reason})`);
  };
  for (const statement of result.statements) {
    untracedUpTo(statement.line - 1);
    lines.push('', `line ${statement.line + 1}: ${statement.sql.split('\n')[0]}${statement.sql.includes('\n') ? ' ...' : ''}`);
    if (statement.error) {
      lines.push(`  ERROR ${statement.error.code}: ${statement.error.message}`);
      // What a step the trace could not run would have made is missing from the database.
      const before = untraced.filter((step) => step.line < statement.line).map((step) => step.line + 1);
      if (before.length > 0) lines.push(`  (the step${before.length > 1 ? 's' : ''} at line ${before.join(', ')} did not run here, and this statement may depend on what ${before.length > 1 ? 'they make' : 'it makes'}: the migration itself may not fail)`);
      continue;
    }
    if (!statement.inTransaction) lines.push('  outside the transaction (autocommit_block, or after a COMMIT written in the migration): its locks end with the statement');
    const taken = statement.taken.map((lock) => `${lock.relation}: ${lock.mode}`);
    lines.push(`  takes: ${taken.length > 0 ? taken.join(', ') : 'no new relation lock'}${statement.inTransaction && statement.locks.length > taken.length ? ` (holding ${statement.locks.length} in all until the transaction ends)` : ''}`);
    if (statement.rewritten.length > 0) lines.push(`  rewritten: ${statement.rewritten.join(', ')}`);
    lines.push(`  ${statement.ms.toFixed(1)} ms`);
  }
  untracedUpTo(Infinity);
  return `${lines.join('\n')}\n`;
}

/** A statement as a failure message quotes it: one line, at most 300 characters. */
function abbreviated(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
