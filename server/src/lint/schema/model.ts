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
import type { ViewRead } from '../sql/viewReads';
import type { Action, ColumnFacts, ConstraintKind } from '../actions';
import { defaultConstraintName } from './constraintNames';
import { withoutSchema } from './names';

export interface ColumnState {
  facts?: ColumnFacts;
  /** Revision whose migration added it; undefined for columns the replay did not see created. */
  createdIn?: string;
  /** Set by SET / DROP NOT NULL since it was made (else `facts.notNull` says). */
  notNull?: boolean;
  /**
   * Which column this is: a new number each time the replay sees one made (kept by a rename and by
   * changes to it). An index on it went with it when it was dropped, even if one of the same name
   * was added again since (IndexState.columnBirths).
   */
  birth?: number;
  /** The revision whose ALTER COLUMN ... TYPE gave it its type, when one did: on a sibling branch, not the type the other branch starts from. */
  typeSetIn?: string;
  /** The last rename that gave it its name: the revision (or `<revision> (downgrade)`) and the name it had. */
  renamed?: { in: string; from: string };
  /**
   * The moment the replay saw it made or renamed into its name: it is sure to be there while no
   * statement the replay could not follow ran since (SchemaModel.columnIsSure), even on a table the
   * history never made (SAY-DAO's `user`, older than its migrations).
   */
  sureSince?: number;
}

export interface TableState {
  name: string;
  columns: Map<string, ColumnState>;
  /**
   * Columns a replayed action removed (dropped or renamed away), with the revision (or
   * `<revision> (downgrade)`) whose replay removed each: on a sibling branch, that removal is not
   * one the other branch's revisions run after (unknown-column asks the graph, as for tables).
   */
  goneColumns: Map<string, string>;
  createdIn?: string;
  /** True when the replay created the table and followed every change since: the column list is exact. */
  complete: boolean;
  /** The last moment a statement the replay could not follow touched it (a DO block's guarded statement). */
  forgotAt?: number;
  /**
   * Constraints the replay saw made on it, by name (PostgreSQL's name for an unnamed one), with
   * the columns each is on. Exact when `complete`; otherwise only some of them.
   */
  constraints: Map<string, ConstraintState>;
  /**
   * Which table this is: a new number for each table the replay makes or first meets, kept by a
   * rename and by copies. An index belongs to the table of its generation, not to whatever table
   * has that name later (APITaxi drops a table and renames a new one into its name).
   */
  generation: number;
  /** `PARTITION BY ...`: a partitioned parent, which has no storage of its own (several advices differ for it). */
  partitioned?: true;
  /** `CREATE TABLE ... PARTITION OF parent`: the parent, whose DROP TABLE drops this table too. */
  partitionOf?: string;
  /**
   * The generations of the tables its CREATE TABLE's foreign keys reference, among those the
   * replay knew then (itself included): a TRUNCATE of one of them alone fails (truncate-referenced-
   * table). Those foreign keys have no name here, so anything that may drop one (a dropped column
   * or constraint, SQL the replay could not follow) forgets them all: never a failure it cannot prove.
   */
  inlineReferences?: readonly TableReference[];
}

/** A table by its generation, and its name when the reference was made (still its name unless renamed since). */
export interface TableReference {
  /** OUTSIDE_HISTORY for a table the replay never saw made (an initial schema written outside the history). */
  generation: number;
  table: string;
}

/** The generation of a referenced table the replayed history never made: known by its name only. */
export const OUTSIDE_HISTORY = -1;

/**
 * A view the replay saw made, with what its query certainly reads (sql/viewReads.ts): the
 * generation of each table and the columns of it (a `*` expanded to the columns known then).
 */
export interface ViewReads {
  createdIn: string;
  reads: readonly { generation: number; columns: readonly string[] }[];
  /** Views (made earlier in the replay) its query reads by name: dropping one without CASCADE fails. */
  views?: readonly string[];
}

/** A view's output column names, in order, as the CREATE the replay saw made them (replace-view-columns). */
export interface ViewColumns {
  createdIn: string;
  columns: readonly string[];
}

/**
 * The tables the table's foreign keys reference, among the keys the replay is sure of (those of
 * its CREATE TABLE, and constraints with a referenced generation): all of them, or those of the
 * keys on `column`, or of the constraint named `constraint` (CREATE TABLE's keys have no name here).
 */
export function foreignKeyReferences(state: TableState, only: { column?: string; constraint?: string } = {}): TableReference[] {
  const references: TableReference[] = [];
  if (only.column === undefined && only.constraint === undefined) references.push(...(state.inlineReferences ?? []));
  for (const [name, constraint] of state.constraints) {
    if (constraint.kind !== 'foreignKey' || constraint.referencedGeneration === undefined || constraint.references === undefined) continue;
    if (only.constraint !== undefined && name !== only.constraint) continue;
    if (only.column !== undefined && !constraint.columns.includes(only.column)) continue;
    references.push({ generation: constraint.referencedGeneration, table: constraint.references.table });
  }
  return references;
}

/** Whether one of the table's foreign keys names the generation of the table it references. */
function hasProvenForeignKey(state: TableState): boolean {
  for (const constraint of state.constraints.values()) if (constraint.referencedGeneration !== undefined) return true;
  return false;
}

/** The next table generation (TableState.generation). */
let nextGeneration = 1;
/**
 * The next moment of the replay: a column's birth, a rename, a forgetting (ColumnState.birth,
 * ColumnState.sureSince, TableState.forgotAt). Only their order matters.
 */
let nextMoment = 1;

export interface ConstraintState {
  kind: ConstraintKind;
  columns: readonly string[];
  /** A `CHECK (col IS NOT NULL)`'s column, and whether it is still NOT VALID (set-not-null asks). */
  provesNotNull?: readonly string[];
  notValid?: boolean;
  /** A foreign key's referenced table and columns (none: its primary key), when the replay saw them. */
  references?: { table: string; columns: readonly string[] };
  /** The generation of that table when the key was added (names change with renames; generations do not). */
  referencedGeneration?: number;
  /** The revision that made a foreign key (drop-table-referenced asks whether it ran before). */
  createdIn?: string;
  /** For a constraint added by its own name (ADD CONSTRAINT): the revision and the replay's moment it was made (constraintIsSure). */
  madeIn?: string;
  madeAt?: number;
}

export interface IndexState {
  table: string;
  /** Columns it is on (plain and inside expressions), when the replay saw it created. */
  columns?: readonly string[];
  /** UNIQUE, when the replay saw it created. */
  unique?: boolean;
  createdIn?: string;
  /** The generation of the table it was made on (TableState.generation). */
  generation: number;
  /** Its columns' births (ColumnState.birth) when it was made: undefined where the replay did not see the column made. */
  columnBirths?: readonly (number | undefined)[];
  /** The replay's moment when it was made (indexIsSure). */
  madeAt?: number;
}

/** Whether a foreign key on `referenced` columns (none: the primary key) may depend on the dropped key. */
function mayDependOn(referenced: readonly string[], dropped: ConstraintState): boolean {
  if (referenced.length === 0) return dropped.kind === 'primaryKey';
  return dropped.columns.length === referenced.length && dropped.columns.every((column) => referenced.includes(column));
}

