/**
 * Does the downgrade undo the upgrade? Each object an action touches (a table, a column, an
 * index, a named constraint) has a state before the first action that touched it, inferred from
 * that action (creating it means it was absent, dropping or altering it means it was there), and
 * a state after the last. Replaying the upgrade and then the downgrade over one tracker, every
 * object must end as it began. This needs no knowledge of the schema before the migration.
 */
import type { Action } from '../actions';

type Presence = 'present' | 'absent';

export interface EffectMismatch {
  /** `table orders`, `column orders.status`, `index ix_orders_status`, `constraint fk_x on orders`. */
  object: string;
  /** What the object was before the upgrade. */
  before: Presence;
  /** What it is after the downgrade. */
  after: Presence;
}

export class EffectTracker {
  private readonly objects = new Map<string, { initial: Presence; current: Presence; table?: string }>();

  apply(action: Action): void {
    switch (action.kind) {
      case 'createTable':
        this.set(`table ${action.table}`, 'absent', 'present');
        break;
      case 'dropTable':
        this.set(`table ${action.table}`, 'present', 'absent');
        // Its indexes, constraints and columns go with it.
        for (const state of this.objects.values()) if (state.table === action.table) state.current = 'absent';
        break;
      case 'renameTable':
        this.set(`table ${action.table}`, 'present', 'absent');
        this.set(`table ${action.newName}`, 'absent', 'present');
        break;
      case 'addColumn':
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${action.table}.${action.column.name}`, 'absent', 'present', action.table);
        break;
      case 'dropColumn':
        if (!this.isTableCreatedHere(action.table)) this.set(`column ${action.table}.${action.column}`, 'present', 'absent', action.table);
        break;
      case 'renameColumn':
        this.set(`column ${action.table}.${action.column}`, 'present', 'absent');
        this.set(`column ${action.table}.${action.newName}`, 'absent', 'present');
        break;
      case 'createIndex':
        if (action.name) this.set(`index ${action.name}`, 'absent', 'present', action.table);
        break;
      case 'dropIndex':
        this.set(`index ${action.name}`, 'present', 'absent');
        break;
      case 'addConstraint':
        if (action.name) this.set(`constraint ${action.name} on ${action.table}`, 'absent', 'present', action.table);
        break;
      case 'dropConstraint':
        this.set(`constraint ${action.name} on ${action.table}`, 'present', 'absent');
        break;
      default:
        break;
    }
  }

  mismatches(): EffectMismatch[] {
    const found: EffectMismatch[] = [];
    for (const [object, state] of this.objects) if (state.initial !== state.current) found.push({ object, before: state.initial, after: state.current });
    return found;
  }

  /** Columns of a table the same replay created go with the table (dropping it drops them). */
  private isTableCreatedHere(table: string): boolean {
    const state = this.objects.get(`table ${table}`);
    return state !== undefined && state.initial === 'absent';
  }

  private set(object: string, before: Presence, after: Presence, table?: string): void {
    const state = this.objects.get(object);
    if (state) state.current = after;
    else this.objects.set(object, { initial: before, current: after, ...(table !== undefined ? { table } : {}) });
  }
}
