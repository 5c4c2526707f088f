/**
 * Python operators over evaluated values: arithmetic, comparison and %-formatting of literals,
 * and SQL expression building when one side is a SQL expression (`t.c.x == 5`).
 */
import type { SqlExpr } from '../ops';
import { dateTimeBinary } from './datetimes';
import { timeDeltaOperand } from './sqlalchemy/timeDeltas';
import { fixedHalfEven, pad } from './formatSpec';
import { fsPath, pathOf } from './paths';
import { enumClassOfMember } from './sqlalchemy/enumClasses';
import { negate, toSqlExpr } from './sqlalchemy/expressions';
import { mirroredAggregateComparison } from './sqlalchemy/postgresOperators';
import { equalityKey, opaque, pythonRepr, pythonStr, raising, str, toLiteral, truthiness, type Value } from './values';
import { TUPLE_COMPARISONS, tupleOperand } from './sqlalchemy/rowValues';
import { boundLiteral } from './boundPythonValue';
import { joinCriteria } from './sqlalchemy/booleanConstants';

const MAX_REPEAT = 1_000_000;

const SQL_OPERATORS: Record<string, string> = {
  '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '&': 'AND', '|': 'OR', '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '//': '//',
};

/** An opaque value whose str() is known, as that str (a tuple of them for `%` is left as it is). */
function asText(value: Value): Value {
  return value.kind === 'opaque' && value.text !== undefined ? str(value.text) : value;
}

/**
 * The result of an operation on a value known only at run time: unknown for the same reason. What
 * is known of the operand itself (a set's members, a dict's entries, its text) is not the result's
 * (`sorted({"a", "b"} - {"b"})` is not the left set's members).
 */
function operandUnknown(value: Extract<Value, { kind: 'opaque' }>): Value {
  if (value.setMembers === undefined && value.setItems === undefined && value.unorderedEntries === undefined) return value;
  const { setMembers: _members, setItems: _items, unorderedEntries: _entries, ...rest } = value;
  return rest;
}

/** `text` gives the expression's source for messages; it is only called when one is needed. */
export function evaluateBinary(operator: string, left: Value, right: Value, text: () => string): Value {
  // Membership in a set of strings does not depend on its order.
  if ((operator === 'in' || operator === 'not in') && right.kind === 'opaque' && right.setMembers && ['str', 'num', 'bool', 'none'].includes(left.kind)) {
    const found = left.kind === 'str' && right.setMembers.includes(left.value);
    return { kind: 'bool', value: operator === 'in' ? found : !found };
  }
  // Membership in a set of numbers (or tuples) does not depend on its order either.
  if ((operator === 'in' || operator === 'not in') && right.kind === 'opaque' && right.setItems) {
    const key = equalityKey(left);
    if (key !== undefined) {
      const found = right.setItems.some((item) => equalityKey(item) === key);
      return { kind: 'bool', value: operator === 'in' ? found : !found };
    }
  }
  // A value known only by its str() (a quoted_name: a str subclass) joins or formats strings as that text.
  if ((operator === '+' || operator === '%') && (left.kind === 'str' || right.kind === 'str')) {
    left = asText(left);
    right = asText(right);
  }
  if (left.kind === 'opaque') return operandUnknown(left);
  if (right.kind === 'opaque') return operandUnknown(right);
  // Identity is never a SQL operator: Python cannot overload `is`.
  if ((left.kind === 'sql' || right.kind === 'sql') && operator !== 'is' && operator !== 'is not') return sqlBinary(operator, left, right, text);
  const time = dateTimeBinary(operator, left, right);
  if (time) return time;
  const literal = literalBinary(operator, left, right);
  return literal ?? opaque(`unsupported operation \`${operator}\` in ${text()}`);
}

/**
 * A date, datetime or Decimal compared with a SQL expression (`t.c.created_at < datetime(...)`):
 * a bind SQLAlchemy types with coerce_compared_value, which the renderer follows
 * (render/comparedType.ts). Arithmetic with one is not followed (its result type varies).
 */
