/**
 * One open connection as the online engine uses it: queries, the backend's process id (for
 * cancelling from a second connection), and closing. Implemented on `pg` for servers and for the
 * embedded database (served to `pg` over a loopback socket), so one executor serves both.
 */
import type pg from 'pg';
import { DatabaseError, redactSecrets } from './errors';
import type { PgSettings } from './sqlalchemyUrl';

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Rows an INSERT, UPDATE or DELETE touched (null for other statements). */
  rowCount: number | null;
}

export interface Session {
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  /**
   * Several statements in one simple-protocol message (one round trip): the row count of each,
   * in order. Fails at the first failing statement, with a BatchError saying how many completed
   * before it (so the caller knows which one failed without running anything twice).
   */
  queryMany(sql: string): Promise<(number | null)[]>;
  /** The server process serving this connection (`pg_backend_pid()`). */
  readonly backendPid: number;
  /** Set when the connection was lost (killed, network): the run cannot continue on it. */
  readonly lostError: Error | undefined;
  close(): Promise<void>;
}

/** Where to connect and how to talk about it. */
export interface DatabaseTarget {
  settings: PgSettings;
  /** `user@host:port/db` or the sandbox folder: what messages show (never a password). */
  display: string;
  /** Strings scrubbed from every message (the password, in every spelling). */
  secrets: string[];
  /** False for the embedded database, which cannot cancel a running statement. */
  canCancel: boolean;
}

/** The failure of a multi-statement message, with the number of statements completed before it. */
export class BatchError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly completedStatements: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'BatchError';
  }
}

type PgModule = typeof pg;
type CountingQueryInstance = pg.Query & { completed: number };
type CountingQueryClass = new (config: pg.QueryConfig) => CountingQueryInstance;

/**
 * `pg` is loaded on the first connection, not with the module: loading it costs every CLI command
 * about 50 ms (it touches Node's fetch code at load time), and most commands never connect.
 */
let pgLoaded: Promise<{ pg: PgModule; CountingQuery: CountingQueryClass }> | undefined;
function loadPg(): Promise<{ pg: PgModule; CountingQuery: CountingQueryClass }> {
  pgLoaded ??= import('pg').then((module) => {
    const pgModule = ((module as unknown as { default?: PgModule }).default ?? module) as PgModule;
    /** pg's Query, counting the statements the server reports complete (CommandComplete). */
    class CountingQuery extends pgModule.Query {
      completed = 0;
      handleCommandComplete(message: unknown, connection: unknown): void {
        this.completed++;
        (pgModule.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(this, message, connection);
      }
    }
    return { pg: pgModule, CountingQuery: CountingQuery as unknown as CountingQueryClass };
  });
  return pgLoaded;
}

class PgSession implements Session {
  lostError: Error | undefined;
  constructor(
    private readonly client: pg.Client,
    readonly backendPid: number,
    private readonly CountingQuery: CountingQueryClass,
  ) {
    client.on('error', (error) => {
      this.lostError = error;
    });
  }
  async query(sql: string, params?: unknown[]): Promise<QueryResult> {
    const result = await this.client.query(sql, params);
    return { rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? null };
  }
  queryMany(sql: string): Promise<(number | null)[]> {
    return new Promise((resolve, reject) => {
      const query: CountingQueryInstance = new this.CountingQuery({
        text: sql,
        callback: (error: Error | null, result: pg.QueryResult | pg.QueryResult[]) => {
          if (error) reject(new BatchError(error, query.completed));
          else resolve((Array.isArray(result) ? result : [result]).map((one) => one.rowCount ?? null));
        },
      } as pg.QueryConfig);
      void this.client.query(query as unknown as pg.QueryConfig);
    });
  }
  async close(): Promise<void> {
    try {
      await this.client.end();
    } catch {
      // Closing a connection the server already dropped has nothing left to do.
    }
  }
}

export async function openSession(target: DatabaseTarget, applicationName = 'alembic-lens'): Promise<Session> {
  const { pg: pgModule, CountingQuery } = await loadPg();
  const client = new pgModule.Client({ application_name: applicationName, ...target.settings });
  // A connection error before connect() resolves would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pid = await client.query('SELECT pg_backend_pid() AS pid');
    return new PgSession(client, Number(pid.rows[0].pid), CountingQuery);
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
    throw new DatabaseError('database-connect-failed', redactSecrets(`cannot connect to ${target.display}: ${reason}`, target.secrets));
  }
}
