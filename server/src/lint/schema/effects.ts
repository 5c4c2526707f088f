/**
 * Does the downgrade undo the upgrade? Each object an action touches (a table, a column, an
 * index, a named constraint) has a state before the first action that touched it, inferred from
 * that action (creating it means it was absent, dropping or altering it means it was there), and
 * a state after the last. Replaying the upgrade and then the downgrade over one tracker, every
 * object must end as it began. This needs no knowledge of the schema before the migration.
 */
import type { Action, MigrationFunction } from '../actions';

type Presence = 'present' | 'absent';

export interface EffectMismatch {
  /** `table orders`, `column orders.status`, `index ix_orders_status`, `constraint fk_x on orders`. */
  object: string;
  /** True when only the downgrade touches it (it drops or creates what the upgrade never did). */
  onlyInDowngrade: boolean;
  /** What the object was before the upgrade. */
  before: Presence;
  /** What it is after the downgrade. */
  after: Presence;
}

interface Tracked {
  firstIn: MigrationFunction;
  initial: Presence;
  current: Presence;
  table?: string;
  /** Columns an index or constraint is on: dropping one of them drops it. */
  columns?: readonly string[];
}

export class EffectTracker {
  private readonly objects = new Map<string, Tracked>();
  /** Objects first met in an `IF EXISTS` / `IF NOT EXISTS` statement: their state before is not known. */
  private readonly unknown = new Set<string>();

  private fn: MigrationFunction = 'upgrade';

  apply(action: Action): void {
    this.fn = action.fn;
    switch (action.kind) {
      case 'createTable':
        this.set(`table ${action.table}`, 'absent', 'present', { ifGuarded: action.ifNotExists });
        break;
      case 'dropTable':
        this.set(`table ${action.table}`, 'present', 'absent', { ifGuarded: action.ifExists });
        // Its indexes, constraints and columns go with it.
        for (const state of this.objects.values()) if (state.table === action.table) state.current = 'absent';
        break;
      case 'renameTable':
        this.set(`table ${action.table}`, 'present', 'absent');
        this.set(`table ${action.newName}`, 'absent', 'present');
        break;
      case 'addColumn':
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${action.table}.${action.column.name}`, 'absent', 'present', { table: action.table, ifGuarded: action.ifNotExists });
        break;
      case 'dropColumn':
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${action.table}.${action.column}`, 'present', 'absent', { table: action.table, ifGuarded: action.ifExists });
        // PostgreSQL drops the indexes and constraints on the column with it.
        for (const state of this.objects.values()) if (state.table === action.table && state.columns?.includes(action.column)) state.current = 'absent';
        break;
      case 'renameColumn':
        this.set(`column ${action.table}.${action.column}`, 'present', 'absent');
        this.set(`column ${action.table}.${action.newName}`, 'absent', 'present');
        break;
      case 'createIndex':
        if (action.name) this.set(`index ${action.name}`, 'absent', 'present', { table: action.table, columns: action.columns, ifGuarded: action.ifNotExists });
        break;
      case 'dropIndex':
        this.set(`index ${action.name}`, 'present', 'absent', { ifGuarded: action.ifExists });
        break;
      case 'renameIndex':
        this.set(`index ${action.name}`, 'present', 'absent');
        this.set(`index ${action.newName}`, 'absent', 'present');
        break;
      case 'addConstraint':
        if (action.name) this.set(`constraint ${action.name} on ${action.table}`, 'absent', 'present', { table: action.table, columns: action.columns });
        // The index now belongs to the constraint (and is renamed to it): it goes when the constraint goes.
        if (action.indexName) this.set(`index ${action.indexName}`, 'absent', 'absent');
        break;
      case 'dropConstraint':
        this.set(`constraint ${action.name} on ${action.table}`, 'present', 'absent', { ifGuarded: action.ifExists });
        break;
      default:
        break;
    }
  }

  mismatches(): EffectMismatch[] {
    const found: EffectMismatch[] = [];
    for (const [object, state] of this.objects) {
      if (state.initial !== state.current && !this.unknown.has(object)) found.push({ object, onlyInDowngrade: state.firstIn === 'downgrade', before: state.initial, after: state.current });
    }
    return withoutRenamedPairs(found);
  }

  /** Columns of a table the same replay created go with the table (dropping it drops them). */
  private isTableCreatedHere(table: string): boolean {
    const state = this.objects.get(`table ${table}`);
    return state !== undefined && state.initial === 'absent';
  }

  private set(object: string, before: Presence, after: Presence, details: { table?: string; columns?: readonly string[]; ifGuarded?: boolean } = {}): void {
    const state = this.objects.get(object);
    if (state) {
      state.current = after;
      return;
    }
    if (details.ifGuarded) this.unknown.add(object);
    this.objects.set(object, { firstIn: this.fn, initial: before, current: after, ...(details.table !== undefined ? { table: details.table } : {}), ...(details.columns ? { columns: details.columns } : {}) });
  }
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
