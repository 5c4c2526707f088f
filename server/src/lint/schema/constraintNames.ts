/**
 * The names PostgreSQL gives constraints created without one (ChooseConstraintName and
 * ChooseIndexName in src/backend/commands/indexcmds.c, makeObjectName): `<table>_pkey` for a
 * primary key, `<table>_<columns>_key` for a unique constraint, `<table>_<columns>_fkey` for a
 * foreign key, `<table>_<column>_check` (or `<table>_check` when the condition reads more than one
 * column) for a check, each part cut so the whole fits in 63 bytes. A later
 * `drop_constraint("orders_pkey", ...)` names the key `create_table` made without a name.
 *
 * When that name is taken, PostgreSQL appends a number to the label (`orders_check1`), which a
 * static reader mostly cannot know for sure: callers that do know (a table renamed away keeps its
 * key's name, effects.ts) ask for the `attempt`-th choice.
 */
import type { ConstraintKind } from '../actions';

/** PostgreSQL's NAMEDATALEN - 1. */
const MAX_NAME_BYTES = 63;

const LABELS: Partial<Record<ConstraintKind, string>> = { primaryKey: 'pkey', unique: 'key', foreignKey: 'fkey', check: 'check' };

/**
 * The name PostgreSQL gives an unnamed constraint of `kind` on `table` (schema-qualified or not)
 * over `columns`, or undefined for a kind whose name is not modelled (EXCLUDE, NOT NULL).
 */
export function defaultConstraintName(table: string, kind: ConstraintKind, columns: readonly string[], attempt = 0): string | undefined {
  const base = LABELS[kind];
  if (base === undefined) return undefined;
  const label = attempt > 0 ? `${base}${attempt}` : base;
  const relation = table.slice(table.lastIndexOf('.') + 1);
  switch (kind) {
    case 'primaryKey':
      return makeObjectName(relation, undefined, label);
    case 'check': {
      // "tab_col_check" when the condition reads one column, "tab_check" otherwise (AddRelationNewConstraints).
      const distinct = [...new Set(columns)];
      return makeObjectName(relation, distinct.length === 1 ? distinct[0] : undefined, label);
    }
    default:
      return columns.length > 0 ? makeObjectName(relation, columns.join('_'), label) : undefined;
  }
}

/** makeObjectName: shorten the longer of the two names, a byte at a time, until all fits. */
function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  const first = Buffer.from(name1, 'utf8');
  const second = Buffer.from(name2 ?? '', 'utf8');
  const overhead = label.length + 1 + (name2 !== undefined ? 1 : 0);
  const available = MAX_NAME_BYTES - overhead;
  let firstBytes = first.length;
  let secondBytes = second.length;
  while (firstBytes + secondBytes > available) {
    if (firstBytes > secondBytes) firstBytes--;
    else secondBytes--;
  }
  const parts = [clip(first, firstBytes), ...(name2 !== undefined ? [clip(second, secondBytes)] : []), label];
  return parts.join('_');
}

/** The first `bytes` bytes of a UTF-8 name, cut back to a whole character (pg_mbcliplen). */
function clip(name: Buffer, bytes: number): string {
  let end = bytes;
  // A continuation byte (10xxxxxx) at the cut means the character started before it.
  while (end > 0 && end < name.length && (name[end] & 0xc0) === 0x80) end--;
  return name.subarray(0, end).toString('utf8');
}
