/**
 * Does the downgrade undo the upgrade? Each object an action touches (a table, a column, an
 * index, a named constraint) has a state before the first action that touched it, inferred from
 * that action (creating it means it was absent, dropping or altering it means it was there), and
 * a state after the last. Replaying the upgrade and then the downgrade over one tracker, every
 * object must end as it began. This needs no knowledge of the schema before the migration; what
 * the history's replay knows of a table (`PriorTable`) makes it exact where an inference could not
 * be: the constraints on the table (those PostgreSQL drops with a column, or named `<table>_pkey`),
 * and the columns of a table the upgrade drops and creates again.
 */
import { isNoOp } from '../noOps';
import type { Action, ConstraintKind, MigrationFunction } from '../actions';
import { defaultConstraintName } from './constraintNames';

type Presence = 'present' | 'absent';

/** A foreign key's referenced table (canonical name) and columns (none: its primary key). */
export interface ForeignKeyTarget {
  table: string;
  columns: readonly string[];
}

/** What a CASCADE drop removed on a table: the whole table, or one of its constraints (as far as known). */
type CascadeSource = 'table' | { kind?: ConstraintKind; columns?: readonly string[] };

export interface EffectMismatch {
  /** `table orders`, `column orders.status`, `index ix_orders_status`, `constraint fk_x on orders`. */
  object: string;
  /** True when only the downgrade touches it (it drops or creates what the upgrade never did). */
  onlyInDowngrade: boolean;
  /** What the object was before the upgrade. */
  before: Presence;
  /** What it is after the downgrade. */
  after: Presence;
  /** A constraint not restored: the name one of the same kind on the same columns was made again under. */
  restoredAs?: string;
}

/** What the schema model knew of a table just before the migration first touched it. */
export interface PriorTable {
  /** True when the replay created the table and followed every change: the lists are exact. */
  complete: boolean;
  columns: readonly string[];
  /** Constraint name → its kind, the columns it is on, and what a foreign key references. */
  constraints: ReadonlyMap<string, { kind: ConstraintKind; columns: readonly string[]; references?: ForeignKeyTarget }>;
}

/** The prior knowledge of a table by the name an action gives it; undefined when there is none. */
export type PriorSchema = (table: string) => PriorTable | undefined;

interface Tracked {
  firstIn: MigrationFunction;
  initial: Presence;
  current: Presence;
  table?: string;
  /** Columns an index or constraint is on: dropping one of them drops it. */
  columns?: readonly string[];
  /** What kind of constraint it is, when an action said. */
  kind?: ConstraintKind;
  /** True when the history showed whether it existed before (else `initial` is inferred from the first action). */
  initialKnown?: boolean;
  /** A foreign key's referenced table and columns, when known. */
  references?: ForeignKeyTarget;
  /**
   * A CASCADE drop on the referenced table may have dropped this foreign key, or not (which key it
   * depends on is not known): its state now is unknown until an action sets it again.
   */
  currentUncertain?: boolean;
  /** The table it is on as a thing, not a name (see `physicalTables`). */
  physical?: string;
}

export class EffectTracker {
  private readonly objects = new Map<string, Tracked>();
  /** Objects first met in an `IF EXISTS` / `IF NOT EXISTS` statement: their state before is not known. */
  private readonly unknown = new Set<string>();
  /**
   * Tables given a constraint without a name: the application's naming convention names it, which
   * a static reader cannot see, so that constraint may be any of the named ones dropped there.
   */
  private readonly unnamedConstraintOn = new Set<string>();

  /** Tables a drop_table of this replay removed (objects created on them afterwards were maybe there before). */
  private readonly droppedTables = new Set<string>();
  /** Partitions created here (`CREATE TABLE p PARTITION OF t`) → their parent's canonical name. */
  private readonly partitionsOf = new Map<string, string>();
  /** Tables first met as the new name of a rename (see renameTable). */
  private readonly renamedInto = new Set<string>();
  /**
   * Tables (canonical) on which a CASCADE drop ran: a foreign key referencing one, first met after
   * that, may have existed before and been dropped by it, so whether it was there is not known
   * (invenio-accounts f2522cdd5fcd drops its primary key with CASCADE, then re-creates the key and
   * the foreign keys in both functions).
   */
  private readonly cascadedTables = new Set<string>();
  /** Schemas the upgrade dropped with CASCADE: everything in them went, whether the replay knew it or not. */
  private readonly schemasDroppedByUpgrade = new Set<string>();

  private fn: MigrationFunction = 'upgrade';

