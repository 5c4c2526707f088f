/**
 * SQLAlchemy's operator methods beyond the plain comparisons: `a.between(x, y)` (and
 * `sa.between`), and `expr.op("@>")(value)`, a custom operator printed between its operands as
 * written, with precedence 0 (so it is put in parentheses under any other operator) and its right
 * operand bound as a comparison binds it. Keywords that change how a custom operator prints or
 * types (`precedence=` other than 0, `python_impl=`, `operator_class=`) are not followed.
 */
import type { SqlExpr } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';
import { boundLiteral } from '../boundPythonValue';

/** `expr.op(opstring, ...)`: the operator, to be called with its right operand. */
export function customOperator(left: SqlExpr, args: CallArgs): Value {
  const opstring = args.positional[0]?.value ?? args.keywords.get('opstring')?.value;
  if (opstring === undefined) return raising("Operators.op() missing 1 required positional argument: 'opstring' (TypeError)");
  if (opstring.kind === 'opaque') return opstring;
  if (opstring.kind !== 'str') return opaque('op() of an operator that is not a literal string');
  const precedence = args.positional[1]?.value ?? args.keywords.get('precedence')?.value;
  if (precedence !== undefined && !(precedence.kind === 'num' && precedence.value === 0 && !precedence.float)) return opaque(`op("${opstring.value}") with a precedence= other than 0`);
  const followed = new Set(['opstring', 'precedence', 'is_comparison', 'return_type']);
  const other = [...args.keywords.keys()].find((key) => !followed.has(key));
  if (other !== undefined || args.positional.length > 2) return opaque(`op("${opstring.value}") with ${other ?? 'more positional arguments'}`);
  return { kind: 'sqlOperator', left, operator: opstring.value };
}

/** Calling what `op()` gave: `left <operator> right`. */
export function applyCustomOperator(callee: Extract<Value, { kind: 'sqlOperator' }>, args: CallArgs): Value {
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.unknownSplat) return opaque(`the custom operator ${callee.operator} called with other than one operand`);
  const operand = args.positional[0].value;
  if (operand.kind === 'opaque') return operand;
  const right = toSqlExpr(operand);
  if (!right || right.kind === 'select') return opaque(`the right operand of the custom operator ${callee.operator} is not a literal or SQL expression the engine renders`);
  return { kind: 'sql', expr: { kind: 'binary', operator: callee.operator, left: callee.left, right, custom: true } };
}

/**
 * `a.between(x, y, symmetric=False)`: bounds are Python literals (bound as a comparison binds
 * them) or SQL expressions.
 */
export function between(expr: SqlExpr, args: CallArgs, callee: string, names: [string, string], alsoAccepted: string[] = []): Value {
  const [lowerArg, upperArg] = [args.positional[0] ?? args.keywords.get(names[0]), args.positional[1] ?? args.keywords.get(names[1])];
  if (!lowerArg || !upperArg) return raising(`${callee}() missing a required positional argument: '${!lowerArg ? names[0] : names[1]}' (TypeError)`);
  const unknown = [...args.keywords.keys()].find((key) => !names.includes(key) && key !== 'symmetric' && !alsoAccepted.includes(key));
  if (unknown !== undefined || args.positional.length > 3) return raising(`${callee}() got an unexpected argument${unknown ? ` '${unknown}'` : ''} (TypeError)`);
  const symmetricArg = args.positional[2]?.value ?? args.keywords.get('symmetric')?.value;
  if (symmetricArg !== undefined && symmetricArg.kind !== 'bool') return symmetricArg.kind === 'opaque' ? symmetricArg : opaque(`${callee}() with a symmetric= that is not a literal boolean`);
  const bounds: SqlExpr[] = [];
  for (const bound of [lowerArg.value, upperArg.value]) {
    if (bound.kind === 'opaque') return bound;
    const converted = toSqlExpr(bound) ?? boundPythonValue(bound);
    if (!converted || converted.kind === 'select') return opaque(`${callee}() with a bound the engine does not render`);
    bounds.push(converted);
  }
  return { kind: 'sql', expr: { kind: 'between', operand: expr, lower: bounds[0], upper: bounds[1], ...(symmetricArg?.value ? { symmetric: true as const } : {}) } };
}

/**
 * A date, datetime or Decimal bound: a bind SQLAlchemy types as a comparison with the operand
 * types it (coerce_compared_value, each bound on its own), which the renderer follows.
 */
function boundPythonValue(value: Value): SqlExpr | undefined {
  if (value.kind !== 'datetime' && value.kind !== 'decimal') return undefined;
  const literal = boundLiteral(value);
  return literal === undefined ? undefined : { kind: 'literal', value: literal };
}
