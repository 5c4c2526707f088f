/**
 * SQLAlchemy's operators of JSON, JSONB and ARRAY columns as data migrations use them:
 * `doc["k"]`, `doc[("a", "b")]`, `.astext`, `.as_string()` / `.as_integer()` / `.as_boolean()` /
 * `.as_float()` / `.as_numeric(p, s)`, JSONB's `.has_key()` / `.has_any()` / `.has_all()` /
 * `.contains()` / `.contained_by()`, ARRAY's `tags[1]`, `.any(x)` / `.all(x)`, `.contains()` /
 * `.contained_by()` / `.overlap()`, and `sa.any_(tags)` / `sa.all_(tags)`. The renderer prints them
 * (render/postgresOperators.ts). Misuse SQLAlchemy raises on is refused with its error; what is
 * not followed (a TypeDecorator over JSON, keyword arguments) stays opaque.
 */
import type { PgOperator, SqlExpr, SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

type JsonFlavour = 'jsonb' | 'postgresqlJson' | 'json';

/** Which JSON type a column has: only SQLAlchemy's own (a type of another module is not followed). */
function jsonFlavour(type: SqlType | undefined): JsonFlavour | undefined {
  if (type === undefined || (type.module !== undefined && type.module !== 'sa' && type.module !== 'postgresql')) return undefined;
  if (type.name === 'JSONB') return 'jsonb';
  if (type.name === 'JSON') return type.module === 'postgresql' ? 'postgresqlJson' : 'json';
  return undefined;
}

function arrayItemType(type: SqlType | undefined): SqlType | undefined {
  if (type?.name !== 'ARRAY' || (type.module !== undefined && type.module !== 'sa' && type.module !== 'postgresql')) return undefined;
  const item = type.args[0] ?? type.kwargs.item_type;
  return typeof item === 'object' && item !== null && 'args' in item && 'kwargs' in item ? (item as SqlType) : undefined;
}

const TEXT: SqlType = { name: 'Text', module: 'sa', args: [], kwargs: {} };

function sqlValue(expr: SqlExpr, type: SqlType | undefined): Value {
  return type === undefined ? { kind: 'sql', expr } : { kind: 'sql', expr, type };
}

function binary(pg: PgOperator, operator: string, left: SqlExpr, right: SqlExpr, type: SqlType | undefined): SqlExpr {
  return { kind: 'binary', operator, left, right, custom: true, pg, ...(type ? { type } : {}) };
}

/** A JSON index: a str key or an int position (a bool or float is not followed). */
function indexLiteral(index: Value): SqlExpr | undefined {
  if (index.kind === 'str') return { kind: 'literal', value: index.value };
  if (index.kind === 'num' && !index.float && Number.isInteger(index.value) && index.exact === undefined) return { kind: 'literal', value: index.value };
  return undefined;
}

/** A JSON path, `("a", 1)`: JSONPathType's literal `'{a, 1}'` (Python's str() of each item, joined). */
function pathLiteral(index: Extract<Value, { kind: 'seq' }>): SqlExpr | undefined {
  const parts: string[] = [];
  for (const item of index.items) {
    const literal = indexLiteral(item);
    if (literal?.kind !== 'literal') return undefined;
    parts.push(String(literal.value));
  }
  return { kind: 'literal', value: `{${parts.join(', ')}}` };
}

/** `expr[index]` of a JSON, JSONB or ARRAY expression; undefined for any other type. */
export function sqlSubscript(target: Extract<Value, { kind: 'sql' }>, index: Value): Value | undefined {
  const flavour = jsonFlavour(target.type);
  const item = arrayItemType(target.type);
  if (flavour === undefined && item === undefined) return undefined;
  if (index.kind === 'opaque') return index;
  if (item !== undefined) {
    const position = index.kind === 'num' && !index.float && Number.isInteger(index.value) ? indexLiteral(index) : undefined;
    if (!position) return opaque('an ARRAY index other than an integer (a slice, a SQL expression): not followed');
    return sqlValue(binary('getitem', '[]', target.expr, position, item), item);
  }
  if (index.kind === 'seq') {
    const path = pathLiteral(index);
    if (!path) return opaque('a JSON path of items other than strings and integers: not followed');
    return sqlValue(binary('json_path_getitem', '#>', target.expr, path, target.type), target.type);
  }
  const key = indexLiteral(index);
  if (!key) return opaque('a JSON index other than a string or an integer: not followed');
  return sqlValue(binary('json_getitem', flavour === 'jsonb' ? '[]' : '->', target.expr, key, target.type), target.type);
}

function isJsonIndex(expr: SqlExpr): expr is Extract<SqlExpr, { kind: 'binary' }> {
  return expr.kind === 'binary' && (expr.pg === 'json_getitem' || expr.pg === 'json_path_getitem') && expr.castTo === undefined;
}

/** `doc["k"].astext`: PostgreSQL's JSON and JSONB `->>` (`#>>` of a path), a TEXT. */
export function sqlAttribute(target: Extract<Value, { kind: 'sql' }>, name: string): Value | undefined {
  if (name !== 'astext') return undefined;
  const flavour = jsonFlavour(target.type);
  if (flavour === undefined) return undefined;
  const kind = target.expr.kind === 'binary' || target.expr.kind === 'column' ? (target.expr.kind === 'binary' ? 'BinaryExpression' : 'ColumnClause') : undefined;
  if (flavour === 'json' || !isJsonIndex(target.expr)) {
    return kind ? raising(`AttributeError: Neither '${kind}' object nor 'Comparator' object has an attribute 'astext'`) : undefined;
  }
  const path = target.expr.pg === 'json_path_getitem';
  return sqlValue(binary(path ? 'path_astext' : 'astext', path ? '#>>' : '->>', target.expr.left, target.expr.right, TEXT), TEXT);
}

const JSON_CASTS: Record<string, string> = { as_string: 'String', as_integer: 'Integer', as_boolean: 'Boolean', as_float: 'Float', as_numeric: 'Numeric' };
const JSONB_COMPARISONS: Record<string, [PgOperator, string]> = {
  has_key: ['has_key', '?'], has_any: ['has_any', '?|'], has_all: ['has_all', '?&'], contains: ['contains', '@>'], contained_by: ['contained_by', '<@'],
};
const ARRAY_COMPARISONS: Record<string, [PgOperator, string]> = { contains: ['contains', '@>'], contained_by: ['contained_by', '<@'], overlap: ['overlap', '&&'] };

/** A method of a JSON, JSONB or ARRAY expression this module follows; undefined for any other. */
export function postgresMethod(expr: SqlExpr, name: string, args: CallArgs, type: SqlType | undefined): Value | undefined {
  const flavour = jsonFlavour(type);
  const item = arrayItemType(type);
  if (flavour !== undefined && Object.prototype.hasOwnProperty.call(JSON_CASTS, name)) return jsonCast(expr, name, args);
  if (flavour === 'jsonb' && Object.prototype.hasOwnProperty.call(JSONB_COMPARISONS, name)) return comparison(expr, JSONB_COMPARISONS[name], name, args, type as SqlType);
  if (flavour !== undefined && flavour !== 'jsonb' && name in JSONB_COMPARISONS && name !== 'contains') {
    return raising(`AttributeError: Neither '${expr.kind === 'column' ? 'ColumnClause' : 'BinaryExpression'}' object nor 'Comparator' object has an attribute '${name}'`);
  }
  // The base sa.ARRAY's comparator has no @> of its own: contains() raises, contained_by() and overlap() are not there.
  if (item !== undefined && type?.module === 'sa' && name === 'contains') return raising('NotImplementedError: ARRAY.contains() not implemented for the base ARRAY type; please use the dialect-specific ARRAY type');
  if (item !== undefined && type?.module === 'sa' && Object.prototype.hasOwnProperty.call(ARRAY_COMPARISONS, name)) {
    return raising(`AttributeError: Neither '${expr.kind === 'column' ? 'ColumnClause' : expr.kind === 'function' ? 'Function' : 'BinaryExpression'}' object nor 'Comparator' object has an attribute '${name}'`);
  }
  if (item !== undefined && Object.prototype.hasOwnProperty.call(ARRAY_COMPARISONS, name)) return comparison(expr, ARRAY_COMPARISONS[name], name, args, type as SqlType);
  if (item !== undefined && (name === 'any' || name === 'all')) return arrayAnyAll(expr, name, args, item);
  return undefined;
}

/** `doc["k"].as_integer()`: the index cast, `CAST(doc ->> 'k' AS INTEGER)`. */
function jsonCast(expr: SqlExpr, name: string, args: CallArgs): Value {
  if (!isJsonIndex(expr)) return raising(`InvalidRequestError: The JSON cast operator JSON.${name}() only works with a JSON index expression e.g. col['q'].${name}()`);
  if (args.unknownSplat || args.keywords.size > 0) return opaque(`${name}() with keyword arguments: not followed`);
  const typeArgs: number[] = [];
  for (const { value } of args.positional) {
    if (value.kind !== 'num' || value.float || !Number.isInteger(value.value)) return opaque(`${name}() of arguments other than integers: not followed`);
    typeArgs.push(value.value);
  }
  if (name === 'as_numeric' ? typeArgs.length !== 2 : typeArgs.length > 0) return opaque(`${name}() with ${typeArgs.length} arguments: not followed`);
  const castTo: SqlType = { name: JSON_CASTS[name], module: 'sa', args: typeArgs, kwargs: {} };
  return sqlValue({ ...expr, castTo, type: castTo }, castTo);
}

/** `doc.has_key("k")`, `tags.contains(["a"])`: a Python value on the right is bound with the left's type. */
function comparison(expr: SqlExpr, [pg, operator]: [PgOperator, string], name: string, args: CallArgs, operandType: SqlType): Value {
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length !== 1) return opaque(`${name}() with other than one positional argument: not followed`);
  const operand = args.positional[0].value;
  if (operand.kind === 'opaque') return operand;
  const right = toSqlExpr(operand) ?? seqLiteral(operand);
  if (!right || right.kind === 'select') return opaque(`${name}() of a value the engine does not render`);
  // Unlike a plain custom operator's, a Python value is bound with the left's type (JSONB's has no literal renderer: CompileError).
  return { kind: 'sql', expr: { kind: 'binary', operator, left: expr, right, custom: true, pg, operandType } };
}

