/**
 * PostgreSQL's eight table lock modes: the names pg_locks uses, the names the documentation and
 * the rules' messages use, and what each one stops other sessions from doing (from the
 * documentation's conflict table, said in terms of the statements an application runs).
 */
export interface LockModeFacts {
  /** `AccessExclusiveLock`, as pg_locks names it. */
  mode: string;
  /** `ACCESS EXCLUSIVE`, as the documentation and LOCK TABLE name it. */
  sqlName: string;
  /** Position in PostgreSQL's list, weakest first (1-8). */
  strength: number;
  /** What it blocks for the rest of the transaction, for a hover or an inlay hint. */
  blocks: string;
}

const MODES: LockModeFacts[] = [
  { mode: 'AccessShareLock', sqlName: 'ACCESS SHARE', strength: 1, blocks: 'blocks only ALTER/DROP of the table' },
  { mode: 'RowShareLock', sqlName: 'ROW SHARE', strength: 2, blocks: 'blocks only exclusive locks (LOCK ... EXCLUSIVE, ALTER/DROP)' },
  { mode: 'RowExclusiveLock', sqlName: 'ROW EXCLUSIVE', strength: 3, blocks: 'blocks CREATE INDEX and schema changes, not reads or writes' },
  { mode: 'ShareUpdateExclusiveLock', sqlName: 'SHARE UPDATE EXCLUSIVE', strength: 4, blocks: 'blocks VACUUM and schema changes, not reads or writes' },
  { mode: 'ShareLock', sqlName: 'SHARE', strength: 5, blocks: 'blocks writes' },
  { mode: 'ShareRowExclusiveLock', sqlName: 'SHARE ROW EXCLUSIVE', strength: 6, blocks: 'blocks writes' },
  { mode: 'ExclusiveLock', sqlName: 'EXCLUSIVE', strength: 7, blocks: 'blocks writes and SELECT ... FOR UPDATE' },
  { mode: 'AccessExclusiveLock', sqlName: 'ACCESS EXCLUSIVE', strength: 8, blocks: 'blocks reads and writes' },
];

const BY_MODE = new Map(MODES.map((facts) => [facts.mode, facts]));
const BY_SQL_NAME = new Map(MODES.map((facts) => [facts.sqlName, facts]));

export function lockModeFacts(mode: string): LockModeFacts | undefined {
  return BY_MODE.get(mode);
}

export function lockModeBySqlName(name: string): LockModeFacts | undefined {
  return BY_SQL_NAME.get(name.toUpperCase().replace(/\s+/g, ' ').trim());
}

/** The strongest of some pg_locks modes (undefined for none or unknown ones). */
export function strongestMode(modes: readonly string[]): LockModeFacts | undefined {
  let strongest: LockModeFacts | undefined;
  for (const mode of modes) {
    const facts = BY_MODE.get(mode);
    if (facts && (!strongest || facts.strength > strongest.strength)) strongest = facts;
  }
  return strongest;
}

/**
 * The lock a finding predicts: what its rule reported as data (`data.lock`, lint/types.ts
 * PredictedLock), with the facts of its mode; undefined for findings that predict no lock.
 */
export function predictedLockOf(problem: { data?: Record<string, unknown> }): { mode: LockModeFacts; tables?: string[] } | undefined {
  const lock = problem.data?.lock as { mode?: unknown; tables?: unknown } | undefined;
  if (!lock || typeof lock.mode !== 'string') return undefined;
  const mode = lockModeFacts(lock.mode);
  if (!mode) return undefined;
  const tables = Array.isArray(lock.tables) ? lock.tables.filter((table): table is string => typeof table === 'string') : undefined;
  return tables && tables.length > 0 ? { mode, tables } : { mode };
}
