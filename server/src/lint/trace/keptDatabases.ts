/**
 * The databases the editor keeps for lock traces: one in-memory PGlite per slot (an environment),
 * remembered with the key of the state it holds (ancestors.ts `ancestorKey`). Tracing the same
 * migration again, or after editing it, finds its ancestors already applied and only runs the
 * migration (inside a transaction that is rolled back); a different state (another revision, an
 * edited ancestor) replaces the slot's database with a fresh one. Traces in one slot take turns:
 * PGlite is a single backend, and two traces interleaved would see each other's locks.
 */
import type { Session } from '../../database/session';
import { openMemoryDatabase, type MemoryDatabase } from '../../database/memoryDatabase';
import type { TraceDatabase } from './lockTrace';

interface Slot {
  key?: string;
  database?: MemoryDatabase;
  /** The end of the last trace in this slot: the next one starts after it. */
  turn: Promise<void>;
}

export class KeptDatabases {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly open: () => Promise<MemoryDatabase> = () => openMemoryDatabase()) {}

  /** Runs `work` with the slot's database, after any trace already running in that slot. */
  async use<T>(slotName: string, work: (database: TraceDatabase) => Promise<T>): Promise<T> {
    const slot = this.slots.get(slotName) ?? { turn: Promise.resolve() };
    this.slots.set(slotName, slot);
    const previous = slot.turn;
    let done!: () => void;
    slot.turn = new Promise((resolve) => (done = resolve));
    await previous;
    try {
      return await work(this.databaseOf(slot));
    } finally {
      done();
    }
  }

  /** The key of the state a slot's database holds (undefined: none kept). */
  keyOf(slotName: string): string | undefined {
    return this.slots.get(slotName)?.key;
  }

  async closeAll(): Promise<void> {
    const open = [...this.slots.values()].map((slot) => slot.database).filter((database): database is MemoryDatabase => !!database);
    this.slots.clear();
    await Promise.all(open.map((database) => database.close().catch(() => undefined)));
  }

  private databaseOf(slot: Slot): TraceDatabase {
    return {
      prepare: async (key: string, apply: (session: Session) => Promise<void>): Promise<Session> => {
        if (slot.database && slot.key === key) return slot.database.session;
        const stale = slot.database;
        slot.database = undefined;
        slot.key = undefined;
        await stale?.close().catch(() => undefined);
        const fresh = await this.open();
        slot.database = fresh;
        await apply(fresh.session);
        slot.key = key;
        return fresh.session;
      },
      invalidate: () => {
        slot.key = undefined;
      },
    };
  }
}