/** A Python list or dict as a literal, for the renderer to bind with the column's type (ARRAY['a'], or JSONB's CompileError). */
function seqLiteral(value: Value): SqlExpr | undefined {
  if (value.kind !== 'seq' && value.kind !== 'dict') return undefined;
  return toSqlExpr(value);
}

/** `tags.any("a")`: `'a' = ANY (tags)`; `operator=` is not followed. */
function arrayAnyAll(expr: SqlExpr, name: 'any' | 'all', args: CallArgs, item: SqlType): Value {
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length !== 1) return opaque(`ARRAY's ${name}() with other than one positional argument (operator=): not followed`);
  const operand = args.positional[0].value;
  if (operand.kind === 'opaque') return operand;
  const left = toSqlExpr(operand);
  if (!left || left.kind === 'select') return opaque(`ARRAY's ${name}() of a value the engine does not render`);
  return { kind: 'sql', expr: { kind: 'binary', operator: '=', left, right: collectionAggregate(expr, name, item) } };
}

function collectionAggregate(operand: SqlExpr, name: 'any' | 'all', item: SqlType): SqlExpr {
  return { kind: 'unary', operator: name === 'any' ? 'ANY' : 'ALL', operand, type: item };
}

/** `sa.any_(tags)` / `sa.all_(tags)` of an ARRAY column: compared, it goes to the right (`'a' = ANY (tags)`). */
export function anyAllConstruct(name: 'any' | 'all'): (args: CallArgs) => Value {
  return (args) => {
    const operand = args.positional[0]?.value;
    if (args.positional.length !== 1 || args.keywords.size > 0 || operand === undefined) return opaque(`sa.${name}_() with other than one argument: not followed`);
    if (operand.kind === 'opaque') return operand;
    const item = operand.kind === 'sql' ? arrayItemType(operand.type) : undefined;
    if (operand.kind !== 'sql' || item === undefined) return opaque(`sa.${name}_() of something other than an ARRAY expression: not followed`);
    return { kind: 'sql', expr: collectionAggregate(operand.expr, name, item) };
  };
}