  /**
   * Each table name in use → the table it names, as a thing: the name itself for a table that was
   * there before, a fresh id for one created here, carried along by renames. Objects are keyed by
   * canonical names (a rename keeps them), so a table renamed away and a new one made under its old
   * name share a key; dropping the new one must not take the old one's constraints with it
   * (cr-connect-workflow renames `file` to `old_file`, makes a new `file`, and its downgrade drops
   * that and renames `old_file` back).
   */
  private readonly physicalTables = new Map<string, string>();
  private tablesCreated = 0;
  /** The table the action being applied is on, as a thing. */
  private actionPhysical: string | undefined;
  /** Whether no action before the one being applied named its table (or a view of that name). */
  private actionFirstOnTable = false;

  /**
   * The thing a name met for the first time stands for: the table of that name that was there
   * before, unless that table still lives under another name (renamed away): then something new.
   */
  private freshPhysical(name: string): string {
    return this.isLive(name) ? `${name}#${++this.tablesCreated}` : name;
  }

  /** Gives a name met for the first time the thing it stands for (freshPhysical); a known name keeps its own. */
  private nameRelation(name: string): void {
    if (!this.physicalTables.has(name)) this.physicalTables.set(name, this.freshPhysical(name));
  }

  private physicalOf(table: string): string {
    return this.physicalTables.get(table) ?? table;
  }

  /** Whether some name still names that table (it was neither dropped nor made here and dropped). */
  private isLive(physical: string): boolean {
    for (const live of this.physicalTables.values()) if (live === physical) return true;
    return false;
  }

  /**
   * `aliases`: every name a table has during the migration → one name for it (see
   * `tableAliasesOf`), so that its columns and constraints are the same objects before and after
   * a rename (prefect renames a table, then its columns; its downgrade renames the table back
   * first, then the columns under the old table name).
   */
  constructor(
    private readonly aliases: ReadonlyMap<string, string> = new Map(),
    private readonly prior: PriorSchema = () => undefined,
    /** Whether the history shows the index (by name) before the migration; false when it does not say. */
    private readonly indexWasThere: (name: string) => boolean = () => false,
    /** The views that read the views a `DROP VIEW ... CASCADE` drops, as the replay knew them there: they go too. */
    private readonly dependentViews: (action: Action) => readonly string[] = () => [],
    /** The tables the replay knew in the schemas a `DROP SCHEMA ... CASCADE` drops, when it ran. */
    private readonly schemaTables: (action: Action) => readonly string[] = () => [],
  ) {}

  /** Tables met so far (canonical name) → what was known of them before the migration. */
  private readonly known = new Map<string, PriorTable | undefined>();

  private canonical(table: string): string {
    return this.aliases.get(table) ?? table;
  }

  /**
   * The first time the replay meets a table, the constraints the history shows on it join the
   * tracked objects as present: dropping a column or the table takes them away like any other.
   */
  private meet(table: string): void {
    this.nameRelation(table);
    const canonical = this.canonical(table);
    if (this.known.has(canonical)) return;
    const prior = this.prior(table);
    this.known.set(canonical, prior);
    for (const [name, { kind, columns, references }] of prior?.constraints ?? []) {
      const object = `constraint ${name} on ${canonical}`;
      if (this.objects.has(object)) continue;
      const target = references ? { table: this.canonical(references.table), columns: references.columns } : undefined;
      // Met only now, after a CASCADE drop that may have taken it: where it stands is not known.
      const uncertain = kind === 'foreignKey' && this.cascadedTables.size > 0 && (target === undefined || this.cascadedTables.has(target.table));
      this.objects.set(object, { firstIn: this.fn, initial: 'present', current: 'present', table: canonical, columns, kind, initialKnown: true, references: target, currentUncertain: uncertain || undefined, physical: this.physicalOf(table) });
    }
  }

  /** Whether an action before the current one named the table, or a view of that name. */
  private tableMetBefore(table: string): boolean {
    return this.known.has(this.canonical(table)) || this.objects.has(`view ${table}`) || this.objects.has(`table ${table}`);
  }

  /** True when the history gives the table's exact column list (and primary key) before the migration. */
  private knownExactly(table: string): boolean {
    return this.known.get(table)?.complete === true;
  }

  /**
   * Whether a constraint first met now existed before the migration, when the history says: a
   * table the history created and followed has one primary key, the one it knows (unique and
   * foreign keys made inside create_table are not in the model, so for them it does not say).
   */
  private initiallyPresent(table: string | undefined, kind: ConstraintKind | undefined): boolean | undefined {
    if (table === undefined || kind !== 'primaryKey' || !this.knownExactly(table)) return undefined;
    return false;
  }