/** Whether a constraint of this kind is enforced by an index of its own name (PostgreSQL makes and drops it with the constraint). */
function hasOwnIndex(kind: ConstraintState['kind']): kind is 'primaryKey' | 'unique' | 'exclude' {
  return kind === 'primaryKey' || kind === 'unique' || kind === 'exclude';
}

/** How the constraints that own an index are named in messages, after "it went with". */
const CONSTRAINT_KIND_NAMES = { primaryKey: 'primary key', unique: 'unique constraint', exclude: 'exclusion constraint' } as const;

/** An index the replay saw removed along with something else (SchemaModel.goneIndex). */
/** A named constraint a replayed DROP CONSTRAINT removed, while nothing made it again (constraintGone). */
export interface GoneConstraint {
  /** The revision (or `<revision> (downgrade)`) whose replay dropped it. */
  removedIn: string;
  /** The replay's moment of the drop: statements it could not follow after it make it unsure. */
  at: number;
  /** The generation of the table it was dropped from (a table made again under the name is another). */
  generation: number;
}

export interface GoneIndex {
  /** The revision (or `<revision> (downgrade)`) whose replay removed it. */
  removedIn: string;
  /** What took it along: `column "t.c"`, `materialized view "v"`. */
  tookItAlong: string;
}

/** An enum value added inside a transaction (SchemaModel.uncommittedEnumValues). */
export interface UncommittedEnumValue {
  /** The enum's name without its schema. */
  type: string;
  value: string;
  /** The revision whose upgrade added it. */
  revision: string;
}

/** An index a step the replay could not follow may have made: its table, and the revision of that step. */
export interface PossibleIndex {
  table: string;
  createdIn: string;
}

export class SchemaModel {
  /** Tables a replayed action removed. */
  readonly goneTables: Set<string>;

  /**
   * The revision whose replay removed each gone table (dropped or renamed it away). The replay is
   * one line through a history that may branch: a removal on a sibling branch is not one the
   * revisions of the other branch run after (unknown-table asks the graph).
   */
  private readonly removedIn: Map<string, string>;

  constructor(
    readonly tables = new Map<string, TableState>(),
    readonly indexes = new Map<string, IndexState>(),
    goneTables = new Set<string>(),
    removedIn = new Map<string, string>(),
    /** Views (materialized or not) a replayed CREATE made, with the revision that made each. */
    private readonly viewsCreatedIn = new Map<string, string>(),
    /** Types a replayed CREATE DOMAIN or CREATE TYPE made (names without a schema). */
    private readonly definedTypes = new Set<string>(),
    /** Views a replayed CREATE made, with what they read (used-by-view). */
    private readonly viewReads = new Map<string, ViewReads>(),
    /** Domains with a CHECK constraint (names without a schema): a column of one is added by a rewrite. */
    private readonly checkedDomains = new Set<string>(),
    /** Generations of tables renamed at least once: only their names must be looked up by generation. */
    private readonly renamedGenerations = new Set<number>(),
    /** Views a replayed CREATE made whose output column names are certain, with the revision that made each. */
    private readonly viewColumns = new Map<string, ViewColumns>(),
    /** Enum values added inside a transaction that no replayed statement has committed yet, by `type\0value`. */
    private readonly uncommittedValues = new Map<string, UncommittedEnumValue>(),
    /** Indexes removed with a dropped column or materialized view, not made again since. */
    private readonly goneIndexes = new Map<string, GoneIndex>(),
    /** The defined types (definedTypes) a replayed CREATE TYPE ... AS ENUM made. */
    private readonly enumTypes = new Set<string>(),
    /**
     * By a table's generation, the names of tables a sure foreign key of theirs was seen to
     * reference it from: only ever added to, and shared by copies, so a superset that
     * `foreignKeysTo` checks against the tables as they are (a scan of every table per DROP TABLE
     * was too slow for a large history).
     */
    private readonly referencedBy = new Map<number, Set<string>>(),
    /** Named constraints dropped and not made again, by `table\0name` (constraintGone). */
    private readonly goneConstraints = new Map<string, GoneConstraint>(),
    /** Indexes a step the replay could not follow may have made (mayHaveIndexed), by name. */
    private readonly possibleIndexes = new Map<string, PossibleIndex>(),
  ) {
    this.goneTables = goneTables;
    this.removedIn = removedIn;
  }

  /** The revision (or `<revision> (downgrade)`) whose replay removed the table, when it is gone. */
  tableRemovedIn(name: string): string | undefined {
    return this.tableIsKnownMissing(name) ? this.removedIn.get(name) : undefined;
  }

  /** The revision being replayed: objects it creates are "created in the same migration". */
  revision = '';
  /**
   * Undo steps while a trial replay runs (the downgrade is replayed on top of the upgrade, then
   * taken back). A journal instead of a copy: copying a 5,000-table model per revision was
   * quadratic (most of a minute for a generated 5,000-revision history).
   */
  private journal: (() => void)[] | undefined;
  /** Table states this model may change in place (the others may be shared with a copy). */
  private owned = new WeakSet<TableState>();

  table(name: string): TableState | undefined {
    return this.tables.get(name);
  }

  /**
   * True when the table was created by the migration being replayed (earlier in it); a
   * materialized view made earlier in it counts too (lcfs drops and makes its views again, and
   * indexes them, in one migration: no query reads them yet).
   */
  tableIsNew(name: string): boolean {
    if (this.revision === '') return false;
    return this.tables.get(name)?.createdIn === this.revision || this.viewsCreatedIn.get(name) === this.revision;
  }

  /**
   * The tables the replay knows in `schema` (named `schema.table`; in `public`, the unqualified
   * names too, where the default search path makes them): what DROP SCHEMA ... CASCADE takes with it.
   */
  tablesInSchema(schema: string): string[] {
    const prefix = `${schema}.`;
    return [...this.tables.keys()].filter((name) => name.startsWith(prefix) || (schema === 'public' && !name.includes('.')));
  }

  /** True when the replay saw the view (materialized or not) made and not dropped since. */
  hasView(name: string): boolean {
    return this.viewsCreatedIn.has(name);
  }

  /**
   * The last moment a statement the replay could not follow ran (an unchecked action that may
   * have changed anything): no column seen before it is sure to be there.
   */
  private forgotAllAt = 0;

  /**
   * True when the replay saw the column made, or renamed into its name, and no statement it
   * could not follow ran since (on any table, or a guarded one on this one): it is there, whether
   * or not the table's whole column list is known.
   */
  columnIsSure(table: string, column: string): boolean {
    const state = this.tables.get(table);
    const sureSince = state?.columns.get(column)?.sureSince;
    return sureSince !== undefined && sureSince > this.forgotAllAt && sureSince > (state!.forgotAt ?? 0);
  }

  /** True when the replay knows the column is NOT NULL now (made so, or set since). */
  columnIsNotNull(table: string, column: string): boolean {
    const state = this.tables.get(table)?.columns.get(column);
    return state?.notNull ?? state?.facts?.notNull ?? false;
  }

  columnIsNew(table: string, column: string): boolean {
    if (this.tableIsNew(table)) return true;
    return this.tables.get(table)?.columns.get(column)?.createdIn === this.revision && this.revision !== '';
  }

