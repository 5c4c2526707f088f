/**
 * Real table sizes for the lint's lock findings, read from a configured database: "takes an
 * ACCESS EXCLUSIVE lock on "orders"" becomes "AccessExclusiveLock on orders (about 12 million rows,
 * 3.1 GB): ...", which says how long the lock will really be held. Only the planner's estimate
 * (`pg_class.reltuples`) and `pg_total_relation_size` are read, inside a READ ONLY transaction
 * that is rolled back: nothing is ever written, and no row is counted.
 */
import type { Problem } from '../../common/problem';
import type { Session } from '../../database/session';
import { predictedLockOf } from './lockModes';

export interface TableSize {
  /** `reltuples`: the planner's estimate; -1 when the table was never vacuumed or analyzed. */
  rows: number;
  /** `pg_total_relation_size`: table, indexes and TOAST, in bytes. */
  bytes: number;
}

/** Locks from SHARE up block writes: the ones whose length a table's size decides. */
const HEAVY_STRENGTH = 5;

const SIZES_SQL = `SELECT c.relname AS name, c.reltuples::float8 AS rows, pg_total_relation_size(c.oid)::float8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[]) AND n.nspname NOT IN ('pg_catalog', 'information_schema')
 ORDER BY c.relname, (n.nspname = current_schema()) DESC`;

/** The heavy lock a finding predicts and the (first) table it is on (undefined: not a lock finding, or no table known). */
function heavyLockOf(problem: Problem): { mode: string; table: string } | undefined {
  const named = predictedLockOf(problem);
  if (!named || named.mode.strength < HEAVY_STRENGTH) return undefined;
  const table = named.tables?.[0];
  return table ? { mode: named.mode.mode, table } : undefined;
}

/** The tables the heavy-lock findings name: what to ask the database about. */
export function tablesToMeasure(problems: readonly Problem[]): string[] {
  return [...new Set(problems.map(heavyLockOf).filter((lock) => lock !== undefined).map((lock) => lock.table))];
}

/** Reads the sizes of `tables` that exist (a table the database lacks is simply absent). */
export async function readTableSizes(session: Session, tables: readonly string[]): Promise<Map<string, TableSize>> {
  const sizes = new Map<string, TableSize>();
  if (tables.length === 0) return sizes;
  await session.query('BEGIN TRANSACTION READ ONLY');
  try {
    for (const row of (await session.query(SIZES_SQL, [tables])).rows) {
      const name = String(row.name);
      // The same name in several schemas: the one the search path finds first (ordered above).
      if (!sizes.has(name)) sizes.set(name, { rows: Number(row.rows), bytes: Number(row.bytes) });
    }
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
  }
  return sizes;
}

/** "about 12 million rows, 3.1 GB". */
export function describeSize(size: TableSize): string {
  return `${describeRows(size.rows)}, ${describeBytes(size.bytes)}`;
}

function describeRows(rows: number): string {
  if (rows < 0) return 'row count not yet estimated (never analyzed)';
  if (rows === 0) return 'empty';
  if (rows < 1000) return `about ${Math.round(rows)} rows`;
  if (rows < 1e6) return `about ${Math.round(rows / 1000)} thousand rows`;
  if (rows < 1e9) return `about ${roundTo(rows / 1e6)} million rows`;
  return `about ${roundTo(rows / 1e9)} billion rows`;
}

function describeBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${roundTo(value)} ${units[unit]}`;
}

/** One decimal below 10 ("3.1"), whole numbers above ("12"). */
function roundTo(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/**
 * The findings with the real size of the table their heavy lock is on, where the database has that
 * table (the size leads the message; `data.tableSize` has the numbers). Others are unchanged.
 */
export function withTableSizes(problems: readonly Problem[], sizes: ReadonlyMap<string, TableSize>): Problem[] {
  return problems.map((problem) => {
    const lock = heavyLockOf(problem);
    const size = lock ? sizes.get(lock.table) : undefined;
    if (!lock || !size) return problem;
    return {
      ...problem,
      message: `${lock.mode} on ${lock.table} (${describeSize(size)}): ${problem.message}`,
      data: { ...problem.data, tableSize: { table: lock.table, rows: size.rows, bytes: size.bytes } },
    };
  });
}
