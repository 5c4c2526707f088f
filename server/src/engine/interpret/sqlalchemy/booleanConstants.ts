/**
 * `sa.true()` and `sa.false()` among AND / OR criteria. SQLAlchemy drops the constant that does not
 * decide the result (`and_(x, true())` is `x`, `or_(x, false())` is `x`), lets the one that does
 * replace the whole list (`and_(x, false())` is `false`), and keeps a constant alone when nothing
 * else is left (`and_(true(), true())` is `true`); so do `&`, `|`, `where()` given several
 * criteria or called again, and `having()`, and a Python True or False among them, which
 * SQLAlchemy coerces to these constants. `~true()` is `false`. SQL text reading "true" is not a
 * constant and is kept.
 */
import type { SqlExpr } from '../../ops';

export function booleanConstant(value: boolean): SqlExpr {
  return { kind: 'text', sql: value ? 'true' : 'false', booleanConstant: true };
}

/** The constant's value; a Python bool given as a criterion is coerced to one (not `sa.literal(True)`, a bind). */
function constantValue(expr: SqlExpr): boolean | undefined {
  if (expr.kind === 'text') return expr.booleanConstant === true ? expr.sql === 'true' : undefined;
  if (expr.kind === 'literal' && typeof expr.value === 'boolean' && expr.construct !== true && expr.inline !== true) return expr.value;
  return undefined;
}

/** `~sa.true()` / `sa.not_(sa.false())`: the other constant; undefined for anything else. */
export function negatedConstant(expr: SqlExpr): SqlExpr | undefined {
  const value = constantValue(expr);
  return value === undefined ? undefined : booleanConstant(!value);
}

/**
 * `clauses` joined by `operator`, left to right, after SQLAlchemy's treatment of the constants;
 * `criteria` marks the AND of a statement's WHERE / HAVING list (see SqlExpr's binary).
 */
export function joinCriteria(operator: 'AND' | 'OR', clauses: SqlExpr[], criteria?: true): SqlExpr {
  const decisive = operator === 'OR';
  const kept: SqlExpr[] = [];
  let neutral: SqlExpr | undefined;
  for (const clause of clauses) {
    const value = constantValue(clause);
    if (value === decisive) return clause;
    if (value === undefined) kept.push(clause);
    else neutral = clause;
  }
  if (kept.length === 0) return neutral ?? clauses[0];
  return kept.slice(1).reduce<SqlExpr>((left, right) => ({ kind: 'binary', operator, left, right, ...(criteria ? { criteria } : {}) }), kept[0]);
}