  /**
   * Whether the column is in a primary key the replay knows is there (so it is NOT NULL already:
   * a primary key's columns are). Only a key the replay saw made and not dropped counts.
   */
  columnIsInPrimaryKey(table: string, column: string): boolean {
    for (const constraint of this.tables.get(table)?.constraints.values() ?? []) {
      if (constraint.kind === 'primaryKey' && constraint.columns.includes(column)) return true;
    }
    return false;
  }

  /**
   * Whether the columns hold the whole of a primary key or unique constraint the replay knows is
   * there: a WHERE pinning them to one value each matches at most one row. (A unique index is not
   * asked: its recorded columns may come from expressions, `lower(email)`.) On a table made
   * outside the history (the application's `create_all()` before the first revision), whose key
   * the replay never saw, a column named `id` is taken for it: the surrogate key by convention.
   */
  columnsHoldKey(table: string, columns: readonly string[]): boolean {
    const state = this.tables.get(table);
    for (const constraint of state?.constraints.values() ?? []) {
      if ((constraint.kind === 'primaryKey' || constraint.kind === 'unique') && constraint.columns.length > 0 && constraint.columns.every((column) => columns.includes(column))) return true;
    }
    const keyUnseen = state === undefined || (state.createdIn === undefined && ![...state.constraints.values()].some((constraint) => constraint.kind === 'primaryKey'));
    return keyUnseen && columns.includes('id');
  }

  /** Whether the replay knows the table does not exist at this point. */
  tableIsKnownMissing(name: string): boolean {
    return !this.tables.has(name) && this.goneTables.has(name);
  }

  /** Whether a replayed CREATE DOMAIN or CREATE TYPE made a type of this name. */
  typeIsDefined(name: string): boolean {
    return this.definedTypes.has(name);
  }

  /** Whether a replayed CREATE TYPE ... AS ENUM made the type of this name (no other statement made it since). */
  typeIsEnum(name: string): boolean {
    return this.enumTypes.has(name);
  }

  /**
   * The tables (other than itself) that the table's foreign keys reference, by their names now:
   * all of them, or those of the keys on `column`, or of the constraint named `constraint`. Only
   * keys the replay is sure of (TableState.inlineReferences, ConstraintState.referencedGeneration);
   * dropping such a key, its column or its table takes ACCESS EXCLUSIVE on the referenced table too.
   */
  referencedTables(table: string, only: { column?: string; constraint?: string } = {}): string[] {
    const state = this.tables.get(table);
    if (!state) return [];
    const names = new Set<string>();
    for (const reference of foreignKeyReferences(state, only)) {
      if (reference.generation === state.generation) continue;
      const current = this.currentNameOf(reference);
      if (current !== undefined) names.add(current);
    }
    return [...names];
  }

  /**
   * The sure foreign keys of other tables that reference `table` now, each with its table and the
   * revision that made it (the table's own for a key of its CREATE TABLE).
   */
  foreignKeysTo(table: string): { table: string; createdIn?: string }[] {
    const state = this.tables.get(table);
    const candidates = state ? this.referencedBy.get(state.generation) : undefined;
    if (!state || !candidates) return [];
    const found: { table: string; createdIn?: string }[] = [];
    for (const name of candidates) {
      const referencing = this.tables.get(name);
      if (!referencing || name === table) continue;
      if (referencing.inlineReferences?.some((reference) => reference.generation === state.generation)) found.push({ table: name, createdIn: referencing.createdIn });
      for (const constraint of referencing.constraints.values()) {
        if (constraint.kind === 'foreignKey' && constraint.referencedGeneration === state.generation) found.push({ table: name, createdIn: constraint.createdIn ?? referencing.createdIn });
      }
    }
    return found;
  }

  private noteReference(generation: number, referencing: string): void {
    if (generation === OUTSIDE_HISTORY) return;
    let names = this.referencedBy.get(generation);
    if (names === undefined) this.referencedBy.set(generation, (names = new Set()));
    names.add(referencing);
  }

  /**
   * The name a referenced table has now; undefined once it is gone. A table the history never made
   * keeps its name while the replay has made none of that name since (c2cgeoportal's `main.layer`,
   * made before its first revision: dropping a table that references it locks it too).
   */
  private currentNameOf(reference: TableReference): string | undefined {
    if (reference.generation !== OUTSIDE_HISTORY) return this.tableOfGeneration(reference);
    return this.tables.has(reference.table) || this.tableIsKnownMissing(reference.table) ? undefined : reference.table;
  }

  /**
   * The generation of the table a foreign key added now references: OUTSIDE_HISTORY for a table the
   * replay never saw (kept by name, as CREATE TABLE's keys are); undefined for one known to be gone
   * (the constraint fails: unknown-table).
   */
  private referencedGenerationOf(table: string): number | undefined {
    const generation = this.tables.get(table)?.generation;
    if (generation !== undefined) return generation;
    return this.tableIsKnownMissing(table) ? undefined : OUTSIDE_HISTORY;
  }

  /** The name the referenced table has now (a scan only for a table renamed since); undefined once it is gone. */
  private tableOfGeneration(reference: TableReference): string | undefined {
    if (this.tables.get(reference.table)?.generation === reference.generation) return reference.table;
    if (!this.renamedGenerations.has(reference.generation)) return undefined;
    for (const [name, state] of this.tables) if (state.generation === reference.generation) return name;
    return undefined;
  }

  /** Whether the type is a domain the replay saw given a CHECK constraint (by its name without a schema). */
  isCheckedDomain(name: string): boolean {
    return this.checkedDomains.has(withoutSchema(name));
  }

  /** Whether a validated `CHECK (column IS NOT NULL)` the replay saw made is on the table. */
  columnHasNotNullCheck(table: string, column: string): boolean {
    for (const constraint of this.tables.get(table)?.constraints.values() ?? []) {
      if (constraint.kind === 'check' && constraint.provesNotNull?.includes(column) === true && !constraint.notValid) return true;
    }
    return false;
  }

  /** Whether the replay knows the column does not exist (the table exists). */
  columnIsKnownMissing(table: string, column: string): boolean {
    const state = this.tables.get(table);
    if (!state || state.columns.has(column)) return false;
    return state.complete || state.goneColumns.has(column);
  }

  /**
   * A copy to replay further from (a checkpoint). The maps are copied, the table states shared:
   * both sides copy a table before changing it (copy on write), so a copy of a 5,000-table model
   * costs a map copy, not 5,000 tables.
   */
  clone(): SchemaModel {
    // Copied by the collection constructors (V8 copies a Map's table directly), not entry by entry.
    const copy = new SchemaModel(new Map(this.tables), new Map(this.indexes), new Set(this.goneTables), new Map(this.removedIn), new Map(this.viewsCreatedIn), new Set(this.definedTypes), new Map(this.viewReads), new Set(this.checkedDomains), new Set(this.renamedGenerations), new Map(this.viewColumns), new Map(this.uncommittedValues), new Map(this.goneIndexes), new Set(this.enumTypes), this.referencedBy, new Map(this.goneConstraints), new Map(this.possibleIndexes));
    copy.revision = this.revision;
    copy.forgotAllAt = this.forgotAllAt;
    this.owned = new WeakSet();
    return copy;
  }

