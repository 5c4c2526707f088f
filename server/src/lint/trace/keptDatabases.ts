/**
 * The databases the editor keeps for lock traces: one in-memory PGlite per slot (an environment),
 * remembered with the key of the state it holds (ancestors.ts `ancestorKey`). Tracing the same
 * migration again, or after editing it, finds its ancestors already applied and only runs the
 * migration (inside a transaction that is rolled back). A different state whose script begins
 * with the kept one's (the next migration after its parent: ancestors.ts `continuation`) is
 * reached by applying only the rest; any other (an older revision, an edited ancestor) replaces
 * the slot's database with the one saved on disk by an earlier session (savedStates.ts) when it
 * holds that state or one it continues (the rest applied), or else with a fresh one. Traces in
 * one slot take turns: PGlite is a single backend, and two traces interleaved would see each
 * other's locks.
 */
import type { Session } from '../../database/session';
import { openMemoryDatabase, type MemoryDatabase } from '../../database/memoryDatabase';
import type { Ancestors, TraceDatabase } from './lockTrace';
import type { StateStore } from './savedStates';

interface Slot {
  key?: string;
  /** The statements applied to the slot's database (unknown for one loaded from disk). */
  statements?: readonly string[];
  /** The key of the state saved on disk for this slot by this process (saved once per state). */
  savedKey?: string;
  database?: MemoryDatabase;
  /** The end of the last trace in this slot: the next one starts after it. */
  turn: Promise<void>;
}

export class KeptDatabases {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly open: () => Promise<MemoryDatabase> = () => openMemoryDatabase(),
    /** Where states are saved between sessions (savedStates.ts); none: kept in memory only. */
    private readonly store?: StateStore,
  ) {}

  /** Runs `work` with the slot's database, after any trace already running in that slot. */
  async use<T>(slotName: string, work: (database: TraceDatabase) => Promise<T>): Promise<T> {
    const slot = this.slots.get(slotName) ?? { turn: Promise.resolve() };
    this.slots.set(slotName, slot);
    const previous = slot.turn;
    let done!: () => void;
    slot.turn = new Promise((resolve) => (done = resolve));
    await previous;
    let result: T;
    try {
      result = await work(this.databaseOf(slotName, slot));
    } catch (error) {
      done();
      throw error;
    }
    // Still the applied state (the trace was rolled back): saved for the next session, once,
    // after the answer has gone; the next trace in this slot waits for it.
    if (this.store && slot.database && slot.key && slot.savedKey !== slot.key) {
      slot.savedKey = slot.key;
      void this.store.save(slotName, slot.key, slot.database, slot.statements).finally(done);
    } else {
      done();
    }
    return result;
  }

  /** Resolves when the slot has nothing running (a trace, or the saving of a state after one). */
  async idle(slotName: string): Promise<void> {
    await this.slots.get(slotName)?.turn;
  }

  /** The key of the state a slot's database holds (undefined: none kept). */
  keyOf(slotName: string): string | undefined {
    return this.slots.get(slotName)?.key;
  }

  async closeAll(): Promise<void> {
    // A state being saved finishes first.
    await Promise.all([...this.slots.values()].map((slot) => slot.turn));
    const open = [...this.slots.values()].map((slot) => slot.database).filter((database): database is MemoryDatabase => !!database);
    this.slots.clear();
    await Promise.all(open.map((database) => database.close().catch(() => undefined)));
  }

  private databaseOf(slotName: string, slot: Slot): TraceDatabase {
    return {
      prepare: async (key: string, ancestors: Ancestors): Promise<{ session: Session; reused: boolean; extended?: boolean }> => {
        if (slot.database && slot.key === key) return { session: slot.database.session, reused: true };
        const held = slot.key !== undefined ? slot.statements : undefined;
        // Unknown until applied: a failure part way leaves a state no key names.
        slot.key = undefined;
        slot.statements = undefined;
        if (slot.database && held && ancestors.continues(held)) {
          // Its script is the beginning of the new one (the parent's state, tracing the next
          // migration): only the rest is applied, in milliseconds instead of seconds.
          slot.statements = await ancestors.apply(slot.database.session, held);
          slot.key = key;
          return { session: slot.database.session, reused: false, extended: true };
        }
        const stale = slot.database;
        slot.database = undefined;
        await stale?.close().catch(() => undefined);
        // The state saved for this slot by an earlier session: this one, or one it continues.
        const saved = await this.store?.load(slotName, key, (statements) => ancestors.continues(statements));
        if (saved) {
          slot.database = saved.database;
          slot.savedKey = saved.key;
          if (saved.key !== key) slot.statements = await ancestors.apply(saved.database.session, saved.statements);
          else slot.statements = saved.statements;
          slot.key = key;
          return { session: saved.database.session, reused: false, extended: saved.key !== key };
        }
        // The database opens (its files read and its WebAssembly compiled off the main thread)
        // while the script is rendered on it.
        const opening = this.open();
        try {
          ancestors.render();
        } catch (error) {
          // Not left open behind the failure.
          void opening.then((database) => database.close(), () => undefined);
          throw error;
        }
        const fresh = await opening;
        slot.database = fresh;
        slot.statements = await ancestors.apply(fresh.session);
        slot.key = key;
        return { session: fresh.session, reused: false };
      },
      invalidate: () => {
        slot.key = undefined;
        slot.statements = undefined;
      },
    };
  }
}