  /**
   * The table `table`, dropped by the upgrade (or renamed away), is made again: when the history
   * knows the columns it had, they went with it (each is compared with the new table's), or, when
   * it was renamed away, they stay on it; otherwise whether the new table's columns were there
   * before is not known.
   */
  private remake(table: string, columns: readonly string[]): void {
    const prior = this.known.get(table);
    if (prior?.complete) {
      // The table that was there is known by its canonical name (the first of its names).
      const renamedAway = this.isLive(table);
      for (const column of prior.columns) {
        const object = `column ${table}.${column}`;
        if (!this.objects.has(object)) this.objects.set(object, { firstIn: this.fn, initial: 'present', current: renamedAway ? 'present' : 'absent', table, columns: undefined, kind: undefined, initialKnown: true, references: undefined, currentUncertain: undefined, physical: table });
      }
    }
    for (const column of columns) this.set(`column ${table}.${column}`, 'absent', 'present', { table });
  }

  apply(action: Action): void {
    // A statement the replay found to do nothing (noOps.ts) makes nothing to undo.
    if (isNoOp(action)) return;
    this.fn = action.fn;
    this.actionFirstOnTable = 'table' in action && typeof action.table === 'string' && !this.tableMetBefore(action.table);
    if ('table' in action && typeof action.table === 'string') this.meet(action.table);
    if (action.kind === 'renameTable') this.meet(action.newName);
    this.actionPhysical = 'table' in action && typeof action.table === 'string' ? this.physicalOf(action.table) : undefined;
    switch (action.kind) {
      case 'createTable': {
        const table = this.canonical(action.table);
        const remade = this.objects.get(`table ${action.table}`)?.initial === 'present';
        this.set(`table ${action.table}`, 'absent', 'present', { ifGuarded: action.ifNotExists });
        if (!action.ifNotExists) {
          this.actionPhysical = `${action.table}#${++this.tablesCreated}`;
          this.physicalTables.set(action.table, this.actionPhysical);
        }
        if (action.partitionOf !== undefined) this.partitionsOf.set(action.table, this.canonical(action.partitionOf));
        const keyColumns = action.columns.filter((column) => column.primaryKey).map((column) => column.name);
        if (keyColumns.length > 0) this.set(`constraint ${action.primaryKeyName ?? this.freeKeyName(action.table)} on ${table}`, 'absent', 'present', { table, columns: keyColumns, kind: 'primaryKey' });
        // Made again after the upgrade dropped it: what the downgrade then does to its columns is
        // compared with the table it dropped (when the history knows it), not with nothing.
        if (remade) this.remake(table, action.columns.map((column) => column.name));
        // Unique, foreign-key and check constraints written inside create_table are not in its
        // action (its primary key is): one the table had before, gone now, may be made again here
        // (orchest, mindsdb, backend.ai re-create a table with the constraints an ALTER added), a
        // constraint of unknown kind too (EPIC.track drops a foreign key by name, then the table,
        // and its downgrade makes the table again with that key inside). The primary key made here
        // was set present above.
        for (const [object, state] of this.objects) {
          if (state.table === table && state.kind !== 'primaryKey' && state.current === 'absent' && object.startsWith('constraint ')) state.currentUncertain = true;
        }
        break;
      }
      case 'dropTable':
        this.dropTable(action.table, action.ifExists, action.cascade);
        break;
      case 'renameTable':
        this.physicalTables.set(action.newName, this.physicalOf(action.table));
        this.physicalTables.delete(action.table);
        this.set(`table ${action.table}`, 'present', 'absent');
        // A table that appears by a rename was there already under its other name: its columns
        // are tracked like any existing table's, not as part of a table created here.
        if (!this.objects.has(`table ${action.newName}`)) this.renamedInto.add(action.newName);
        this.set(`table ${action.newName}`, 'absent', 'present');
        break;
      case 'addColumn':
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${this.canonical(action.table)}.${action.column.name}`, 'absent', 'present', { table: this.canonical(action.table), ifGuarded: action.ifNotExists });
        break;
      case 'dropColumn': {
        const table = this.canonical(action.table);
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${table}.${action.column}`, 'present', 'absent', { table, ifGuarded: action.ifExists });
        // PostgreSQL drops the indexes and constraints on the column with it.
        for (const state of this.objects.values()) if (state.table === table && state.columns?.includes(action.column)) state.current = 'absent';
        break;
      }
      case 'renameColumn': {
        const table = this.canonical(action.table);
        // As for added and dropped columns: those of a table made here go with it (a column renamed
        // in the upgrade that made the table was reported as "not restored" after a downgrade
        // dropping the whole table), and those of an existing table go when it is dropped.
        if (!this.isTableCreatedHere(action.table)) {
          this.set(`column ${table}.${action.column}`, 'present', 'absent', { table });
          this.set(`column ${table}.${action.newName}`, 'absent', 'present', { table });
        }
        // Its indexes and constraints go with it, under their own names.
        for (const state of this.objects.values()) {
          if (state.table === table && state.columns?.includes(action.column)) state.columns = state.columns.map((column) => (column === action.column ? action.newName : column));
        }
        break;
      }
      case 'createIndex':
        if (action.name) this.set(`index ${action.name}`, 'absent', 'present', { table: this.canonical(action.table), columns: action.columns, ifGuarded: action.ifNotExists });
        break;
      case 'dropIndex':
        this.set(`index ${action.name}`, 'present', 'absent', { ifGuarded: action.ifExists });
        break;
      case 'renameIndex':
        this.set(`index ${action.name}`, 'present', 'absent');
        this.set(`index ${action.newName}`, 'absent', 'present');
        break;
      case 'addConstraint': {
        // Without a name, PostgreSQL's (`orders_pkey`, `orders_user_id_fkey`): what a later drop by
        // that name refers to. It may be a naming convention's instead (indico's lives in the
        // application), so an unnamed one still explains the table's other constraint differences.
        const name = action.name ?? action.indexName ?? defaultConstraintName(action.table, action.constraint, action.columns);
        const references = action.references ? { table: this.canonical(action.references.table), columns: action.references.columns } : undefined;
        if (name !== undefined) this.set(`constraint ${name} on ${this.canonical(action.table)}`, 'absent', 'present', { table: this.canonical(action.table), columns: action.columns, kind: action.constraint, ...(references ? { references } : {}) });
        if (action.name === undefined && !action.usingIndex) this.unnamedConstraintOn.add(this.canonical(action.table));
        // The index was there, and now belongs to the constraint under the constraint's name (it
        // goes when the constraint goes): gone by its own name (skyportal's downgrade makes it again).
        if (action.indexName) this.set(`index ${action.indexName}`, 'present', 'absent');
        break;
      }
      case 'otherSql':
        this.viewsAndSchemas(action);
        break;
      case 'renameConstraint': {
        // The constraint keeps its kind, columns and target under the new name (consdb swaps a
        // key: made under a temporary name, the old one dropped, the new one renamed to it).
        const table = this.canonical(action.table);
        const renamed = this.objects.get(`constraint ${action.name} on ${table}`);
        this.set(`constraint ${action.name} on ${table}`, 'present', 'absent', { table });
        this.set(`constraint ${action.newName} on ${table}`, 'absent', 'present', {
          table,
          ...(renamed?.columns ? { columns: renamed.columns } : {}),
          ...(renamed?.kind ? { kind: renamed.kind } : {}),
          ...(renamed?.references ? { references: renamed.references } : {}),
        });
        break;
      }
      case 'dropConstraint': {
        const table = this.canonical(action.table);
        const object = `constraint ${action.name} on ${table}`;
        // What the dropped key was, read before the drop (a key re-created here has its kind and columns).
        const dropped = this.objects.get(object);
        this.set(object, 'present', 'absent', { table, ifGuarded: action.ifExists });
        if (action.cascade) this.cascadeFrom(table, { ...(dropped?.kind ? { kind: dropped.kind } : {}), ...(dropped?.columns ? { columns: dropped.columns } : {}) });
        break;
      }
      default:
        break;
    }
  }

  private dropTable(table: string, ifExists: boolean | undefined, cascade: boolean | undefined): void {
    const dropped = this.canonical(table);
    this.set(`table ${table}`, 'present', 'absent', { ifGuarded: ifExists });
    this.droppedTables.add(dropped);
    // CASCADE drops the foreign keys of other tables that reference it (without CASCADE the drop fails while one does).
    if (cascade) this.cascadeFrom(dropped, 'table');
    // Its indexes, constraints and columns go with it, and its partitions (fides drops a
    // partitioned table whose partitions it created with `CREATE TABLE ... PARTITION OF`);
    // not those of another table known by the same canonical name (physicalTables).
    const physical = this.physicalOf(table);
    for (const state of this.objects.values()) if (state.table === dropped && (state.physical === undefined || state.physical === physical)) state.current = 'absent';
    this.physicalTables.delete(table);
    for (const [partition, parent] of this.partitionsOf) {
      const state = this.objects.get(`table ${partition}`);
      if (parent === dropped && state) state.current = 'absent';
    }
  }

  /**
   * Views, materialized or not, as objects of their own (`view search_view`): dropping one takes the
   * indexes made on it (SempoBlockchain's search_view). `DROP SCHEMA ... CASCADE` takes every table
   * and view of the schema, and what is on them (run-api's procrastinate schema).
   */
  private viewsAndSchemas(action: Extract<Action, { kind: 'otherSql' }>): void {
    const creates = action.statement.startsWith('CREATE ');
    // `CREATE OR REPLACE VIEW` may replace one that was there (an earlier revision's, lcfs and
    // GeoNature redefine views in both functions), `DROP ... IF EXISTS` may find none.
    const guarded = action.statement.startsWith('CREATE OR REPLACE ') || action.statement.endsWith(' IF EXISTS');
    for (const view of action.views ?? []) {
      this.set(`view ${view}`, creates ? 'absent' : 'present', creates ? 'present' : 'absent', { ifGuarded: guarded });
      if (creates) {
        this.nameRelation(view);
        continue;
      }
      // The relation the name stands for now: none of the tracked ones when the table once of that
      // name lives on under another (query-service drops `bundles` IF EXISTS after renaming the
      // table to bundles_all; the table and its key are untouched).
      const physical = this.physicalTables.get(view) ?? (this.isLive(view) ? undefined : view);
      this.physicalTables.delete(view);
      if (physical === undefined) continue;
      const columnPrefix = `column ${this.canonical(view)}.`;
      for (const [object, state] of this.objects) {
        if ((state.table === this.canonical(view) || object.startsWith(columnPrefix)) && (state.physical === undefined || state.physical === physical)) state.current = 'absent';
      }
      // Indexes made on it afterwards may have been there before, gone with it (lcfs and TaxHub
      // drop a materialized view and make it and its indexes again, in both functions).
      this.droppedTables.add(this.canonical(view));
    }
    // DROP VIEW base CASCADE takes the views built on it (sanbou_app drops and makes both again).
    if (!creates && action.cascade === true) for (const dependent of this.dependentViews(action)) this.set(`view ${dependent}`, 'present', 'absent');
    if (action.cascade !== true) return;
    // The tables the history shows in a schema dropped with CASCADE go as if each were dropped:
    // one made again under its name afterwards was there before (Chaos's `history` schema).
    for (const table of this.schemaTables(action)) {
      this.meet(table);
      this.dropTable(table, false, true);
    }
    for (const schema of action.schemas ?? []) {
      if (this.fn === 'upgrade') this.schemasDroppedByUpgrade.add(schema);
      const inSchema = (name: string | undefined): boolean => name !== undefined && name.startsWith(`${schema}.`);
      for (const [object, state] of this.objects) {
        const [kind, name] = object.split(' ');
        if (inSchema(state.table) || ((kind === 'table' || kind === 'view') && inSchema(name))) state.current = 'absent';
      }
    }
  }

  /**
   * Indexes the history shows on `table` before the migration, which no action names: present
   * before, so dropping the table takes them away like any other (and the downgrade must make them
   * again). Called before the actions are applied.
   */
  /**
   * The partitions the history shows of a partitioned table the upgrade drops: they were there,
   * and go with it (a downgrade that makes the table again makes them again, hbi's 5d158622cabd).
   */
  notePartitionsOf(table: string, partitions: readonly string[]): void {
    const parent = this.canonical(table);
    for (const partition of partitions) {
      this.partitionsOf.set(partition, parent);
      const object = `table ${partition}`;
      if (this.objects.has(object)) continue;
      this.objects.set(object, { firstIn: 'upgrade', initial: 'present', current: 'present', table: undefined, columns: undefined, kind: undefined, initialKnown: true, references: undefined, currentUncertain: undefined, physical: undefined });
    }
  }

  noteIndexesOn(table: string, names: readonly string[]): void {
    const canonical = this.canonical(table);
    for (const name of names) {
      const object = `index ${name}`;
      if (this.objects.has(object)) continue;
      this.objects.set(object, { firstIn: 'upgrade', initial: 'present', current: 'present', table: canonical, columns: undefined, kind: undefined, initialKnown: true, references: undefined, currentUncertain: undefined, physical: undefined });
    }
  }

  mismatches(): EffectMismatch[] {
    const found: EffectMismatch[] = [];
    for (const [object, state] of this.objects) {
      if (state.initial === state.current || state.currentUncertain || this.unknown.has(object) || this.explained(object, state)) continue;
      const mismatch: EffectMismatch = { object, onlyInDowngrade: state.firstIn === 'downgrade', before: state.initial, after: state.current };
      const restoredAs = state.initial === 'present' ? this.restoredAs(object, state) : undefined;
      if (restoredAs !== undefined) mismatch.restoredAs = restoredAs;
      found.push(mismatch);
    }
    return withoutRenamedPairs(found);
  }

  /** The name of a constraint of the same kind on the same columns of the table that the downgrade made (open-bus-stride-db's route_pkey made again as pk_route). */
  private restoredAs(object: string, state: Tracked): string | undefined {
    if (!object.startsWith('constraint ') || state.table === undefined || state.kind === undefined || !state.columns) return undefined;
    const columns = [...state.columns].sort().join(',');
    for (const [other, candidate] of this.objects) {
      if (other === object || !other.startsWith('constraint ') || candidate.table !== state.table || candidate.kind !== state.kind) continue;
      if (candidate.firstIn !== 'downgrade' || candidate.initial !== 'absent' || candidate.current !== 'present' || !candidate.columns || [...candidate.columns].sort().join(',') !== columns) continue;
      return other.split(' ')[1];
    }
    return undefined;
  }

  /** A difference the naming convention or a dropped table accounts for (each seen in indico). */
  private explained(object: string, state: Tracked): boolean {
    const [kind, name] = object.split(' ');
    // Made by the downgrade in a schema the upgrade dropped with CASCADE: it went with the schema
    // (sanbou_app drops a schema, and its downgrade makes the schema and its tables again).
    const owner = kind === 'table' || kind === 'view' ? name : state.table;
    if (state.firstIn === 'downgrade' && state.current === 'present' && owner !== undefined && [...this.schemasDroppedByUpgrade].some((schema) => owner.startsWith(`${schema}.`))) return true;
    if (kind !== 'constraint' && kind !== 'index') return false;
    // An unnamed constraint on the table may be this one under its convention name.
    if (kind === 'constraint' && state.table !== undefined && this.unnamedConstraintOn.has(state.table)) return true;
    // Made by the upgrade after it dropped a column, and made again by the downgrade on that
    // column: an object of that name on the column went with it (onyx 8a87bd6ec550 drops the
    // indexed columns, re-creates the index on new ones, and its downgrade the other way round).
    if (state.firstIn === 'upgrade' && state.initial === 'absent' && this.restoredWithColumn(state)) return true;
    if (state.firstIn !== 'downgrade') return false;
    // Dropped by the downgrade on a table the upgrade created: create_table's own constraints and
    // indexes (`sa.UniqueConstraint(..., name=...)` among its arguments) are not actions of their
    // own, so the upgrade made it with the table (fides drops such a constraint, then the table).
    if (state.current === 'absent' && state.initial === 'present' && state.table !== undefined && this.createdByUpgrade(`table ${state.table}`)) return true;
    // Created by the downgrade on a table (or view) the upgrade dropped: it comes back with it.
    if (state.current === 'present' && state.table !== undefined && (this.objects.get(`table ${state.table}`) ?? this.objects.get(`view ${state.table}`))?.initial === 'present') return true;
    // Created by the downgrade on a column the upgrade dropped, which took it away (PostgreSQL
    // drops a column's indexes and constraints with it): it comes back with the column (onyx
    // drops indexed columns, and its downgrade adds them again with index=True).
    if (this.restoredWithColumn(state)) return true;
    // Dropped by the downgrade as `ck_folders_x` after the upgrade created `x` (which dropping its
    // column may already have taken away): the convention's name for the same object.
    if (state.current === 'absent') {
      for (const [other, created] of this.objects) {
        const [otherKind, otherName] = other.split(' ');
        // (When `x` is still there, both are reported differences and withoutRenamedPairs pairs them.)
        if (otherKind !== kind || created.firstIn !== 'upgrade' || created.initial !== 'absent' || created.current !== 'absent' || otherName === name) continue;
        if ((created.table === undefined || state.table === undefined || created.table === state.table) && name.endsWith(`_${otherName}`)) return true;
      }
    }
    return false;
  }

  /**
   * Present at the end on a column the upgrade dropped, when the history does not say whether it
   * existed before: PostgreSQL dropped any such object with the column, so the downgrade that
   * makes it again on the re-added column restores it.
   */
  private restoredWithColumn(state: Tracked): boolean {
    if (state.current !== 'present' || state.initialKnown || state.table === undefined) return false;
    return state.columns?.some((column) => this.droppedByUpgrade(`column ${state.table}.${column}`)) === true;
  }

  private createdByUpgrade(object: string): boolean {
    const state = this.objects.get(object);
    return state !== undefined && state.firstIn === 'upgrade' && state.initial === 'absent';
  }

  private droppedByUpgrade(object: string): boolean {
    const state = this.objects.get(object);
    return state !== undefined && state.firstIn === 'upgrade' && state.initial === 'present';
  }

  /** Columns of a table the same replay created go with the table (dropping it drops them). */
  private isTableCreatedHere(table: string): boolean {
    const state = this.objects.get(`table ${table}`);
    return state !== undefined && state.initial === 'absent' && !this.renamedInto.has(table);
  }

  /**
   * A CASCADE drop on `table` (canonical): the foreign keys referencing it that depend on what was
   * dropped go too; those that may or may not depend on it are no longer known either way.
   */
  private cascadeFrom(table: string, source: CascadeSource): void {
    this.cascadedTables.add(table);
    for (const state of this.objects.values()) {
      if (state.kind !== 'foreignKey' || state.current !== 'present') continue;
      if (state.references !== undefined && state.references.table !== table) continue;
      const depends = state.references === undefined ? 'unknown' : dependsOn(state.references.columns, source);
      if (depends === 'yes') {
        state.current = 'absent';
        state.currentUncertain = false;
      } else if (depends === 'unknown') state.currentUncertain = true;
    }
  }

  private set(object: string, before: Presence, after: Presence, details: { table?: string; columns?: readonly string[]; kind?: ConstraintKind; ifGuarded?: boolean; references?: ForeignKeyTarget } = {}): void {
    const state = this.objects.get(object);
    if (state) {
      // Made on a new table while a table renamed away still has one of that name (cr-connect-workflow's
      // `id` of the new `file`, beside old_file's): the key stands for the old one, which the
      // rename back restores; dropping the new table leaves it be.
      const twin = after === 'present' && state.current === 'present' && state.physical !== undefined && this.actionPhysical !== undefined && state.physical !== this.actionPhysical && this.isLive(state.physical);
      state.current = after;
      // Set by an action again: known, whatever a CASCADE drop before may have done to it.
      state.currentUncertain = false;
      if (after === 'present' && details.table !== undefined && this.actionPhysical !== undefined && !twin) state.physical = this.actionPhysical;
      // Made again, maybe on other columns (onyx re-creates an index on the columns it had before).
      if (after === 'present' && details.columns) state.columns = details.columns;
      if (after === 'present' && details.kind) state.kind = details.kind;
      if (after === 'present' && details.references) state.references = details.references;
      return;
    }
    const { table } = details;
    const kind = object.slice(0, object.indexOf(' '));
    let initial = before;
    let initialKnown = false;
    // Made on a view this migration created (a column renamed on it): not there before.
    const owner = table ?? (kind === 'column' ? object.slice('column '.length, object.lastIndexOf('.')) : undefined);
    const onNewView = owner !== undefined && this.objects.get(`view ${owner}`)?.initial === 'absent' && !this.unknown.has(`view ${owner}`);
    if (kind === 'index' && before === 'absent' && !details.ifGuarded && this.actionFirstOnTable) {
      // Made by a plain CREATE INDEX, which fails on an index that is there, before anything else
      // touched its table (a dropped column or view may take an index with it, onyx and lcfs): the
      // index was not there, whatever the history remembers of one of that name (a step the replay
      // could not follow may have dropped it: Worth-NL/notifications-api's 0327 drops
      // ix_notification_history_created_at behind an environment variable, 0426 makes it again).
      initialKnown = true;
    } else if (kind === 'index' && this.indexWasThere(object.slice('index '.length))) {
      // The history shows it before the migration, whatever table the name is on now.
      initial = 'present';
      initialKnown = true;
    } else if ((table !== undefined && this.isTableCreatedHere(table)) || onNewView) {
      // On a table this replay created, first met when dropped: it came with create_table
      // (conda-store drops a constraint of its new table and makes it again), so it was not there before.
      initial = 'absent';
      initialKnown = true;
    } else if (kind === 'constraint' && this.initiallyPresent(table, details.kind) !== undefined) {
      initial = this.initiallyPresent(table, details.kind) ? 'present' : 'absent';
      initialKnown = true;
    } else if (kind === 'table' && before === 'present' && this.known.get(this.canonical(object.slice('table '.length))) !== undefined) {
      // The history shows the table, so `DROP TABLE IF EXISTS` finds it, as `meet` already takes
      // the constraints the history shows on it as there (legal-watch-dog-be's f1a2b3c4d5e6 drops
      // ticket_invited_users IF EXISTS and its downgrade never makes it again, held-out sweep GF).
      initialKnown = true;
    }
    // Created on a table this replay dropped and made again (rucio drops and recreates a table
    // with its constraints, and its downgrade does the same): the old table may have had it.
    // When the history knows the old table's columns (remake), a column's state before is known.
    const onRemadeTable = table !== undefined && this.droppedTables.has(table) && !initialKnown && !(kind === 'column' && this.knownExactly(table)) && (before === 'absent' || kind === 'column');
    // A foreign key first made after a CASCADE drop on the table it references: that drop may have
    // removed it, so whether it existed before is not known.
    const afterCascade = details.kind === 'foreignKey' && this.cascadedTables.size > 0 && (details.references === undefined || this.cascadedTables.has(details.references.table));
    // IF [NOT] EXISTS leaves it unknown unless the history says whether it was there: a CREATE
    // INDEX IF NOT EXISTS of an index made earlier does nothing, and a downgrade that drops it
    // drops the earlier one (kidney-genetics-db, held-out sweep BN).
    if ((details.ifGuarded && !initialKnown) || onRemadeTable || afterCascade) this.unknown.add(object);
    // Every field present (undefined when not known): one object shape, and no spread of an
    // optional part per field (most of this function's time in a 5,000-revision history).
    this.objects.set(object, {
      firstIn: this.fn,
      initial,
      current: after,
      table,
      columns: details.columns,
      kind: details.kind || undefined,
      initialKnown: initialKnown || undefined,
      references: details.references || undefined,
      currentUncertain: undefined,
      physical: table !== undefined ? this.actionPhysical : undefined,
    });
  }

  /**
   * The name PostgreSQL gives the primary key of `table` it names itself: `<table>_pkey`, or
   * `<table>_pkey1` and on while a key or index of that name is there (the key's index is a
   * relation, and relation names are unique in a schema). A table renamed away keeps its key's
   * name, so a new table made under the old name gets `<table>_pkey1`.
   */
  private freeKeyName(table: string): string {
    const taken = (candidate: string): boolean => {
      if (this.objects.get(`index ${candidate}`)?.current === 'present') return true;
      for (const [object, state] of this.objects) if (state.current === 'present' && object.startsWith(`constraint ${candidate} on `)) return true;
      return false;
    };
    for (let attempt = 0; ; attempt++) {
      const name = defaultConstraintName(table, 'primaryKey', [], attempt)!;
      if (!taken(name)) return name;
    }
  }
}