  /** An index that exists at this point (its table too). */
  /**
   * The views that read the table (as it is now: by generation, so renames are followed), or the
   * given column of it; each with the revision that made it.
   */
  viewsReadingView(view: string): { view: string; createdIn: string }[] {
    const found: { view: string; createdIn: string }[] = [];
    for (const [reader, entry] of this.viewReads) if (entry.views?.includes(view)) found.push({ view: reader, createdIn: entry.createdIn });
    return found;
  }

  viewsReading(table: string, column?: string): { view: string; createdIn: string }[] {
    const generation = this.tables.get(table)?.generation;
    if (generation === undefined) return [];
    const found: { view: string; createdIn: string }[] = [];
    for (const [view, entry] of this.viewReads) {
      if (entry.reads.some((read) => read.generation === generation && (column === undefined || read.columns.includes(column)))) found.push({ view, createdIn: entry.createdIn });
    }
    return found;
  }

  /** The output columns of the view as the replay saw it made, when they are certain. */
  viewOutputColumns(view: string): ViewColumns | undefined {
    return this.viewColumns.get(view);
  }

  /** The indexes the replay saw made on the table (by name) and still there. A scan: asked once per dropped table. */
  indexesOn(table: string): string[] {
    const generation = this.tables.get(table)?.generation;
    if (generation === undefined) return [];
    const found: string[] = [];
    for (const [name, index] of this.indexes) if (index.table === table && index.generation === generation) found.push(name);
    return found;
  }

  /**
   * An index that a statement the replay could not follow (an `if` on a run-time condition) may
   * have made, and on which table, while nothing the replay followed made or dropped it since.
   */
  possibleIndex(name: string): PossibleIndex | undefined {
    return this.possibleIndexes.get(name);
  }

  /** The tables made as `PARTITION OF` the table that are there now (none unless it is partitioned: a scan only then). */
  partitionsOf(parent: string): string[] {
    if (this.tables.get(parent)?.partitioned !== true) return [];
    const found: string[] = [];
    for (const [name, state] of this.tables) if (state.partitionOf === parent) found.push(name);
    return found;
  }

  index(name: string): IndexState | undefined {
    const index = this.indexes.get(name);
    return index && this.tables.get(index.table)?.generation === index.generation ? index : undefined;
  }

  /**
   * True when the replay saw the constraint added by its name and no statement it could not follow
   * ran since (on any table, or a guarded one on this one): it is there, whether or not the table's
   * whole history is known. A DROP COLUMN of one of its columns removes it from the model.
   */
  constraintIsSure(table: string, name: string): boolean {
    const state = this.tables.get(table);
    const madeAt = state?.constraints.get(name)?.madeAt;
    return madeAt !== undefined && madeAt > this.forgotAllAt && madeAt > (state!.forgotAt ?? 0);
  }

  /**
   * True when the replay saw the index made, and since then no statement it could not follow ran
   * (on any table, or a guarded one on the index's table) and none of its columns was dropped or
   * added again: it is there, whether or not its table's whole history is known (pmg-cms-2 makes
   * the same index of a table older than its history in two revisions), as columnIsSure for a column.
   */
  indexIsSure(name: string): boolean {
    const index = this.index(name);
    const madeAt = index?.madeAt;
    const table = index ? this.tables.get(index.table) : undefined;
    if (!index || !table || madeAt === undefined || !index.columns) return false;
    if (madeAt <= this.forgotAllAt || madeAt <= (table.forgotAt ?? 0) || this.goneIndex(name)) return false;
    return index.columns.every((column) => !table.goneColumns.has(column) && (table.columns.get(column)?.birth ?? 0) < madeAt);
  }

  /**
   * The DROP CONSTRAINT that removed the table's constraint of this name, when the replay knew the
   * constraint was there then (made in a table it followed, or added by that name), nothing it
   * could not follow ran since, and nothing made a constraint of that name on the table again: a
   * second DROP CONSTRAINT of it finds nothing (42704).
   */
  constraintGone(table: string, name: string): GoneConstraint | undefined {
    const gone = this.goneConstraints.get(`${table}\u0000${name}`);
    const state = this.tables.get(table);
    if (!gone || !state || state.generation !== gone.generation || state.constraints.has(name)) return undefined;
    return gone.at > this.forgotAllAt && gone.at > (state.forgotAt ?? 0) ? gone : undefined;
  }

  /**
   * Whether the replay saw the index made and then removed with its table, its materialized view or
   * one of its columns (PostgreSQL drops every index on a dropped column, multi-column ones too),
   * and not made again: a later DROP INDEX IF EXISTS of it finds nothing.
   */
  indexIsKnownGone(name: string): boolean {
    if (this.goneIndex(name)) return true;
    const index = this.indexes.get(name);
    if (!index) return false;
    const table = this.tables.get(index.table);
    return table === undefined ? this.tableIsKnownMissing(index.table) : table.generation !== index.generation;
  }

  /**
   * How an index went with a dropped column or materialized view, when it did and was not made
   * again. `removedIn` is unknown (undefined) for a column added again since under its name.
   */
  goneIndex(name: string): { removedIn?: string; tookItAlong: string } | undefined {
    const gone = this.goneIndexes.get(name);
    if (gone) return gone;
    const index = this.indexes.get(name);
    const table = index ? this.tables.get(index.table) : undefined;
    if (!index || !table || table.generation !== index.generation) return undefined;
    const column = this.droppedColumnOf(index, table);
    if (column === undefined) return undefined;
    const removedIn = table.columns.has(column) ? undefined : table.goneColumns.get(column);
    return { ...(removedIn !== undefined ? { removedIn } : {}), tookItAlong: `column ${JSON.stringify(`${index.table}.${column}`)}` };
  }

  /** The column of the index (by the name it had) that is no longer the one it was made on; a renamed column keeps its birth. */
  private droppedColumnOf(index: IndexState, table: TableState): string | undefined {
    const births = index.columnBirths;
    if (!births || !index.columns) return undefined;
    let alive: Set<number | undefined> | undefined;
    for (let at = 0; at < births.length; at++) {
      if (births[at] === undefined) continue;
      if (table.columns.get(index.columns[at])?.birth === births[at]) continue;
      alive ??= new Set([...table.columns.values()].map((column) => column.birth));
      if (!alive.has(births[at])) return index.columns[at];
    }
    return undefined;
  }

  /**
   * Enum values an upgrade added with ALTER TYPE ... ADD VALUE inside its transaction, not
   * committed by any statement replayed since (an autocommit block, a written COMMIT). Without
   * transaction_per_migration Alembic runs every migration of one `alembic upgrade` in one
   * transaction, so a later migration of the same run cannot use them yet (55P04).
   */
  get uncommittedEnumValues(): ReadonlyMap<string, UncommittedEnumValue> {
    return this.uncommittedValues;
  }

  /** Replays `work` (and sets `revision`), then takes back every change it made. */
  trial(revision: string, work: () => void): void {
    const saved = this.revision;
    const journal: (() => void)[] = [];
    this.journal = journal;
    this.revision = revision;
    try {
      work();
    } finally {
      this.journal = undefined;
      for (let index = journal.length - 1; index >= 0; index--) journal[index]();
      this.revision = saved;
    }
  }

