/** ALTER COLUMN ... TYPE rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock. */
import type { ActionOf, TypeFacts } from '../actions';
import type { LintRule, MigrationUnderLint, RuleContext } from '../types';
import { blocksEverything, displayType, quoted } from './shared/describe';
import { earlierInFunction } from './shared/tableLocks';
import { ranBefore } from './shared/ranBefore';

export const columnTypeChange: LintRule = {
  code: 'column-type-change',
  defaultSeverity: 'warning',
  title: 'Column type change that rewrites the table',
  actionKinds: ['alterColumnType'],
  checkAction(action, context) {
    if (action.kind !== 'alterColumnType') return;
    if (context.schema.columnIsNew(action.table, action.column)) return;
    const previous = typeBeforeChange(action, context);
    // The same type again (renku's type_=sa.Integer on an int4 column) changes nothing and rewrites
    // nothing, nor does a binary-coercible one; a USING that computes the values again rewrites
    // the table whatever the types (InvoiceManager's `postgresql_using="source_id::varchar"` into
    // the varchar(64) the column was: checked on PostgreSQL 15).
    const computes = action.using === true && action.usingKeepsValues !== true;
    if (previous && !computes && (isSameType(previous, action.type) || isBinaryCoercible(previous, action.type))) return;
    const unlessUtc = previous && !computes && context.config.postgresqlVersion >= 12 && isTimeZoneSwitch(previous, action.type);
    // Its own recipe: a UTC time zone set earlier in the function (SET LOCAL TimeZone = 'UTC').
    if (unlessUtc && utcSetBefore(action, context)) return;
    context.report(
      action.range,
      `changing the type of ${quoted(`${action.table}.${action.column}`)} to ${displayType(action.type)} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock on ${quoted(action.table)}, which ${blocksEverything(context, action.fn)}; ` +
        (unlessUtc
          ? `unless the session's TimeZone is UTC: PostgreSQL 12 and later then keep the table's file (indexes on the column are still built again), so run op.execute("SET LOCAL TimeZone = 'UTC'") just before it`
          : 'add a new column, backfill it in batches and switch the application over instead'),
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};

/**
 * The column's type before the change: what the history shows first (unless a sibling branch set
 * it); else what the migration says it was (existing_type=, as onyx's b7ec9b5b505f widens a varchar(8000) its history added inside a
 * run-time condition); else the other function's change back.
 */
export function typeBeforeChange(action: ActionOf<'alterColumnType'>, context: RuleContext): TypeFacts | undefined {
  const column = context.schema.table(action.table)?.columns.get(action.column);
  // A type a sibling branch gave it (replayed before this branch) is not the one this migration starts from.
  const replayed = column?.typeSetIn === undefined || ranBefore(column.typeSetIn, context) ? column?.facts?.type : undefined;
  // After a statement the replay could not follow, the replayed type may be stale: the type the
  // migration says the column has (existing_type) comes first then (PasarGuard's users.expire, made
  // a timestamp by a try block the engine could not read, was taken for the integer it had been).
  if (replayed !== undefined && action.existingType !== undefined && !context.schema.columnIsSure(action.table, action.column)) return action.existingType;
  return replayed ?? action.existingType ?? counterpartType(action, context.migration);
}

/**
 * The column's type before this change, when the history never showed it (a table created by an
 * opaque step or before the first migration): the other function of the same migration changes
 * it back, so the downgrade's last type for the column is the one the upgrade started from, and
 * the upgrade's is the one the downgrade starts from. (indico changes `String` to `Text` and back
 * on a column no migration created: both directions are free, and were reported as rewrites.)
 */
function counterpartType(action: ActionOf<'alterColumnType'>, migration: MigrationUnderLint): TypeFacts | undefined {
  const other = migration[action.fn === 'upgrade' ? 'downgrade' : 'upgrade'];
  let found: TypeFacts | undefined;
  for (const candidate of other?.actions ?? []) {
    if (candidate.kind === 'alterColumnType' && candidate.table === action.table && candidate.column === action.column) found = candidate.type;
  }
  return found;
}

/** serial types are their integer type with a sequence default: the column's type is the integer. */
const STORED_AS: Readonly<Record<string, string>> = { serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8', smallserial: 'int2', serial2: 'int2' };

/** The same PostgreSQL type, as rendered (`INTEGER` and `sa.Integer` are both int4; varchar(10) is not varchar(20)). */
function isSameType(from: TypeFacts, to: TypeFacts): boolean {
  const stored = (name: string): string => STORED_AS[name] ?? name;
  return stored(from.name) === stored(to.name) && from.isArray === to.isArray && from.modifiers.join(',') === to.modifiers.join(',');
}

/**
 * timestamp to timestamptz or back, to the full precision (no modifier, or 6): PostgreSQL 12+
 * skips the rewrite when the session's TimeZone has no offset from UTC, and only then (measured on
 * PostgreSQL 15: rewritten under Europe/Paris; kept under UTC and Etc/UTC, `SET LOCAL` included;
 * rewritten again to a lower precision, timestamptz(3) to timestamp(3) among them).
 */
function isTimeZoneSwitch(from: TypeFacts, to: TypeFacts): boolean {
  if (from.isArray || to.isArray) return false;
  const names = new Set([from.name, to.name]);
  if (names.size !== 2 || !names.has('timestamp') || !names.has('timestamptz')) return false;
  return to.modifiers.length === 0 || to.modifiers[0] >= 6;
}

/** Types whose modifier is a fractional-seconds precision: more (or none, the maximum) is free. */
const TEMPORAL = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/**
 * Changes PostgreSQL makes without a rewrite (since 9.2): a longer (or unlimited) varchar, varchar
 * to text, a numeric given more precision with the same scale, or made unconstrained; a time or
 * timestamp given more precision (or none), a longer bit varying, bit to an unbounded bit varying, cidr to
 * inet (each measured on PostgreSQL 15: the table keeps its file). An array's element type
 * changed at all rewrites it (varchar(10)[] to text[] does).
 */
function isBinaryCoercible(from: TypeFacts, to: TypeFacts): boolean {
  if (from.isArray || to.isArray) return false;
  if (from.name === 'cidr' && to.name === 'inet') return true;
  const longer = (): boolean => to.modifiers.length === 0 || (from.modifiers.length > 0 && to.modifiers[0] >= from.modifiers[0]);
  if (TEMPORAL.has(from.name) && from.name === to.name) return longer();
  if (from.name === 'varbit' && to.name === 'varbit') return longer();
  // bit(n) keeps its file only as an unbounded bit varying: bit(5) to varbit(5) or varbit(10) rewrites (PostgreSQL 15).
  if (from.name === 'bit' && to.name === 'varbit') return to.modifiers.length === 0;
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.modifiers.length === 0) return true;
    if (from.modifiers.length === 0) return false;
    const scale = (type: TypeFacts): number => type.modifiers[1] ?? 0;
    return to.modifiers[0] >= from.modifiers[0] && scale(to) === scale(from);
  }
  const textual = (name: string): boolean => name === 'varchar' || name === 'text';
  if (!textual(from.name) || !textual(to.name)) return false;
  if (to.name === 'text' || to.modifiers.length === 0) return true;
  return from.name === 'varchar' && from.modifiers.length > 0 && to.modifiers[0] >= from.modifiers[0];
}

/** Zone names PostgreSQL reads as UTC (no offset). */
const UTC_ZONES = /^(utc|etc\/utc|uct|etc\/uct|gmt|etc\/gmt|universal|etc\/universal|zulu|etc\/zulu|z|\+?0+(:00)?)$/i;

function utcSetBefore(action: ActionOf<'alterColumnType'>, context: RuleContext): boolean {
  let utc = false;
  for (const earlier of earlierInFunction(action, context.migration)) {
    if (earlier.kind !== 'otherSql') continue;
    if (earlier.statement === 'SET timezone') utc = earlier.settingValue !== undefined && UTC_ZONES.test(earlier.settingValue.trim());
    else if (earlier.statement === 'RESET timezone' || earlier.statement === 'RESET all') utc = false;
  }
  return utc;
}
