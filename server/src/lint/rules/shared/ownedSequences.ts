/**
 * Sequences a serial column owns, for downgrade-does-not-reverse: PostgreSQL made one for the
 * column (`<table>_<column>_seq`), and dropping the column or its table drops it, so a downgrade
 * that then names it in a `nextval()` default fails (42P01).
 */
import type { Action } from '../../actions';
import type { MigrationUnderLint, RuleContext } from '../../types';

/**
 * The sequences the upgrade dropped with a serial column (alone or with its table): a serial
 * column owns the sequence PostgreSQL made for it (`<table>_<column>_seq`), which goes with it.
 * Name (unqualified, as PostgreSQL folds it) → the column, for the message.
 */
export const droppedSequences = new WeakMap<MigrationUnderLint, Map<string, string>>();

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function noteOwnedSequences(action: Extract<Action, { kind: 'dropColumn' | 'dropTable' }>, context: RuleContext): void {
  const state = context.schema.table(action.table);
  if (!state) return;
  const columns = action.kind === 'dropColumn' ? [state.columns.get(action.column)].filter((column) => column !== undefined) : [...state.columns.values()];
  const table = action.table.slice(action.table.lastIndexOf('.') + 1);
  for (const column of columns) {
    const facts = column.facts;
    if (!facts?.type || !SERIAL_TYPES.has(facts.type.name)) continue;
    const sequence = `${table}_${facts.name}_seq`;
    // Longer names are shortened by PostgreSQL's own rule; not followed.
    if (Buffer.byteLength(sequence, 'utf8') > 63) continue;
    let dropped = droppedSequences.get(context.migration);
    if (!dropped) droppedSequences.set(context.migration, (dropped = new Map()));
    dropped.set(sequence, `${action.table}.${facts.name}`);
  }
}

/** A regclass string as PostgreSQL reads it: the last part, folded to lower case unless quoted. */
function sequenceName(written: string): string {
  const last = written.trim().split('.').pop() ?? '';
  return last.startsWith('"') && last.endsWith('"') && last.length > 1 ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

/**
 * Columns the downgrade makes with `nextval('<sequence>')` as their default (autogenerate writes
 * it when it re-creates a dropped table), where the sequence went with the serial column the
 * upgrade dropped: the downgrade fails (42P01). Not when the downgrade makes the sequence again
 * (CREATE SEQUENCE, or a serial column of that name) before.
 */
export function sequencesUsedAfterDrop(upgrade: readonly Action[], downgrade: readonly Action[], dropped: ReadonlyMap<string, string> | undefined): string[] {
  if (!dropped || dropped.size === 0) return [];
  // The upgrade may have kept it (ALTER SEQUENCE ... OWNED BY NONE) or made it again.
  if (upgrade.some(mentionsSequences)) return [];
  const gone = new Map(dropped);
  const found: string[] = [];
  for (const action of downgrade) {
    if (mentionsSequences(action)) return found;
    const columns = action.kind === 'createTable' ? action.columns : action.kind === 'addColumn' ? [action.column] : [];
    const table = 'table' in action && typeof action.table === 'string' ? action.table : '';
    for (const column of columns) {
      const sequence = column.default?.sequence;
      if (sequence !== undefined && gone.has(sequenceName(sequence))) {
        found.push(`it makes ${table}.${column.name} with nextval('${sequence}'), but that sequence went with the serial column ${gone.get(sequenceName(sequence))} the upgrade dropped, so the downgrade fails (relation does not exist); make the column serial again, or create the sequence first`);
      }
      // A serial column made again makes its sequence again.
      if (column.type && SERIAL_TYPES.has(column.type.name)) gone.delete(`${table.slice(table.lastIndexOf('.') + 1)}_${column.name}_seq`);
    }
  }
  return found;
}

/** A statement on a sequence (CREATE / ALTER / DROP SEQUENCE: `CreateSeqStmt`, ...), or SQL the reading names only by its kind. */
function mentionsSequences(action: Action): boolean {
  return action.kind === 'otherSql' && /seq/i.test(action.statement);
}