  apply(action: Action): void {
    // A DO block's statement under a condition (doBlocks.ts) may or may not have run: what its
    // table holds is no longer sure, as after a statement the replay cannot follow.
    if (action.mayNotRun === true) {
      // A data change changes no schema either way.
      if (action.kind !== 'dml' && 'table' in action && typeof action.table === 'string') {
        this.forgetWhatIsSure(action.table);
        if (this.tables.has(action.table)) this.noteForgotten(this.ensureTable(action.table));
      }
      return;
    }
    // Anything run outside the transaction (an autocommit block ends it first) or a COMMIT or
    // ROLLBACK ends the transaction the values were added in.
    if (this.uncommittedValues.size > 0 && (!action.inTransaction || (action.kind === 'transaction' && action.command === 'commit'))) {
      for (const key of [...this.uncommittedValues.keys()]) this.deleteFromMap(this.uncommittedValues, key);
    }
    // A statement on a view's name (a column renamed, the view renamed or dropped by an operation)
    // leaves its output names unknown; its own CREATE and DROP VIEW are otherSql, below.
    if (action.kind !== 'otherSql' && 'table' in action && typeof action.table === 'string' && this.viewsCreatedIn.has(action.table)) {
      this.deleteFromMap(this.viewColumns, action.table);
      // ALTER TABLE <view> RENAME TO ...: its readers follow it under a name not kept here.
      if (action.kind === 'renameTable' || action.kind === 'dropTable') this.forgetViewsReadingView(action.table);
    }
    switch (action.kind) {
      case 'createTable': {
        if (action.ifNotExists && this.tables.has(action.table)) return;
        const columns = new Map(action.columns.map((column) => { const birth = nextMoment++; return [column.name, { facts: column, createdIn: this.revision, birth, sureSince: birth }]; }));
        const created: TableState = { name: action.table, columns, goneColumns: new Map<string, string>(), createdIn: this.revision, complete: action.partial !== true, constraints: new Map(), generation: nextGeneration++, ...(action.partitioned ? { partitioned: true as const } : {}), ...(action.partitionOf !== undefined ? { partitionOf: action.partitionOf } : {}) };
        const referenced = action.references?.map((table): TableReference => {
          const generation = table === action.table ? created.generation : this.tables.get(table)?.generation;
          return { generation: generation ?? OUTSIDE_HISTORY, table };
        });
        if (referenced !== undefined && referenced.length > 0) created.inlineReferences = referenced;
        for (const reference of referenced ?? []) this.noteReference(reference.generation, action.table);
        const keyColumns = action.columns.filter((column) => column.primaryKey).map((column) => column.name);
        if (keyColumns.length > 0) created.constraints.set(action.primaryKeyName ?? defaultConstraintName(action.table, 'primaryKey', keyColumns)!, { kind: 'primaryKey', columns: keyColumns });
        // Its foreign keys by name, so dropping one by name (or its column) is known to lock the referenced table too.
        for (const key of action.foreignKeys ?? []) {
          const name = key.name ?? defaultConstraintName(action.table, 'foreignKey', key.columns);
          if (name === undefined) continue;
          const referencedGeneration = key.table === action.table ? created.generation : this.referencedGenerationOf(key.table);
          created.constraints.set(name, { kind: 'foreignKey', columns: key.columns, references: { table: key.table, columns: key.referencedColumns }, ...(referencedGeneration !== undefined ? { referencedGeneration } : {}), createdIn: this.revision });
          if (referencedGeneration !== undefined) this.noteReference(referencedGeneration, action.table);
        }
        this.owned.add(created);
        this.setInMap(this.tables, action.table, created);
        this.deleteFromSet(this.goneTables, action.table);
        return;
      }
      case 'dropTable':
        // PostgreSQL drops a partitioned table's partitions with it (hbi's 5d158622cabd).
        for (const partition of this.partitionsOf(action.table)) this.apply({ ...action, table: partition });
        if (action.cascade) this.dropReferencingKeys(action.table, 'table');
        // CASCADE drops the views that read it (without, PostgreSQL refuses while one does).
        if (action.cascade) this.forgetViewsReading(action.table);
        this.deleteFromMap(this.tables, action.table);
        this.addToSet(this.goneTables, action.table);
        this.setInMap(this.removedIn, action.table, this.revision);
        // Its indexes are left in the map (dropping them here was a scan per drop); `index()` hides them.
        return;
      case 'renameTable': {
        const state = this.ensureTable(action.table);
        this.deleteFromMap(this.tables, action.table);
        this.addToSet(this.goneTables, action.table);
        this.setInMap(this.removedIn, action.table, this.revision);
        const renamed: TableState = { ...state, name: action.newName };
        this.addToSet(this.renamedGenerations, state.generation);
        this.owned.add(renamed);
        this.setInMap(this.tables, action.newName, renamed);
        this.deleteFromSet(this.goneTables, action.newName);
        for (const [name, index] of this.indexes) if (index.table === action.table) this.setInMap(this.indexes, name, { ...index, table: action.newName });
        return;
      }
      case 'addColumn': {
        const state = this.ensureTable(action.table);
        if (action.ifNotExists && state.columns.has(action.column.name)) return;
        const birth = nextMoment++;
        this.setInMap(state.columns, action.column.name, { facts: action.column, createdIn: this.revision, birth, sureSince: birth });
        this.deleteFromMap(state.goneColumns, action.column.name);
        if (action.column.primaryKey) this.setInMap(state.constraints, defaultConstraintName(action.table, 'primaryKey', [action.column.name])!, { kind: 'primaryKey', columns: [action.column.name] });
        return;
      }
      case 'dropColumn': {
        if (action.cascade) this.forgetViewsReading(action.table, action.column);
        else this.renameViewColumn(action.table, action.column, undefined);
        const state = this.ensureTable(action.table);
        this.forgetInlineReferences(state);
        this.deleteFromMap(state.columns, action.column);
        this.setInMap(state.goneColumns, action.column, this.revision);
        // PostgreSQL drops the constraints on the column with it (multi-column ones too); its
        // indexes too, which `goneIndex` works out when asked (a scan of every index here was not cheap).
        for (const [name, constraint] of [...state.constraints]) if (constraint.columns.includes(action.column)) this.deleteFromMap(state.constraints, name);
        return;
      }
      case 'renameColumn': {
        // A view reads the column, not its name: it follows the rename.
        this.renameViewColumn(action.table, action.column, action.newName);
        const state = this.ensureTable(action.table);
        const column = state.columns.get(action.column) ?? {};
        this.deleteFromMap(state.columns, action.column);
        this.setInMap(state.goneColumns, action.column, this.revision);
        this.setInMap(state.columns, action.newName, { ...column, renamed: { in: this.revision, from: action.column }, sureSince: nextMoment++ });
        this.deleteFromMap(state.goneColumns, action.newName);
        // Its constraints and indexes go with it, under their names.
        const renamed = (columns: readonly string[]) => columns.map((each) => (each === action.column ? action.newName : each));
        for (const [name, constraint] of [...state.constraints]) {
          if (constraint.columns.includes(action.column)) this.setInMap(state.constraints, name, { ...constraint, columns: renamed(constraint.columns) });
        }
        // (Replacing the value of a key while iterating a Map is safe: no copy of every index.)
        for (const [name, index] of this.indexes) {
          if (index.table === action.table && index.generation === state.generation && index.columns?.includes(action.column)) this.setInMap(this.indexes, name, { ...index, columns: renamed(index.columns) });
        }
        return;
      }
      case 'setNotNull':
      case 'dropNotNull': {
        // Whether the column is NOT NULL now (set-not-null: SET NOT NULL again scans nothing).
        const state = this.ensureTable(action.table);
        const column = state.columns.get(action.column);
        const notNull = action.kind === 'setNotNull';
        this.setInMap(state.columns, action.column, { ...column, notNull });
        return;
      }
      case 'alterColumnType':
      case 'setDefault': {
        const state = this.ensureTable(action.table);
        const column = state.columns.get(action.column);
        // The new type is what the next type change starts from (a rewrite check compares them).
        if (action.kind === 'alterColumnType') this.setInMap(state.columns, action.column, { ...column, ...(column?.facts ? { facts: { ...column.facts, type: action.type } } : {}), typeSetIn: this.revision });
        else if (!column) this.setInMap(state.columns, action.column, {});
        return;
      }
      case 'createIndex': {
        const { generation, columns } = this.ensureTable(action.table);
        if (action.name) this.deleteFromMap(this.goneIndexes, action.name);
        if (action.name) this.deleteFromMap(this.possibleIndexes, action.name);
        if (action.name) this.setInMap(this.indexes, action.name, { table: action.table, columns: action.columns, unique: action.unique, createdIn: this.revision, generation, columnBirths: action.columns.map((column) => columns.get(column)?.birth), madeAt: nextMoment++ });
        return;
      }
      case 'dropIndex':
        this.deleteFromMap(this.indexes, action.name);
        this.deleteFromMap(this.possibleIndexes, action.name);
        return;
      case 'renameIndex': {
        this.deleteFromMap(this.goneIndexes, action.newName);
        const index = this.indexes.get(action.name);
        this.deleteFromMap(this.indexes, action.name);
        if (index) {
          this.setInMap(this.indexes, action.newName, index);
          return;
        }
        // The index of a primary key or unique constraint (same name): PostgreSQL renames the
        // constraint with it (Recidiviz's `ALTER INDEX ..._pkey RENAME TO ...`). Rare: a scan.
        for (const [name, table] of this.tables) {
          const constraint = table.constraints.get(action.name);
          if (!constraint || (constraint.kind !== 'primaryKey' && constraint.kind !== 'unique')) continue;
          const constraints = this.ensureTable(name).constraints;
          this.deleteFromMap(constraints, action.name);
          this.setInMap(constraints, action.newName, constraint);
          return;
        }
        return;
      }
      case 'addConstraint': {
        const state = this.ensureTable(action.table);
        // `UNIQUE USING INDEX ix` without a name takes the index's.
        const name = action.name ?? action.indexName ?? defaultConstraintName(action.table, action.constraint, action.columns);
        if (name !== undefined) this.deleteFromMap(this.goneConstraints, `${action.table}\u0000${name}`);
        if (name !== undefined) {
          const referencedGeneration = action.references ? this.referencedGenerationOf(action.references.table) : undefined;
          if (referencedGeneration !== undefined) this.noteReference(referencedGeneration, action.table);
          this.setInMap(state.constraints, name, {
            kind: action.constraint,
            columns: [...action.columns],
            ...(action.references ? { references: action.references, referencedGeneration, createdIn: this.revision } : {}),
            ...(action.provesNotNull !== undefined ? { provesNotNull: action.provesNotNull, ...(action.notValid ? { notValid: true } : {}) } : {}),
            ...(action.name !== undefined ? { madeIn: this.revision, madeAt: nextMoment++ } : {}),
          });
        }
        // PostgreSQL renames the index to the constraint's name: no index of its own name is left.
        if (action.indexName !== undefined) this.deleteFromMap(this.indexes, action.indexName);
        // The constraint's index, of its name, is there again (see dropConstraint).
        if (name !== undefined && hasOwnIndex(action.constraint)) this.deleteFromMap(this.goneIndexes, name);
        return;
      }
      case 'dropConstraint': {
        const state = this.ensureTable(action.table);
        const constraints = state.constraints;
        const dropped = constraints.get(action.name);
        // Known to be there until now: a DROP of the same name after this one fails (unknown-constraint).
        const goneKey = `${action.table}\u0000${action.name}`;
        const knownThere = dropped !== undefined && (this.constraintIsSure(action.table, action.name) || (state.complete && state.createdIn !== undefined));
        const droppedBefore = this.goneConstraints.get(goneKey);
        if (knownThere) this.setInMap(this.goneConstraints, goneKey, { removedIn: this.revision, at: nextMoment++, generation: state.generation });
        // Dropped again after a sibling branch's drop: in this branch's runs this revision is the one that dropped it (as sure as before).
        else if (dropped === undefined && droppedBefore?.generation === state.generation) this.setInMap(this.goneConstraints, goneKey, { ...droppedBefore, removedIn: this.revision });
        // Not one the replay knows to be something else: it may be a foreign key of CREATE TABLE.
        if (dropped === undefined || dropped.kind === 'foreignKey') this.forgetInlineReferences(state);
        this.deleteFromMap(constraints, action.name);
        // A primary key, unique or exclusion constraint is enforced by an index of its own name,
        // which PostgreSQL drops with it: a DROP INDEX of that name after it finds nothing
        // (moonstream-to/api's 240476c67b9f drops both, the index with IF EXISTS).
        if (dropped !== undefined && hasOwnIndex(dropped.kind)) {
          this.deleteFromMap(this.indexes, action.name);
          this.setInMap(this.goneIndexes, action.name, { removedIn: this.revision, tookItAlong: `${CONSTRAINT_KIND_NAMES[dropped.kind]} ${JSON.stringify(action.name)} of ${JSON.stringify(action.table)}` });
        }
        if (action.cascade) this.dropReferencingKeys(action.table, dropped);
        return;
      }
      case 'renameConstraint': {
        const constraints = this.ensureTable(action.table).constraints;
        const constraint = constraints.get(action.name);
        this.deleteFromMap(constraints, action.name);
        if (constraint) this.setInMap(constraints, action.newName, constraint);
        this.deleteFromMap(this.goneConstraints, `${action.table}\u0000${action.newName}`);
        return;
      }
      case 'validateConstraint': {
        const constraints = this.ensureTable(action.table).constraints;
        const constraint = constraints.get(action.name);
        if (constraint?.notValid) this.setInMap(constraints, action.name, { ...constraint, notValid: false });
        return;
      }
      case 'otherSql':
        // ALTER VIEW ... RENAME [COLUMN]: which view's names changed is not kept; none is certain now.
        if (action.statement === 'RENAME VIEW' || action.statement === 'RENAME COLUMN') {
          for (const view of [...this.viewColumns.keys()]) this.deleteFromMap(this.viewColumns, view);
          for (const [reader, entry] of [...this.viewReads]) if (entry.views !== undefined) this.deleteFromMap(this.viewReads, reader);
        }
        // Which partitioned table a partition belongs to now: its DROP TABLE drops the partition.
        if (action.partitionOf !== undefined && this.tables.has(action.partitionOf.partition)) {
          const state = this.ensureTable(action.partitionOf.partition);
          const previous = state.partitionOf;
          this.record(() => (state.partitionOf = previous));
          if (action.partitionOf.parent === null) delete state.partitionOf;
          else state.partitionOf = action.partitionOf.parent;
        }
        // A partition attached or a child that inherits gets the columns the parent gets from now
        // on: its own list is no longer exact (no column of it is known missing).
        for (const name of action.inheriting ?? []) {
          if (!this.tables.get(name)?.complete) continue;
          const state = this.ensureTable(name);
          this.record(() => (state.complete = true));
          state.complete = false;
        }
        for (const type of action.definesTypes ?? []) this.addToSet(this.definedTypes, type);
        for (const type of action.definesTypes ?? []) {
          if (action.statement === 'CreateEnumStmt') this.addToSet(this.enumTypes, type);
          else this.deleteFromSet(this.enumTypes, type);
        }
        for (const type of action.types ?? []) this.deleteFromSet(this.enumTypes, withoutSchema(type));
        // A type made again (after a drop the replay may not have seen) starts without the CHECK.
        for (const type of action.definesTypes ?? []) this.deleteFromSet(this.checkedDomains, type);
        for (const domain of action.checkedDomains ?? []) this.addToSet(this.checkedDomains, domain);
        for (const type of action.types ?? []) this.deleteFromSet(this.checkedDomains, withoutSchema(type));
        // A type dropped or made anew has none of the values added to the one before it (airweave
        // rebuilds its enum: CREATE TYPE x_new, DROP TYPE x, ALTER TYPE x_new RENAME TO x).
        if (this.uncommittedValues.size > 0) for (const type of [...(action.types ?? []), ...(action.definesTypes ?? [])]) this.forgetUncommittedValuesOf(withoutSchema(type));
        if (action.renamesType) this.renameType(action.renamesType.from, action.renamesType.to);
        for (const view of action.views ?? []) {
          // DROP VIEW ... CASCADE drops the views that read it.
          if (!action.statement.startsWith('CREATE ') && action.cascade) this.forgetViewsReadingView(view);
          if (action.statement.startsWith('CREATE ')) this.noteViewReads(view, action.viewReads ?? []);
          else this.deleteFromMap(this.viewReads, view);
          if (action.statement.startsWith('CREATE ') && action.viewColumns) this.setInMap(this.viewColumns, view, { createdIn: this.revision, columns: action.viewColumns });
          else this.deleteFromMap(this.viewColumns, view);
          if (action.statement.startsWith('CREATE ')) {
            this.setInMap(this.viewsCreatedIn, view, this.revision);
            // A relation of that name exists again (query-service makes a materialized view under
            // the name of a table it renamed away, and indexes it).
            this.deleteFromSet(this.goneTables, view);
          } else {
            this.deleteFromMap(this.viewsCreatedIn, view);
            this.dropIndexesWith((index) => index.table === view, `materialized view ${JSON.stringify(view)}`);
          }
          // Its columns are the new query's (consdb renames a view's columns, then drops and makes
          // it again): what the replay knew of them (`ALTER TABLE <view> RENAME COLUMN`) is gone.
          this.deleteFromMap(this.tables, view);
        }
        // DROP SCHEMA ... CASCADE takes every table and view of the schema with it (Chaos drops
        // and makes its `history` schema again, then its tables).
        if (action.statement === 'DROP SCHEMA' && action.cascade) for (const schema of action.schemas ?? []) this.dropSchemaContents(schema);
        return;
      case 'enumAddValue':
        if (action.inTransaction && action.fn === 'upgrade') {
          const type = withoutSchema(action.type);
          this.setInMap(this.uncommittedValues, `${type}\u0000${action.value}`, { type, value: action.value, revision: this.revision });
        }
        return;
      case 'unchecked':
        for (const index of action.mayHaveIndexed ?? []) this.setInMap(this.possibleIndexes, index.name, { table: index.table, createdIn: this.revision });
        if (action.taints === false) return;
        // Something ran that the replay could not follow: no column list is exact any more, and
        // a table or column it removed may have been created again.
        for (const name of [...this.tables.keys()]) this.forgetWhatIsSure(name);
        for (const name of [...this.goneTables]) this.deleteFromSet(this.goneTables, name);
        this.noteForgotten();
        for (const name of [...this.goneIndexes.keys()]) this.deleteFromMap(this.goneIndexes, name);
        // It may have dropped or replaced a view: none is one a change is sure to be refused for.
        for (const view of [...this.viewReads.keys()]) this.deleteFromMap(this.viewReads, view);
        for (const view of [...this.viewColumns.keys()]) this.deleteFromMap(this.viewColumns, view);
        return;
      default:
        return;
    }
  }