function comparedPythonValue(operator: string, value: Value): SqlExpr | undefined {
  if (!Object.prototype.hasOwnProperty.call(REFLECTED_COMPARISONS, operator)) return undefined;
  if (value.kind !== 'datetime' && value.kind !== 'decimal') return undefined;
  const literal = boundLiteral(value);
  return literal === undefined ? undefined : { kind: 'literal', value: literal };
}

/** Python's reflection of each comparison operator. */
const REFLECTED_COMPARISONS: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

function sqlBinary(operator: string, left: Value, right: Value, text: () => string): Value {
  if (left.kind === 'sql' && left.expr.kind === 'tuple') return tupleBinary(operator, left.expr, right, text);
  if (right.kind === 'sql' && right.expr.kind === 'tuple') return opaque(`a Python value compared with a tuple_() on its right (SQLAlchemy reflects the comparison): ${text()}`);
  // A Python value has no comparison with a SQL expression: Python asks the right side's reflected
  // one (`5 < t.c.id` is `t.c.id.__gt__(5)`), which SQLAlchemy prints `events.id > 5`.
  if (right.kind === 'sql' && left.kind !== 'sql' && left.kind !== 'column' && Object.prototype.hasOwnProperty.call(REFLECTED_COMPARISONS, operator)) {
    return sqlBinary(REFLECTED_COMPARISONS[operator], right, left, text);
  }
  const timeDelta = timeDeltaOperand(left, right) ?? timeDeltaOperand(right, left);
  if (timeDelta?.kind === 'opaque') return timeDelta.refusal;
  const leftExpr = left.kind === 'timedelta' && timeDelta ? timeDelta.expr : toSqlExpr(left);
  const rightExpr = right.kind === 'timedelta' && timeDelta ? timeDelta.expr : (toSqlExpr(right) ?? comparedPythonValue(operator, right));
  if (!leftExpr || !rightExpr) return opaque(`unsupported SQL expression: ${text()}`);
  const isNull = (expr: SqlExpr): boolean => expr.kind === 'literal' && expr.value === null;
  // SQLAlchemy compares a collection aggregate with None as `= NULL`, not IS NULL: not followed.
  const isAggregate = (expr: SqlExpr): boolean => expr.kind === 'function' && expr.collectionAggregate === true;
  if ((isAggregate(leftExpr) && isNull(rightExpr)) || (isAggregate(rightExpr) && isNull(leftExpr))) return opaque(`a comparison of sa.func.any() / all() / some() with None (SQLAlchemy prints = NULL): not followed in ${text()}`);
  if ((operator === '==' || operator === '!=') && isNull(rightExpr)) {
    return { kind: 'sql', expr: { kind: 'binary', operator: operator === '==' ? 'IS' : 'IS NOT', left: leftExpr, right: rightExpr } };
  }
  let sqlOperator = SQL_OPERATORS[operator];
  if (!sqlOperator) return opaque(`unsupported SQL operator ${operator} in ${text()}`);
  const mirrored = mirroredAggregateComparison(sqlOperator, leftExpr, rightExpr);
  if (mirrored) return 'kind' in mirrored && mirrored.kind === 'opaque' ? mirrored : { kind: 'sql', expr: mirrored as SqlExpr };
  if (sqlOperator === '+' && isConcatenation(left, right)) sqlOperator = '||';
  if (sqlOperator === 'AND' || sqlOperator === 'OR') return { kind: 'sql', expr: joinCriteria(sqlOperator, [leftExpr, rightExpr]) };
  return { kind: 'sql', expr: { kind: 'binary', operator: sqlOperator, left: leftExpr, right: rightExpr } };
}

