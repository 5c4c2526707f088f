/**
 * The schema as the migrations built it, replayed action by action in graph order. It knows
 * which tables, columns and indexes exist at a revision, which of them the current migration
 * created (an index on a table created in the same migration needs no CONCURRENTLY), and which
 * are known to be gone (a table dropped earlier, a column renamed away).
 *
 * Histories often start from a database made some other way, so a table the replay has never
 * seen is *assumed* to exist, with unknown columns: the model only claims that something does
 * not exist when a replayed action removed it, or when the table was created by the replay and
 * nothing it could not follow has happened since (`complete`).
 */
import type { Action, ColumnFacts } from '../actions';

export interface ColumnState {
  facts?: ColumnFacts;
  /** Revision whose migration added it; undefined for columns the replay did not see created. */
  createdIn?: string;
}

export interface TableState {
  name: string;
  columns: Map<string, ColumnState>;
  /** Columns a replayed action removed (dropped or renamed away). */
  goneColumns: Set<string>;
  createdIn?: string;
  /** True when the replay created the table and followed every change since: the column list is exact. */
  complete: boolean;
}

export interface IndexState {
  table: string;
  createdIn?: string;
}

export class SchemaModel {
  readonly tables = new Map<string, TableState>();
  readonly indexes = new Map<string, IndexState>();
  /** Tables a replayed action removed. */
  readonly goneTables = new Set<string>();
  /** The revision being replayed: objects it creates are "created in the same migration". */
  revision = '';

  table(name: string): TableState | undefined {
    return this.tables.get(name);
  }

  /** True when the table was created by the migration being replayed (earlier in it). */
  tableIsNew(name: string): boolean {
    return this.tables.get(name)?.createdIn === this.revision && this.revision !== '';
  }

  columnIsNew(table: string, column: string): boolean {
    if (this.tableIsNew(table)) return true;
    return this.tables.get(table)?.columns.get(column)?.createdIn === this.revision && this.revision !== '';
  }

  /** Whether the replay knows the table does not exist at this point. */
  tableIsKnownMissing(name: string): boolean {
    return !this.tables.has(name) && this.goneTables.has(name);
  }

  /** Whether the replay knows the column does not exist (the table exists). */
  columnIsKnownMissing(table: string, column: string): boolean {
    const state = this.tables.get(table);
    if (!state || state.columns.has(column)) return false;
    return state.complete || state.goneColumns.has(column);
  }

  apply(action: Action): void {
    switch (action.kind) {
      case 'createTable': {
        if (action.ifNotExists && this.tables.has(action.table)) return;
        const columns = new Map(action.columns.map((column) => [column.name, { facts: column, createdIn: this.revision }]));
        this.tables.set(action.table, { name: action.table, columns, goneColumns: new Set(), createdIn: this.revision, complete: true });
        this.goneTables.delete(action.table);
        return;
      }
      case 'dropTable':
        this.tables.delete(action.table);
        this.goneTables.add(action.table);
        for (const [name, index] of this.indexes) if (index.table === action.table) this.indexes.delete(name);
        return;
      case 'renameTable': {
        const state = this.ensureTable(action.table);
        this.tables.delete(action.table);
        this.goneTables.add(action.table);
        this.tables.set(action.newName, { ...state, name: action.newName });
        this.goneTables.delete(action.newName);
        for (const index of this.indexes.values()) if (index.table === action.table) index.table = action.newName;
        return;
      }
      case 'addColumn': {
        const state = this.ensureTable(action.table);
        if (action.ifNotExists && state.columns.has(action.column.name)) return;
        state.columns.set(action.column.name, { facts: action.column, createdIn: this.revision });
        state.goneColumns.delete(action.column.name);
        return;
      }
      case 'dropColumn': {
        const state = this.ensureTable(action.table);
        state.columns.delete(action.column);
        state.goneColumns.add(action.column);
        return;
      }
      case 'renameColumn': {
        const state = this.ensureTable(action.table);
        const column = state.columns.get(action.column) ?? {};
        state.columns.delete(action.column);
        state.goneColumns.add(action.column);
        state.columns.set(action.newName, column);
        state.goneColumns.delete(action.newName);
        return;
      }
      case 'alterColumnType':
      case 'setNotNull':
      case 'setDefault': {
        const state = this.ensureTable(action.table);
        if (!state.columns.has(action.column)) state.columns.set(action.column, {});
        return;
      }
      case 'createIndex':
        this.ensureTable(action.table);
        if (action.name) this.indexes.set(action.name, { table: action.table, createdIn: this.revision });
        return;
      case 'dropIndex':
        this.indexes.delete(action.name);
        return;
      case 'addConstraint':
      case 'validateConstraint':
      case 'dropConstraint':
        this.ensureTable(action.table);
        return;
      case 'unchecked':
        // Something ran that the replay could not follow: no column list is exact any more, and
        // a table it dropped may have been created again.
        for (const state of this.tables.values()) state.complete = false;
        this.goneTables.clear();
        for (const state of this.tables.values()) state.goneColumns.clear();
        return;
      default:
        return;
    }
  }

  /** A copy that can be replayed further without changing this one (the downgrade's view). */
  clone(): SchemaModel {
    const copy = new SchemaModel();
    copy.revision = this.revision;
    for (const [name, state] of this.tables) {
      copy.tables.set(name, { ...state, columns: new Map(state.columns), goneColumns: new Set(state.goneColumns) });
    }
    for (const [name, index] of this.indexes) copy.indexes.set(name, { ...index });
    for (const name of this.goneTables) copy.goneTables.add(name);
    return copy;
  }

  /** The table, assumed to exist (with unknown columns) when the replay has not seen it. */
  private ensureTable(name: string): TableState {
    let state = this.tables.get(name);
    if (!state) {
      state = { name, columns: new Map(), goneColumns: new Set(), complete: false };
      this.tables.set(name, state);
      this.goneTables.delete(name);
    }
    return state;
  }
}