  /**
   * After a CASCADE drop of `table` or of its key `dropped`: the foreign keys of other tables that
   * reference it and depend on it, or may (which key they depend on is not always known), are
   * forgotten: the constraints a later migration's downgrade-does-not-reverse takes as present
   * are only those the replay is sure of (it never infers a foreign key's absence from this map).
   */
  private dropReferencingKeys(table: string, dropped: ConstraintState | 'table' | undefined): void {
    if (dropped !== 'table' && dropped !== undefined && dropped.kind !== 'primaryKey' && dropped.kind !== 'unique') return;
    for (const [name, state] of [...this.tables]) {
      for (const [constraintName, constraint] of state.constraints) {
        if (constraint.kind !== 'foreignKey' || (constraint.references !== undefined && constraint.references.table !== table)) continue;
        if (dropped !== 'table' && dropped !== undefined && constraint.references !== undefined && !mayDependOn(constraint.references.columns, dropped)) continue;
        // (Deleting while iterating is safe for a Map; ensureTable may also hand back a copy.)
        this.deleteFromMap(this.ensureTable(name).constraints, constraintName);
      }
    }
  }

  /**
   * `ALTER TYPE a RENAME TO b`: the columns of `a` are of `b` now (STRR renames an enum type to
   * `<name>_old`, makes the new one, moves one table's column to it, and drops the old type while
   * another table's column still uses it).
   */
  private renameType(from: string, to: string): void {
    // Values added to it and not committed yet go with it.
    if (this.uncommittedValues.size > 0) {
      this.forgetUncommittedValuesOf(to);
      for (const [key, added] of [...this.uncommittedValues]) {
        if (added.type !== from) continue;
        this.deleteFromMap(this.uncommittedValues, key);
        this.setInMap(this.uncommittedValues, `${to}\u0000${added.value}`, { ...added, type: to });
      }
    }
    for (const [table, before] of [...this.tables]) {
      for (const [column, state] of before.columns) {
        const type = state.facts?.type;
        if (type === undefined || withoutSchema(type.name) !== from) continue;
        this.setInMap(this.ensureTable(table).columns, column, { ...state, facts: { ...state.facts!, type: { ...type, name: to } } });
      }
    }
    if (this.checkedDomains.has(from)) {
      this.deleteFromSet(this.checkedDomains, from);
      this.addToSet(this.checkedDomains, to);
    }
    if (this.definedTypes.has(from)) {
      this.deleteFromSet(this.definedTypes, from);
      this.addToSet(this.definedTypes, to);
    }
    if (this.enumTypes.has(from)) {
      this.deleteFromSet(this.enumTypes, from);
      this.addToSet(this.enumTypes, to);
    }
  }

