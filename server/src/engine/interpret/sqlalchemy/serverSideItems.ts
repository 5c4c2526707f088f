/**
 * A Column's server-side items (`sa.DefaultClause`, `sa.FetchedValue`, `sa.Identity`,
 * `sa.Computed`, given positionally or as server_default= / server_onupdate=), followed as
 * SQLAlchemy's Column takes them: `Column.__init__` first sets `server_default` and
 * `server_onupdate` from its keywords, then each item joins the column in order (the positional
 * ones, then the keywords' own), and each `_set_parent` overwrites the slot it fills or raises
 * when it finds the slot taken. What is left in the slots decides the DDL: a DefaultClause in
 * server_default prints DEFAULT, a plain FetchedValue prints nothing but still stops the column
 * from being the table's autoincrement column; the last Identity and Computed attached print
 * their GENERATED clauses.
 */
import type { IdentitySpec, SqlExpr } from '../../ops';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

/** What `column.server_default` (or `server_onupdate`) holds. */
type Slot = { kind: 'none' } | { kind: 'clause'; expr: SqlExpr } | { kind: 'fetched' } | { kind: 'identity' } | { kind: 'computed' };

/** An item as it joins the column: which slot it fills (a DefaultClause or FetchedValue), or what it is. */
type Item =
  | { kind: 'clause'; expr: SqlExpr; forUpdate: boolean }
  | { kind: 'fetched'; forUpdate: boolean }
  | { kind: 'identity'; spec: IdentitySpec }
  | { kind: 'computed'; computed: ComputedSpec };

export interface ComputedSpec {
  sql: SqlExpr;
  persisted?: boolean;
}

export interface ServerSide {
  serverDefault?: SqlExpr;
  /** server_default holds a FetchedValue that prints no DEFAULT. */
  fetched?: true;
  identity?: IdentitySpec;
  computed?: ComputedSpec;
}

/** Whether `value` is one of the items this module follows when given positionally. */
export function isServerSideItem(value: Value): boolean {
  return value.kind === 'defaultClause' || value.kind === 'fetchedValue' || value.kind === 'identity' || value.kind === 'computed';
}

/** An item, or the value (opaque, or raising as SQLAlchemy does) that stops the column. */
type Taken = { item: Item } | { stop: Value };

/**
 * A DefaultClause's argument as SQL: a string is a quoted literal, a SQL construct itself. A bool
 * is refused by DefaultClause.__init__ (ArgumentError; a number too, which the renderer refuses).
 */
function clause(arg: Value, forUpdate: boolean, keyword: string): Taken {
  if (arg.kind === 'opaque') return { stop: arg };
  if (arg.kind === 'bool') {
    return { stop: raising(`${keyword}=${arg.value ? 'True' : 'False'} is refused by SQLAlchemy (ArgumentError: it takes a string, sa.text() or a SQL expression such as sa.${arg.value ? 'true' : 'false'}())`) };
  }
  const expr = toSqlExpr(arg);
  return expr === undefined ? { stop: opaque(`${keyword}= is not a literal or SQL expression`) } : { item: { kind: 'clause', expr, forUpdate } };
}

/** An item given positionally, as it is; `forUpdate` overrides a FetchedValue's own flag (server_default= and server_onupdate= do). */
function itemOf(value: Value, forUpdate?: boolean): Taken {
  switch (value.kind) {
    case 'defaultClause':
      return clause(value.arg, forUpdate ?? value.forUpdate === true, 'arg');
    case 'fetchedValue':
      return { item: { kind: 'fetched', forUpdate: forUpdate ?? value.forUpdate === true } };
    case 'identity':
      return { item: { kind: 'identity', spec: value.spec } };
    case 'computed':
      return { item: { kind: 'computed', computed: value.persisted === undefined ? { sql: value.sql } : { sql: value.sql, persisted: value.persisted } } };
    default:
      return { stop: opaque(value.kind === 'opaque' ? value.reason : `unsupported argument to sa.Column(): ${value.kind}`) };
  }
}

/**
 * server_default= / server_onupdate=: a FetchedValue (DefaultClause, Identity and Computed are
 * ones) is taken with its for_update set to the keyword's (`_as_for_update`; Identity and
 * Computed join the same way whatever it says), anything else is wrapped in a DefaultClause.
 */
function keywordItem(value: Value, forUpdate: boolean): Taken {
  if (value.kind === 'identity' && forUpdate) return { stop: opaque('server_onupdate=sa.Identity() is not modelled') };
  if (isServerSideItem(value)) return itemOf(value, forUpdate);
  return clause(value, forUpdate, forUpdate ? 'server_onupdate' : 'server_default');
}

function slotOf(item: Item): Slot {
  return item.kind === 'clause' ? { kind: 'clause', expr: item.expr } : item.kind === 'fetched' ? { kind: 'fetched' } : { kind: item.kind };
}

/**
 * The column's server side after its items join it, or the value that stops it.
 * `autoincrementFalse`: the column says autoincrement=False, which an Identity refuses.
 */
export function serverSideOf(positional: readonly Value[], serverDefault: Value | undefined, serverOnUpdate: Value | undefined, autoincrementFalse: boolean): ServerSide | { stop: Value } {
  const items: Item[] = [];
  for (const value of positional) {
    const taken = itemOf(value);
    if ('stop' in taken) return taken;
    items.push(taken.item);
  }
  let defaultSlot: Slot = { kind: 'none' };
  let onUpdateSlot: Slot = { kind: 'none' };
  for (const [value, forUpdate] of [[serverDefault, false], [serverOnUpdate, true]] as const) {
    if (value === undefined || value.kind === 'none') continue;
    const taken = keywordItem(value, forUpdate);
    if ('stop' in taken) return taken;
    // Column.__init__ sets both slots before any item joins; the keywords' items join last.
    items.push(taken.item);
    if (forUpdate) onUpdateSlot = slotOf(taken.item);
    else defaultSlot = slotOf(taken.item);
  }
  const side: ServerSide = {};
  for (const item of items) {
    switch (item.kind) {
      case 'clause':
      case 'fetched':
        if (item.forUpdate) onUpdateSlot = slotOf(item);
        else defaultSlot = slotOf(item);
        break;
      case 'identity':
        if ((defaultSlot.kind !== 'none' && defaultSlot.kind !== 'identity') || onUpdateSlot.kind !== 'none') {
          return { stop: raising('A column with an Identity object cannot specify a server_default or a server_onupdate argument') };
        }
        if (autoincrementFalse) return { stop: raising('A column with an Identity object cannot specify autoincrement=False') };
        side.identity = item.spec;
        defaultSlot = { kind: 'identity' };
        break;
      case 'computed':
        if ((defaultSlot.kind !== 'none' && defaultSlot.kind !== 'computed') || (onUpdateSlot.kind !== 'none' && onUpdateSlot.kind !== 'computed')) {
          return { stop: raising('A generated column cannot specify a server_default or a server_onupdate argument') };
        }
        side.computed = item.computed;
        defaultSlot = { kind: 'computed' };
        onUpdateSlot = { kind: 'computed' };
        break;
    }
  }
  if (defaultSlot.kind === 'clause') side.serverDefault = defaultSlot.expr;
  if (defaultSlot.kind === 'fetched') side.fetched = true;
  return side;
}