/** Comparison operators as SQLAlchemy mirrors them when ANY / ALL stands on the left (`any_(a) > 5` is `5 < ANY (a)`). */
const MIRRORED: Record<string, string> = { '=': '=', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `any_(tags) == "a"` as SQLAlchemy prints it: the sides swapped, the comparison mirrored. */
export function mirroredAggregateComparison(operator: string, left: SqlExpr, right: SqlExpr): SqlExpr | Value | undefined {
  if (left.kind !== 'unary' || (left.operator !== 'ANY' && left.operator !== 'ALL') || left.type === undefined) return undefined;
  if (!Object.prototype.hasOwnProperty.call(MIRRORED, operator)) return raising('ArgumentError: Only comparison operators may be used with ANY/ALL');
  return { kind: 'binary', operator: MIRRORED[operator], left: right, right: left };
}

/** Whether negating `expr` prints NOT (...) rather than flipping its comparison: `x = ANY (tags)`. */
export function comparesAggregate(expr: SqlExpr): boolean {
  if (expr.kind === 'binary' && [expr.left, expr.right].some((side) => side.kind === 'function' && side.collectionAggregate === true)) return true;
  return expr.kind === 'binary' && expr.right.kind === 'unary' && (expr.right.operator === 'ANY' || expr.right.operator === 'ALL') && expr.right.type !== undefined;
}