  private forgetUncommittedValuesOf(type: string): void {
    for (const [key, added] of [...this.uncommittedValues]) if (added.type === type) this.deleteFromMap(this.uncommittedValues, key);
  }

  /** Every table and view the replay knows in `schema` dropped, as by DROP ... CASCADE. */
  private dropSchemaContents(schema: string): void {
    for (const table of this.tablesInSchema(schema)) {
      this.dropReferencingKeys(table, 'table');
      this.forgetViewsReading(table);
      this.deleteFromMap(this.tables, table);
      this.addToSet(this.goneTables, table);
      this.setInMap(this.removedIn, table, this.revision);
    }
    const prefix = `${schema}.`;
    for (const view of [...this.viewsCreatedIn.keys()]) {
      if (!view.startsWith(prefix)) continue;
      this.forgetViewsReadingView(view);
      this.deleteFromMap(this.viewsCreatedIn, view);
      this.deleteFromMap(this.viewReads, view);
      this.deleteFromMap(this.viewColumns, view);
    }
  }

  /** Keeps what a view made now reads, among the tables the replay knows (a `*` as their known columns). */
  private noteViewReads(view: string, reads: readonly ViewRead[]): void {
    const known = reads.flatMap((read) => {
      const state = this.tables.get(read.table);
      if (!state) return [];
      const columns = new Set(read.columns);
      if (read.allColumns) for (const column of state.columns.keys()) columns.add(column);
      return [{ generation: state.generation, columns: [...columns] }];
    });
    // A name that is no table the replay knows but a view it saw made (and not dropped since).
    const views = reads.filter((read) => !this.tables.has(read.table) && read.table !== view && this.viewsCreatedIn.has(read.table)).map((read) => read.table);
    if (known.length > 0 || views.length > 0) this.setInMap(this.viewReads, view, { createdIn: this.revision, reads: known, ...(views.length > 0 ? { views } : {}) });
    else this.deleteFromMap(this.viewReads, view);
  }