/** `sa.tuple_(a, b) == (1, "x")`: a comparison of row values (rowValues.ts); `== None` is IS NULL. */
function tupleBinary(operator: string, left: Extract<SqlExpr, { kind: 'tuple' }>, right: Value, text: () => string): Value {
  const sqlOperator = SQL_OPERATORS[operator];
  if (sqlOperator === undefined || !TUPLE_COMPARISONS.has(sqlOperator)) return opaque(`unsupported operator ${operator} on a tuple_(): ${text()}`);
  const operand = tupleOperand(left, right);
  if ('failure' in operand) return operand.failure;
  const rightExpr = operand.expr;
  if (rightExpr.kind === 'literal' && (operator === '==' || operator === '!=')) return { kind: 'sql', expr: { kind: 'binary', operator: operator === '==' ? 'IS' : 'IS NOT', left, right: rightExpr } };
  if (rightExpr.kind === 'literal') return raising(`SQLAlchemy raises ArgumentError for ${sqlOperator} with None: "Only '=', '!=', 'is_()', 'is_not()', 'is_distinct_from()', 'is_not_distinct_from()' operators can be used with None/True/False"`);
  return { kind: 'sql', expr: { kind: 'binary', operator: sqlOperator, left, right: rightExpr } };
}

const NUMERIC_TYPES = /^(Integer|BigInteger|SmallInteger|Numeric|Float|Double|DOUBLE_PRECISION|REAL|INTEGER|BIGINT|SMALLINT|NUMERIC|DECIMAL|FLOAT|Interval|INTERVAL|Date|DateTime|Time|DATE|TIMESTAMP|TIME)$/;
const STRING_TYPES = /^(String|Text|Unicode|UnicodeText|VARCHAR|NVARCHAR|CHAR|NCHAR|TEXT|CLOB|CITEXT|AutoString)$/;

/** Concatenable types besides STRING_TYPES: `+` of one of them and a string is `||` too. */
const CONCATENABLE_TYPES = /^(Enum|ENUM|NullType)$/;

/**
 * SQLAlchemy compiles `+` as `||` when the expression is textual (a string type or a str literal).
 * A string-typed side concatenates only with another text or untyped one (Concatenable's
 * `_adapt_expression`): with a Python number or bool, or a side of a typed non-text expression
 * (`t.c.name + 5`, `t.c.name + t.c.id`, a function of type_=sa.Integer), `+` stays `+`.
 */
function isConcatenation(left: Value, right: Value): boolean {
  const typeOf = (value: Value): string | undefined => (value.kind === 'sql' ? value.type?.name : undefined);
  const leftType = typeOf(left);
  const rightType = typeOf(right);
  // A timedelta is bound as an Interval: not text either.
  const notText = (value: Value, type: string | undefined): boolean => value.kind === 'num' || value.kind === 'bool' || value.kind === 'timedelta' || (type !== undefined && !STRING_TYPES.test(type) && !CONCATENABLE_TYPES.test(type));
  if ((leftType && STRING_TYPES.test(leftType)) || (rightType && STRING_TYPES.test(rightType))) return !notText(left, leftType) && !notText(right, rightType);
  if (right.kind === 'str' && !(leftType && NUMERIC_TYPES.test(leftType))) return true;
  return left.kind === 'str' && !(rightType && NUMERIC_TYPES.test(rightType));
}

export function evaluateUnary(operator: string, operand: Value): Value {
  if (operand.kind === 'opaque') {
    // `not some_set`: its size decides, known even when its order is not.
    const truth = operator === 'not' ? truthiness(operand) : undefined;
    return truth === undefined ? operand : { kind: 'bool', value: !truth };
  }
  if (operator === 'not') {
    if (operand.kind === 'mode') return { kind: 'mode', offline: !operand.offline };
    // Python's `not` asks the clause's truth (values.ts): it is no SQL NOT (that is `~` or sa.not_()).
    const truth = truthiness(operand);
    return truth === undefined ? opaque('negation of a value known only at run time') : { kind: 'bool', value: !truth };
  }
  if (operand.kind === 'num') {
    if (operator === '-') {
      if (operand.float) return { kind: 'num', value: -operand.value, float: true };
      // Negating keeps an exact int's digits (`-9223372036854775808`).
      if (operand.exact !== undefined) return { kind: 'num', value: -operand.value, exact: operand.exact.startsWith('-') ? operand.exact.slice(1) : `-${operand.exact}` };
      return { kind: 'num', value: -operand.value };
    }
    if (operator === '+') return operand;
    if (operator === '~' && !operand.float) return { kind: 'num', value: ~operand.value };
  }
  // `-timedelta(hours=9)` (a zone west of UTC): a timedelta of the opposite sign.
  if (operand.kind === 'timedelta' && (operator === '-' || operator === '+')) return operator === '-' ? { kind: 'timedelta', micros: -operand.micros } : operand;
  if (operand.kind === 'sql' && operator === '-') return { kind: 'sql', expr: { kind: 'unary', operator: '-', operand: operand.expr } };
  if (operator === '~' && operand.kind === 'sql') return { kind: 'sql', expr: negate(operand.expr, operand.type) };
  return opaque(`unsupported unary operator ${operator}`);
}

