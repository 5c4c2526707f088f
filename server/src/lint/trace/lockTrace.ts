/**
 * The lock trace: what each statement of a migration really locks, measured on a database (the
 * embedded PGlite by default) instead of predicted. The ancestors are applied with the offline
 * SQL Alembic would emit; then the migration's statements run one by one inside a transaction
 * that is rolled back, and after each one the relation locks this backend holds (`pg_locks`
 * joined to `pg_class`), the tables whose `relfilenode` changed (rewritten) and the time are
 * recorded. Statements inside `autocommit_block()` run outside the transaction, as Alembic runs
 * them, so their locks are gone when they end (the trace says so).
 */
import type { Session } from '../../database/session';
import type { OfflineEnvironment } from '../../engine/offline/offlineSql';
import { offlineSql } from '../../engine/offline/offlineSql';
import type { MigrationCompiler } from '../../engine/offline/migrationCompiler';
import { parseSql } from '../sql/parser';

export interface TracedLock {
  relation: string;
  /** `AccessExclusiveLock`, `ShareLock`, ... as pg_locks names them. */
  mode: string;
}

export interface TracedStatement {
  sql: string;
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
  | { ok: true; revision: string; statements: TracedStatement[]; setupMs: number }
  | { ok: false; message: string };

const LOCKS_SQL = `SELECT c.relname AS relation, l.mode AS mode
  FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE l.pid = pg_backend_pid() AND l.granted AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
 ORDER BY c.relname, l.mode`;

const FILENODES_SQL = `SELECT c.relname AS relation, c.relfilenode AS node
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'i', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

/** The statements of an offline script, without the transaction and version-table bookkeeping. */
export function migrationStatements(script: string, versionTable: string): { sql: string; inTransaction: boolean }[] {
  const parsed = parseSql(script);
  if (!parsed?.ok) return [];
  const statements: { sql: string; inTransaction: boolean }[] = [];
  let inTransaction = true;
  for (const statement of parsed.statements) {
    const sql = script.slice(statement.start, statement.end).trim().replace(/;$/, '');
    const kind = Object.keys(statement.node)[0];
    if (kind === 'TransactionStmt') {
      inTransaction = /BEGIN|START/.test(String((statement.node.TransactionStmt as { kind?: string }).kind));
      continue;
    }
    if (new RegExp(`\\b${versionTable}\\b`).test(sql)) continue;
    statements.push({ sql, inTransaction });
  }
  return statements;
}

export interface TraceRequest {
  environment: OfflineEnvironment;
  compiler: MigrationCompiler;
  revision: string;
  session: Session;
}

export async function traceRevision(request: TraceRequest): Promise<TraceResult> {
  const { environment, compiler, session } = request;
  const revision = environment.graph.get(request.revision) ?? environment.graph.lookupSymbol(request.revision);
  if (!revision) return { ok: false, message: `no revision ${request.revision}` };
  const parents = [...revision.downRevisions];
  const versionTable = environment.config.envPy.versionTable.state === 'unknown' ? 'alembic_version' : environment.config.envPy.versionTable.value;
  const started = performance.now();
  // The ancestors, as `alembic upgrade <parents> --sql` would apply them.
  if (parents.length > 0) {
    const setup = offlineSql(environment, { command: 'upgrade', arguments: [parents.length === 1 ? parents[0] : 'heads'], allowOpaque: false }, compiler);
    if (!setup.ok) return { ok: false, message: setup.reason === 'plan' ? setup.message : `the ancestors have steps the engine cannot render (${setup.opaque.map((o) => `${o.revision}: ${o.reason}`).join('; ')})` };
    if (parents.length > 1) return { ok: false, message: 'tracing a merge revision is not supported yet' };
    await session.queryMany(setup.text);
  }
  const setupMs = performance.now() - started;
  const own = offlineSql(environment, { command: 'upgrade', arguments: [`${parents[0] ?? 'base'}:${revision.id}`], allowOpaque: false }, compiler);
  if (!own.ok) return { ok: false, message: own.reason === 'plan' ? own.message : `the migration has steps the engine cannot render (${own.opaque.map((o) => `line ${o.line}: ${o.reason}`).join('; ')})` };
  const traced: TracedStatement[] = [];
  let open = false;
  let held = new Set<string>();
  try {
    for (const statement of migrationStatements(own.text, versionTable)) {
      if (statement.inTransaction && !open) {
        await session.query('BEGIN');
        open = true;
      } else if (!statement.inTransaction && open) {
        await session.query('ROLLBACK');
        open = false;
      }
      if (!open) held = new Set();
      const before = await fileNodes(session);
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
      const locks = (await session.query(LOCKS_SQL)).rows.map((row) => ({ relation: String(row.relation), mode: String(row.mode) }));
      const after = await fileNodes(session);
      const rewritten = [...after].filter(([relation, node]) => before.has(relation) && before.get(relation) !== node).map(([relation]) => relation);
      const key = (lock: TracedLock): string => `${lock.relation}\u0000${lock.mode}`;
      const taken = locks.filter((lock) => !held.has(key(lock)));
      held = new Set(locks.map(key));
      traced.push({ ...statement, locks, taken, rewritten, ms });
    }
  } finally {
    if (open) await session.query('ROLLBACK').catch(() => undefined);
  }
  return { ok: true, revision: revision.id, statements: traced, setupMs };
}

async function fileNodes(session: Session): Promise<Map<string, string>> {
  return new Map((await session.query(FILENODES_SQL)).rows.map((row) => [String(row.relation), String(row.node)]));
}

/** Human text of a trace, one block per statement. */
export function formatTrace(result: Extract<TraceResult, { ok: true }>): string {
  const lines: string[] = [`Lock trace of ${result.revision} (ancestors applied in ${Math.round(result.setupMs)} ms; the transaction is rolled back)`];
  for (const statement of result.statements) {
    lines.push('', statement.sql.split('\n')[0] + (statement.sql.includes('\n') ? ' ...' : ''));
    if (statement.error) {
      lines.push(`  ERROR ${statement.error.code}: ${statement.error.message}`);
      continue;
    }
    if (!statement.inTransaction) lines.push('  outside the transaction (autocommit_block): its locks end with the statement');
    const taken = statement.taken.map((lock) => `${lock.relation}: ${lock.mode}`);
    lines.push(`  takes: ${taken.length > 0 ? taken.join(', ') : 'no new relation lock'}${statement.inTransaction && statement.locks.length > taken.length ? ` (holding ${statement.locks.length} in all until the transaction ends)` : ''}`);
    if (statement.rewritten.length > 0) lines.push(`  rewritten: ${statement.rewritten.join(', ')}`);
    lines.push(`  ${statement.ms.toFixed(1)} ms`);
  }
  return `${lines.join('\n')}\n`;
}