  /** Forgets the views that read the view by name (a CASCADE dropped them, or it was renamed). */
  private forgetViewsReadingView(view: string): void {
    for (const [reader, entry] of [...this.viewReads]) if (entry.views?.includes(view)) this.deleteFromMap(this.viewReads, reader);
  }

  /** Forgets the views that read the table (or that column of it): a CASCADE dropped them. */
  private forgetViewsReading(table: string, column?: string): void {
    for (const { view } of this.viewsReading(table, column)) this.deleteFromMap(this.viewReads, view);
  }

  /** The column renamed in what views read (`to` undefined: gone, no longer read). */
  private renameViewColumn(table: string, column: string, to: string | undefined): void {
    const generation = this.tables.get(table)?.generation;
    if (generation === undefined) return;
    for (const [view, entry] of [...this.viewReads]) {
      if (!entry.reads.some((read) => read.generation === generation && read.columns.includes(column))) continue;
      const reads = entry.reads.map((read) =>
        read.generation !== generation ? read : { generation, columns: read.columns.flatMap((each) => (each !== column ? [each] : to === undefined ? [] : [to])) },
      );
      this.setInMap(this.viewReads, view, { ...entry, reads });
    }
  }

  /**
   * After a statement the replay could not follow touched `name` (or may have): its column list
   * is no longer exact, a column it removed may be back, and none of its foreign keys is sure.
   */
  private forgetWhatIsSure(name: string): void {
    const before = this.tables.get(name);
    if (!before || (!before.complete && before.goneColumns.size === 0 && before.inlineReferences === undefined && !hasProvenForeignKey(before))) return;
    const state = this.ensureTable(name);
    if (state.complete) this.record(() => (state.complete = true));
    state.complete = false;
    // It may have dropped a foreign key: none is one a TRUNCATE is sure to fail on any more.
    this.forgetInlineReferences(state);
    for (const [constraintName, constraint] of [...state.constraints]) {
      if (constraint.referencedGeneration === undefined) continue;
      const { referencedGeneration: _forgotten, ...unproven } = constraint;
      this.setInMap(state.constraints, constraintName, unproven);
    }
    for (const column of [...state.goneColumns.keys()]) this.deleteFromMap(state.goneColumns, column);
  }

  /** Forgets the foreign keys of the table's CREATE TABLE (TableState.inlineReferences). */
  private forgetInlineReferences(state: TableState): void {
    const before = state.inlineReferences;
    if (before === undefined) return;
    this.record(() => (state.inlineReferences = before));
    state.inlineReferences = undefined;
  }

  /**
   * The table, to change: assumed to exist (with unknown columns) when the replay has not seen
   * it, and copied first when it may be shared with a copy of the model.
   */
  private ensureTable(name: string): TableState {
    let state = this.tables.get(name);
    if (!state) {
      state = { name, columns: new Map(), goneColumns: new Map(), complete: false, constraints: new Map(), generation: nextGeneration++ };
      this.setInMap(this.tables, name, state);
      this.deleteFromSet(this.goneTables, name);
    } else if (!this.owned.has(state)) {
      state = { ...state, columns: new Map(state.columns), goneColumns: new Map(state.goneColumns), constraints: new Map(state.constraints) };
      this.setInMap(this.tables, name, state);
    }
    this.owned.add(state);
    return state;
  }

  private record(undo: () => void): void {
    this.journal?.push(undo);
  }

  /** Notes the moment the replay stopped being sure of what it saw before: of `table`'s columns, or of every table's. */
  private noteForgotten(table?: TableState): void {
    const moment = nextMoment++;
    if (table) {
      const before = table.forgotAt;
      this.record(() => (table.forgotAt = before));
      table.forgotAt = moment;
      return;
    }
    const before = this.forgotAllAt;
    this.record(() => (this.forgotAllAt = before));
    this.forgotAllAt = moment;
  }

  /** Removes the indexes `test` picks, noting what took them along (a scan: dropped columns and views are few). */
  private dropIndexesWith(test: (index: IndexState) => boolean, tookItAlong: string): void {
    for (const [name, index] of [...this.indexes]) {
      if (!test(index)) continue;
      this.deleteFromMap(this.indexes, name);
      this.setInMap(this.goneIndexes, name, { removedIn: this.revision, tookItAlong });
    }
  }

  private setInMap<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (this.journal) {
      const had = map.has(key);
      const previous = map.get(key);
      this.record(() => (had ? map.set(key, previous as V) : map.delete(key)));
    }
    map.set(key, value);
  }

  private deleteFromMap<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    if (this.journal) {
      const previous = map.get(key) as V;
      this.record(() => map.set(key, previous));
    }
    map.delete(key);
  }

  private addToSet<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    this.record(() => set.delete(value));
    set.add(value);
  }

  private deleteFromSet<T>(set: Set<T>, value: T): void {
    if (!set.has(value)) return;
    this.record(() => set.add(value));
    set.delete(value);
  }
}