function literalBinary(operator: string, left: Value, right: Value): Value | undefined {
  switch (operator) {
    case '+':
      if (left.kind === 'str' && right.kind === 'str') return str(left.value + right.value);
      if (left.kind === 'num' && right.kind === 'num') return numeric(left, right, (a, b) => a + b);
      if (left.kind === 'seq' && right.kind === 'seq') return { kind: 'seq', items: [...left.items, ...right.items], tuple: left.tuple };
      return undefined;
    case '%':
      if (left.kind === 'str') return percentFormat(left.value, right);
      return numeric(left, right, (a, b) => ((a % b) + b) % b);
    case '*':
      // Repetition is bounded so that `"x" * 10**9` in a file cannot exhaust memory.
      if (left.kind === 'str' && right.kind === 'num') {
        const count = Math.max(0, Math.trunc(right.value));
        return left.value.length * count > MAX_REPEAT ? undefined : str(left.value.repeat(count));
      }
      if (left.kind === 'seq' && right.kind === 'num') {
        const count = Math.max(0, Math.trunc(right.value));
        if (left.items.length * count > MAX_REPEAT) return undefined;
        return { kind: 'seq', items: Array.from({ length: count }, () => left.items).flat(), tuple: left.tuple };
      }
      return numeric(left, right, (a, b) => a * b);
    case '-':
      return numeric(left, right, (a, b) => a - b);
    case '/':
      // pathlib's `/` joins (`Path(__file__).parent / "sql" / "up.sql"`), from either side.
      if (left.kind === 'path' && (right.kind === 'str' || right.kind === 'path')) return pathOf(left.path, fsPath(right)!);
      if (left.kind === 'str' && right.kind === 'path') return pathOf(left.value, right.path);
      // True division: a float, even of two ints (`4 / 2` is `2.0`).
      return numeric(left, right, (a, b) => (b === 0 ? NaN : a / b), true);
    case '//':
      return numeric(left, right, (a, b) => (b === 0 ? NaN : Math.floor(a / b)));
    case '**':
      // An int to a negative power is a float (`2 ** -1` is `0.5`).
      return numeric(left, right, (a, b) => a ** b, right.kind === 'num' && right.value < 0);
    case '<<':
    case '>>':
      return integerShift(operator, left, right);
    case '==':
    case '!=': {
      if (left.kind === 'enumMember' && right.kind === 'enumMember') {
        const same = sameEnumMember(left, right);
        return same === undefined ? undefined : { kind: 'bool', value: operator === '==' ? same : !same };
      }
      // Python compares numbers by value (`1 == 1.0`, `True == 1`), containers item by item.
      const a = equalityKey(left);
      const b = equalityKey(right);
      if (a === undefined || b === undefined) return undefined;
      const equal = a === b;
      return { kind: 'bool', value: operator === '==' ? equal : !equal };
    }
    case 'is':
    case 'is not': {
      const a = pythonRepr(left);
      const b = pythonRepr(right);
      // Only None is None: a SQL expression, a table, a type or any other object the engine
      // knows is not (`if server_default is None:` of `sa.func.now()`, daf_butler_migrate).
      if ((a === undefined || b === undefined) && (left.kind === 'none' || right.kind === 'none') && left.kind !== 'opaque' && right.kind !== 'opaque') {
        return { kind: 'bool', value: operator === 'is not' };
      }
      if (a === undefined || b === undefined) return undefined;
      const equal = a === b;
      return { kind: 'bool', value: operator === 'is' ? equal : !equal };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case 'in':
    case 'not in': {
      const found = contains(right, left);
      return found === undefined ? undefined : { kind: 'bool', value: operator === 'in' ? found : !found };
    }
    default:
      return undefined;
  }
}

/** Arithmetic of two numbers: a float when either is one (or `toFloat`: true division), as in Python. */
function numeric(left: Value, right: Value, apply: (a: number, b: number) => number, toFloat = false): Value | undefined {
  if (left.kind !== 'num' || right.kind !== 'num') return undefined;
  const value = apply(left.value, right.value);
  if (!Number.isFinite(value)) return undefined;
  return toFloat || left.float || right.float ? { kind: 'num', value, float: true } : { kind: 'num', value };
}

/**
 * `a << n` and `a >> n` of two ints (a helper's base64 length, `int((n + 2) / 3) << 2`), computed
 * exactly. Python raises for a float or a negative count; a result a double cannot hold exactly
 * would be printed rounded: each is left unknown (opaque) instead.
 */
function integerShift(operator: '<<' | '>>', left: Value, right: Value): Value | undefined {
  if (left.kind !== 'num' || right.kind !== 'num' || left.float || right.float) return undefined;
  if (!Number.isSafeInteger(left.value) || !Number.isSafeInteger(right.value) || right.value < 0 || right.value > 1024) return undefined;
  // BigInt's >> floors like Python's (`-7 >> 1` is -4).
  const shifted = operator === '<<' ? BigInt(left.value) << BigInt(right.value) : BigInt(left.value) >> BigInt(right.value);
  const value = Number(shifted);
  return Number.isSafeInteger(value) ? { kind: 'num', value } : undefined;
}

function compare(operator: string, left: Value, right: Value): Value | undefined {
  const comparable = (left.kind === 'num' && right.kind === 'num') || (left.kind === 'str' && right.kind === 'str');
  if (!comparable) return undefined;
  const a = left.value as number | string;
  const b = right.value as number | string;
  const result = operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
  return { kind: 'bool', value: result };
}

function contains(container: Value, item: Value): boolean | undefined {
  if (container.kind === 'str' && item.kind === 'str') return container.value.includes(item.value);
  // A member in a list, tuple or set of members (pass-culture's `feature not in FEATURES_DISABLED_BY_DEFAULT`).
  if (item.kind === 'enumMember' && container.kind === 'seq') {
    for (const candidate of container.items) {
      const same = candidate.kind === 'enumMember' ? sameEnumMember(candidate, item) : undefined;
      if (same !== false) return same;
    }
    return false;
  }
  const key = equalityKey(item);
  if (key === undefined) return undefined;
  if (container.kind === 'seq') return container.items.some((candidate) => equalityKey(candidate) === key);
  if (container.kind === 'dict') return container.entries.some((entry) => equalityKey(entry.key) === key);
  return undefined;
}

/**
 * Whether two enum members are the same member: of one class (the same class object the engine
 * read), by name (an alias is read as its canonical member, enumMembers.ts); two distinct members
 * of one class are unequal even with an int or str mixin (equal values make an alias). Members
 * of different classes are undefined: with a mixin they compare by value.
 */
function sameEnumMember(a: Extract<Value, { kind: 'enumMember' }>, b: Extract<Value, { kind: 'enumMember' }>): boolean | undefined {
  const classOfA = enumClassOfMember.get(a);
  if (classOfA === undefined || classOfA !== enumClassOfMember.get(b)) return undefined;
  return a.name === b.name;
}

/**
 * Python's `"..." % args`: the conversions s r a d i u f F x X o c and %%, with the flags - + space
 * 0, a width and a precision. Any other conversion or flag (`%e`, `%g`, `%#x`, `*` widths) is
 * refused, never printed as written: Python formats or raises there.
 */
export function percentFormat(template: string, args: Value): Value {
  const positional = args.kind === 'seq' && args.tuple ? args.items : [args];
  let index = 0;
  let failure: string | undefined;
  const out = template.replace(/%(\((\w+)\))?([-+ 0#]*)(\*|\d*)(?:\.(\*|\d*))?([a-zA-Z%]?)/g, (whole, _group, key: string | undefined, flags: string, width: string, precision: string | undefined, conversion: string) => {
    if (conversion === '%' && whole === '%%') return '%';
    if (failure) return '';
    let value: Value | undefined;
    if (key !== undefined) {
      value = args.kind === 'dict' ? args.entries.find((entry) => entry.key.kind === 'str' && entry.key.value === key)?.value : undefined;
    } else {
      value = positional[index++];
    }
    if (!value) {
      failure = 'not enough arguments for format string';
      return '';
    }
    const text = width === '*' || precision === '*' || flags.includes('#') ? undefined : formatOne(value, conversion, flags, width === '' ? 0 : Number(width), precision === undefined ? undefined : Number(precision || '0'));
    if (text === undefined) failure = `a %-format the engine does not reproduce (${whole}), or an argument that is not a literal`;
    return text ?? '';
  });
  if (failure) return args.kind === 'opaque' ? args : opaque(failure);
  return str(out);
}

const NUMERIC_CONVERSIONS = new Set(['d', 'i', 'u', 'f', 'F', 'x', 'X', 'o']);

function formatOne(value: Value, conversion: string, flags: string, width: number, precision: number | undefined): string | undefined {
  let body: string | undefined;
  let sign = '';
  if (conversion === 's' || conversion === 'r' || conversion === 'a') {
    const text = conversion === 's' ? pythonStr(value) : pythonRepr(value);
    if (text === undefined || (conversion === 'a' && /[^\x00-\x7f]/.test(text))) return undefined;
    body = precision === undefined ? text : Array.from(text).slice(0, precision).join('');
  } else if (conversion === 'c') {
    const literal = toLiteral(value);
    if (typeof literal === 'string' && Array.from(literal).length === 1) body = literal;
    else if (typeof literal === 'number' && Number.isInteger(literal) && literal >= 0 && literal <= 0x10ffff && value.kind === 'num' && !value.float) body = String.fromCodePoint(literal);
    else return undefined;
  } else if (NUMERIC_CONVERSIONS.has(conversion)) {
    const literal = toLiteral(value);
    if (typeof literal !== 'number' && typeof literal !== 'boolean') return undefined;
    const number = Number(literal);
    if (!Number.isFinite(number)) return undefined;
    const isFloatConversion = conversion === 'f' || conversion === 'F';
    // %d of a float truncates it; an integer beyond 2**53 has no exact digits here.
    if (!isFloatConversion && !Number.isSafeInteger(Math.trunc(number))) return undefined;
    const magnitude = Math.abs(number);
    if (isFloatConversion) {
      const digits = fixedHalfEven(magnitude, precision ?? 6);
      if (digits === undefined) return undefined;
      body = digits;
    } else {
      const whole = Math.trunc(magnitude);
      body = conversion === 'x' ? whole.toString(16) : conversion === 'X' ? whole.toString(16).toUpperCase() : conversion === 'o' ? whole.toString(8) : String(whole);
      if (precision !== undefined) body = body.padStart(precision, '0');
    }
    // A float keeps its sign even when it prints as zero (`-0.0`); an int truncated to 0 has none.
    const negative = isFloatConversion ? number < 0 || Object.is(number, -0) : Math.trunc(number) < 0;
    sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  } else {
    return undefined;
  }
  // `-` pads on the right; `0` (numbers only) with zeros after the sign; else spaces on the left.
  if (flags.includes('-')) return pad(sign, body, width, ' ', '<');
  if (flags.includes('0') && NUMERIC_CONVERSIONS.has(conversion)) return pad(sign, body, width, '0', '=');
  return pad(sign, body, width, ' ', '>');
}
