/**
 * `t.join(u, onclause)`, `t.outerjoin(u, onclause)`, `sa.join(t, u, onclause)` and
 * `sa.outerjoin(...)` with `isouter=` and `full=`, chained on the left (`t.join(u, a).join(s, b)`),
 * as FROM entries of `select_from()`; a select's own `.join()`, `.outerjoin()`, `.join_from()` and
 * `.outerjoin_from()`, placed when rendered (render/selectJoins.ts). A join without an onclause is inferred from foreign keys
 * (`sa.table()` has none: SQLAlchemy raises), and a join on the right is parenthesised: neither is
 * followed.
 */
import type { FromItem, FromTable, SelectJoin, SqlExpr } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, truthiness, type Value } from '../values';

type Join = Extract<FromItem, { kind: 'join' }>;

/** The FROM entry of a table or join value; undefined for anything else. */
export function fromItemOf(value: Value): FromItem | undefined {
  if (value.kind === 'table') return value.ref.schema === undefined ? { name: value.ref.name } : { name: value.ref.name, schema: value.ref.schema };
  if (value.kind === 'join') return value.from;
  return undefined;
}

/** `.join()` / `.outerjoin()` of a table or join (`left`): `right`, then `onclause`, `isouter` (join only), `full`. */
export function joinMethod(left: FromItem, name: 'join' | 'outerjoin', args: CallArgs): Value {
  return buildJoin(left, name, args.positional.map(({ value }) => value), args);
}

/** `sa.join(left, right, ...)` / `sa.outerjoin(left, right, ...)`. */
export function joinConstruct(name: 'join' | 'outerjoin'): (args: CallArgs) => Value {
  return (args) => {
    const [leftValue, ...rest] = args.positional.map(({ value }) => value);
    if (leftValue === undefined) return raising(`${name}() missing required positional arguments 'left' and 'right'`);
    if (leftValue.kind === 'opaque') return leftValue;
    const left = fromItemOf(leftValue);
    if (left === undefined) return opaque(`sa.${name}() of something other than sa.table() or a join`);
    return buildJoin(left, name, rest, args);
  };
}

function buildJoin(left: FromItem, name: 'join' | 'outerjoin', positional: Value[], args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`the arguments of ${name}() are not static: ${args.unknownSplat}`);
  const parameters = name === 'join' ? ['right', 'onclause', 'isouter', 'full'] : ['right', 'onclause', 'full'];
  if (positional.length > parameters.length) return raising(`${name}() takes at most ${parameters.length} arguments after the left side (${positional.length} given)`);
  const given = new Map<string, Value>();
  positional.forEach((value, at) => given.set(parameters[at], value));
  for (const [keyword, { value }] of args.keywords) {
    if (!parameters.includes(keyword)) return raising(`${name}() got an unexpected keyword argument '${keyword}'`);
    if (given.has(keyword)) return raising(`${name}() got multiple values for argument '${keyword}'`);
    given.set(keyword, value);
  }
  const rightValue = given.get('right');
  if (rightValue === undefined) return raising(`${name}() missing 1 required positional argument: 'right'`);
  if (rightValue.kind === 'opaque') return rightValue;
  if (rightValue.kind === 'join') return opaque(`${name}() of a join on the right, which SQLAlchemy parenthesises: not followed`);
  const right = fromItemOf(rightValue) as FromTable | undefined;
  if (right === undefined) return opaque(`${name}() of something other than sa.table() (a subquery, an alias)`);
  const onclause = given.get('onclause');
  if (onclause === undefined || onclause.kind === 'none') return opaque(`${name}() without an onclause: SQLAlchemy infers it from foreign keys (sa.table() has none, and SQLAlchemy raises), not followed`);
  if (onclause.kind === 'opaque') return onclause;
  if (onclause.kind !== 'sql' || onclause.label !== undefined) return opaque(`${name}() with an onclause other than a SQL expression`);
  const outerFlag = flag(given.get('isouter'), 'isouter');
  const fullFlag = flag(given.get('full'), 'full');
  if (typeof outerFlag !== 'boolean') return outerFlag;
  if (typeof fullFlag !== 'boolean') return fullFlag;
  // `full=True` makes any join a FULL OUTER JOIN; outerjoin() and isouter=True a LEFT OUTER JOIN.
  const outer = fullFlag ? 'full' : name === 'outerjoin' || outerFlag ? 'left' : undefined;
  const join: Join = { kind: 'join', left, right, on: onclause.expr, ...(outer ? { outer } : {}) };
  return { kind: 'join', from: join };
}

/** A flag's Python truth; a value known only at run time or a SQL expression is not followed. */
function flag(value: Value | undefined, name: string): boolean | Value {
  if (value === undefined) return false;
  if (value.kind === 'opaque') return value;
  const truth = truthiness(value);
  return truth === undefined ? opaque(`join() with ${name}= the engine cannot evaluate`) : truth;
}

type Select = Extract<SqlExpr, { kind: 'select' }>;

/** `select.join(right, on)` and its kin: the select with the join asked of it. */
export function selectJoinMethod(select: Select, name: 'join' | 'outerjoin' | 'join_from' | 'outerjoin_from', args: CallArgs): Value {
  const positional = args.positional.map(({ value }) => value);
  let left: FromItem | undefined;
  if (name === 'join_from' || name === 'outerjoin_from') {
    const leftValue = positional.shift();
    if (leftValue === undefined) return raising(`Select.${name}() missing 1 required positional argument: 'from_'`);
    if (leftValue.kind === 'opaque') return leftValue;
    left = fromItemOf(leftValue);
    if (left === undefined) return opaque(`Select.${name}() from something other than sa.table() or a join`);
  }
  // isouter= and full= are keyword-only here.
  if (positional.length > 2) return raising(`Select.${name}() takes at most 2 positional arguments after the left side (${positional.length} given)`);
  const outerName = name === 'join' || name === 'join_from' ? 'join' : 'outerjoin';
  const built = buildJoin({ name: '\u0000' }, outerName, positional, args);
  if (built.kind !== 'join') return built;
  const { right, on, outer } = built.from;
  const join: SelectJoin = { ...(left ? { left } : {}), right, on, ...(outer ? { outer } : {}) };
  return { kind: 'sql', expr: { ...select, joins: [...(select.joins ?? []), join] } };
}