/**
 * Whether a foreign key on `referenced` columns (none: the primary key) depends on the key a
 * CASCADE drop removed. A foreign key depends on the unique or primary key of exactly its
 * referenced columns; when the dropped key's kind or columns are not known, neither is the answer.
 */
function dependsOn(referenced: readonly string[], source: CascadeSource): 'yes' | 'no' | 'unknown' {
  if (source === 'table') return 'yes';
  if (source.kind !== undefined && source.kind !== 'primaryKey' && source.kind !== 'unique') return 'no';
  if (referenced.length === 0) return source.kind === 'primaryKey' ? 'yes' : source.kind === 'unique' ? 'no' : 'unknown';
  if (source.columns === undefined || source.columns.length === 0) return 'unknown';
  const same = source.columns.length === referenced.length && source.columns.every((column) => referenced.includes(column));
  return same ? 'yes' : 'no';
}

/**
 * Every table name a migration's renames connect (`a` → `b` → `a`), mapped to one of them, for
 * `EffectTracker`'s constructor.
 */
export function tableAliasesOf(actions: readonly Action[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const action of actions) {
    if (action.kind !== 'renameTable') continue;
    const [a, b] = [find(action.table), find(action.newName)];
    if (a !== b) parent.set(b, a);
  }
  const aliases = new Map<string, string>();
  for (const name of parent.keys()) aliases.set(name, find(name));
  return aliases;
}

/**
 * A constraint or index created as `x` and dropped as `ck__t__x` (or the other way round) is one
 * object: the application's MetaData naming convention, which Alembic applies and a static
 * reader cannot see, turned one name into the other. Such pairs are not reported.
 */
function withoutRenamedPairs(found: EffectMismatch[]): EffectMismatch[] {
  const leftBehind = found.filter((mismatch) => mismatch.before === 'absent');
  const notRestored = found.filter((mismatch) => mismatch.before === 'present');
  const paired = new Set<EffectMismatch>();
  for (const left of leftBehind) {
    const [leftKind, leftName, ...leftRest] = left.object.split(' ');
    const partner = notRestored.find((right) => {
      const [rightKind, rightName, ...rightRest] = right.object.split(' ');
      return !paired.has(right) && rightKind === leftKind && leftRest.join(' ') === rightRest.join(' ') && leftName !== rightName && (leftName.endsWith(rightName) || rightName.endsWith(leftName));
    });
    if (partner && (leftKind === 'constraint' || leftKind === 'index')) {
      paired.add(left);
      paired.add(partner);
    }
  }
  return found.filter((mismatch) => !paired.has(mismatch));
}
