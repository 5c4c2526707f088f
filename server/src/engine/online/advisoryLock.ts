/**
 * Keeps two Alembic Lens runs off the same version table at once: a session-level PostgreSQL
 * advisory lock whose key is derived from the version table's qualified name (advisory locks are
 * per database already). A second run says who holds it, then waits up to its wait limit
 * (lock_timeout applies to advisory locks too) and fails with SQLSTATE 55P03 after it. The real
 * Alembic takes no such lock, so this does not guard against a concurrent `alembic upgrade`.
 */
import type { Session } from '../../database/session';
import type { VersionTable } from '../plan/types';

/** 'ALMB': the first half of the two-int key, so our locks are recognisable in pg_locks. */
export const LOCK_CLASS_ID = 0x414c4d42;

/** FNV-1a of the qualified name, kept positive so it reads the same as an oid in pg_locks. */
export function lockObjectId(table: VersionTable): number {
  const text = `${table.schema ?? ''}.${table.name}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fffffff;
}

export class LockWaitTimeout extends Error {
  constructor(readonly holderPid: number | undefined, waitedMs: number) {
    super(
      `another run holds the migration lock on this version table` +
        (holderPid !== undefined ? ` (server process ${holderPid})` : '') +
        `; gave up after waiting ${waitedMs} ms`,
    );
    this.name = 'LockWaitTimeout';
  }
}

/** `waitMs` 0 waits without limit. `onWait` is told once when the lock is taken by someone else. */
export async function acquireRunLock(session: Session, table: VersionTable, waitMs: number, onWait: (message: string) => void): Promise<void> {
  const key = [LOCK_CLASS_ID, lockObjectId(table)];
  const tried = await session.query('SELECT pg_try_advisory_lock($1::int4, $2::int4) AS locked', key);
  if (tried.rows[0]?.locked === true) return;
  const holder = await session.query(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int8::oid AND objid = $2::int8::oid AND objsubid = 2 AND granted LIMIT 1",
    key,
  );
  const holderPid = holder.rows[0] ? Number(holder.rows[0].pid) : undefined;
  onWait(
    `waiting for the migration lock: another run is using this version table` +
      (holderPid !== undefined ? ` (server process ${holderPid})` : '') +
      (waitMs > 0 ? `; giving up after ${waitMs} ms` : ''),
  );
  await session.query(`SET lock_timeout = ${Math.max(0, Math.floor(waitMs))}`);
  try {
    await session.query('SELECT pg_advisory_lock($1::int4, $2::int4)', key);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') throw new LockWaitTimeout(holderPid, waitMs);
    throw error;
  } finally {
    await session.query('RESET lock_timeout').catch(() => undefined);
  }
}

export async function releaseRunLock(session: Session, table: VersionTable): Promise<void> {
  await session.query('SELECT pg_advisory_unlock($1::int4, $2::int4)', [LOCK_CLASS_ID, lockObjectId(table)]);
}
