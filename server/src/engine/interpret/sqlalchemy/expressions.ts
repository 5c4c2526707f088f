/**
 * SQL expressions as migrations write them (`sa.text`, `sa.func.now()`, `sa.literal_column`,
 * `sa.column` / `sa.table`, `t.c.x == 5`, `sa.and_`, `sa.cast`) and simple DML statements built
 * from `sa.table(...)` objects (`t.update().where(...).values(...)`).
 */
import { booleanConstant, joinCriteria, negatedConstant } from './booleanConstants';
import { joinConstruct } from './joins';
import type { DmlStatement, Literal, SqlExpr, SqlType, TableRef } from '../../ops';
import { enumClassOfMember, enumClassOfType } from './enumClasses';
import type { CallArgs } from '../args';
import { toSqlType } from './types';
import { typeAffinity } from '../../render/types';
import { textBindNames } from '../../render/text';
import { columnOfKey, isHiddenName } from '../../render/columnKeys';
import { requiresQuotes } from '../../render/identifiers';
import { INTEGRAL_FLOAT_REASON, isIntegralFloat, opaque, raising, toLiteral, truthiness, type Value } from '../values';
// A cycle (operators.ts reads SQL expressions from here): only called, never used at load.
import { percentFormat } from '../operators';
import { buildSelect, selectMethod, textualCondition } from './selectClauses';
import { between, customOperator } from './operatorMethods';
import { anyAllConstruct, comparesAggregate, postgresMethod } from './postgresOperators';
import { buildTuple, tupleIn } from './rowValues';
import { buildExtract } from './extract';
import { buildCollate, collateOf } from './collate';
import { buildTypeCoerce } from './typeCoerce';
import { timeDeltaColumnValue, timeDeltaInList, timeDeltaLiteral } from './timeDeltas';
import { boundListLiteral, boundLiteral } from '../boundPythonValue';
import { valueBindType } from '../../render/valueBindType';

/** A value as a SQL expression: SQL values as they are, Python literals as literals. */
export function toSqlExpr(value: Value): SqlExpr | undefined {
  if (value.kind === 'sql') return value.expr;
  if (value.kind === 'num' && value.float) return { kind: 'literal', value: value.value, float: true };
  if (value.kind === 'column') return { kind: 'column', name: value.spec.name };
  const literal = toLiteral(value);
  return literal === undefined ? undefined : { kind: 'literal', value: literal };
}

/**
 * `in_([op.inline_literal('p'), ...])`: SQLAlchemy renders each item as its own bind, of the
 * value's own type; as a list of the values that is the same text for strings, ints, booleans
 * and None (a float or an explicit type_ is left opaque).
 */
function inlineLiteralList(value: Value | undefined): SqlExpr | undefined {
  if (value?.kind !== 'seq') return undefined;
  const items: Literal[] = [];
  for (const item of value.items) {
    if (item.kind !== 'sql' || item.expr.kind !== 'literal' || !item.expr.inline || item.expr.float || item.expr.type) return undefined;
    const literal = item.expr.value;
    if (literal !== null && !['string', 'number', 'boolean'].includes(typeof literal)) return undefined;
    items.push(literal);
  }
  return { kind: 'literal', value: items };
}

/**
 * `in_([date(...), Decimal(...), ...])`: SQLAlchemy binds the list as one expanding parameter typed
 * by the first item's coerce_compared_value against the column, and prints every item by that
 * type (render/expressions.ts renderInList), as it does a list of plain literals. Undefined unless
 * every item is a literal or a date, datetime or Decimal.
 */
function boundValueList(value: Value | undefined): SqlExpr | undefined {
  if (value?.kind !== 'seq') return undefined;
  const items: Literal[] = [];
  for (const item of value.items) {
    if (item.kind === 'timedelta') return undefined;
    const literal = boundLiteral(item);
    if (literal === undefined || Array.isArray(literal)) return undefined;
    items.push(literal);
  }
  return { kind: 'literal', value: items };
}

/** The positional arguments as SQL expressions, or the opaque value that stops them (an unknown argument itself, which keeps its reason and whether it raises). */
function sqlArgs(args: CallArgs): SqlExpr[] | Value {
  const out: SqlExpr[] = [];
  for (const arg of args.positional) {
    if (arg.value.kind === 'opaque') return arg.value;
    const expr = toSqlExpr(arg.value);
    if (!expr) return opaque('unsupported SQL function argument');
    out.push(expr);
  }
  return out;
}

function firstString(args: CallArgs, keyword: string): string | undefined {
  const value = args.positional[0]?.value ?? args.keywords.get(keyword)?.value;
  return value?.kind === 'str' ? value.value : undefined;
}

type Construct = (args: CallArgs) => Value;

function joined(operator: 'AND' | 'OR'): Construct {
  return (args) => {
    const textual = textualCondition(args);
    if (textual) return textual;
    const converted = sqlArgs(args);
    if (!Array.isArray(converted)) return converted;
    if (converted.length === 0) return opaque(`empty ${operator.toLowerCase()}_()`);
    return { kind: 'sql', expr: joinCriteria(operator, converted) };
  };
}

/** Python's `statement % {}`: `%%` is `%`; any other conversion raises (KeyError for `%(name)s`). */
function formatWithEmptyMapping(statement: string): { text: string; problem?: string } {
  let text = '';
  for (let at = 0; at < statement.length; at++) {
    const char = statement[at];
    if (char !== '%') {
      text += char;
      continue;
    }
    const next = statement[at + 1];
    if (next === '%') {
      text += '%';
      at++;
      continue;
    }
    if (next === '(') return { text, problem: `names a %(...)s substitution its context does not give (Python raises KeyError when SQLAlchemy compiles it): write %% for a percent sign` };
    return { text, problem: `has a lone % (SQLAlchemy formats the statement with %, so Python raises ValueError or TypeError): write %% for a percent sign` };
  }
  return { text };
}

/** SQLAlchemy expression constructs by name (module `sa`). */
export const EXPRESSION_CONSTRUCTS: Record<string, Construct> = {
  text: (args) => {
    const sql = firstString(args, 'text');
    return sql === undefined ? opaque('sa.text() of a non-literal string') : { kind: 'sql', expr: { kind: 'text', sql } };
  },
  // `sa.DDL("...")` given to op.execute: SQLAlchemy prints `statement % context` (an empty
  // mapping without one), so `%%` is one `%`; bind parameters are not read. A context of known
  // values fills `%(name)s` as Python's `%` does (lastuser's loops over its columns).
  DDL: (args) => {
    const sql = firstString(args, 'statement');
    if (sql === undefined) return opaque('sa.DDL() of a non-literal statement');
    const context = args.keywords.get('context')?.value ?? args.positional[1]?.value;
    if (context !== undefined && context.kind !== 'none') {
      if (context.kind === 'opaque') return context;
      if (context.kind !== 'dict') return opaque('sa.DDL() with a context= that is not a dict');
      const given = new Set(context.entries.flatMap((entry) => (entry.key.kind === 'str' ? [entry.key.value] : [])));
      const missing = [...sql.replace(/%%/g, '').matchAll(/%\((\w+)\)/g)].map((match) => match[1]).find((key) => !given.has(key));
      if (missing !== undefined) return raising(`sa.DDL() names %(${missing})s, which its context does not give (Python raises KeyError: '${missing}' when SQLAlchemy compiles it)`);
      const filled = percentFormat(sql, context);
      if (filled.kind !== 'str') return opaque(`sa.DDL() with a context= the engine cannot apply (${filled.kind === 'opaque' ? filled.reason : 'not a string'})`);
      return { kind: 'sql', expr: { kind: 'text', sql: filled.value, ddl: true } };
    }
    const formatted = formatWithEmptyMapping(sql);
    if (formatted.problem) return raising(`sa.DDL() ${formatted.problem}`);
    return { kind: 'sql', expr: { kind: 'text', sql: formatted.text, ddl: true } };
  },
  // `quoted_name("world_bank.tariff", quote=True)` (uktrade's schemas): a name whose quoting is
  // forced. The renderer quotes a name by PostgreSQL's rules; where quote= agrees with them (or is
  // None) the name prints the same, otherwise it is not modelled.
  quoted_name: (args) => {
    const value = args.positional[0]?.value ?? args.keywords.get('value')?.value;
    const quote = args.positional[1]?.value ?? args.keywords.get('quote')?.value;
    if (value?.kind !== 'str' || args.unknownSplat) return opaque('quoted_name() of a non-literal string');
    if (quote === undefined || quote.kind === 'none') return value;
    if (quote.kind !== 'bool') return opaque('quoted_name() with a quote= known only at run time');
    if (quote.value === requiresQuotes(value.value)) return value;
    // Formatted into a string (gaia's f"... ON {quoted_name('farms', True)}"), it is the name itself.
    return { ...opaque(`quoted_name("${value.value}", quote=${quote.value ? 'True' : 'False'}) ${quote.value ? 'quotes a name PostgreSQL reads bare' : 'leaves bare a name that needs quotes'}: not modelled`), text: value.value, quotedName: { quote: quote.value } };
  },
  literal_column: (args) => {
    const sql = firstString(args, 'text');
    return sql === undefined ? opaque('sa.literal_column() of a non-literal string') : { kind: 'sql', expr: { kind: 'literalColumn', sql } };
  },
  column: (args) => {
    const refused = columnArgumentProblem(args);
    if (refused) return refused;
    const name = firstString(args, 'text');
    return name === undefined ? opaque('sa.column() without a literal name') : { kind: 'sql', expr: { kind: 'column', name } };
  },
  literal: (args) => {
    const given = args.positional[0]?.value;
    // A date, datetime, time, timedelta or Decimal binds with the type inferred from it (Date, DateTime, Time, Interval, Numeric).
    const temporal = given?.kind === 'datetime' || given?.kind === 'timedelta' || given?.kind === 'decimal';
    const literal = given ? (temporal ? boundLiteral(given) : toLiteral(given)) : undefined;
    if (literal === undefined) return opaque('sa.literal() of a non-literal value');
    const typeArg = args.positional[1]?.value ?? args.keywords.get('type_')?.value;
    const bindType = typeArg && typeArg.kind !== 'none' ? toSqlType(typeArg) : temporal ? valueBindType(literal) : undefined;
    if (typeArg && typeArg.kind !== 'none' && !bindType) return opaque('sa.literal() with a type the engine does not know');
    return { kind: 'sql', expr: { kind: 'literal', value: literal, construct: true, ...(bindType ? { bindType } : {}) } };
  },
  // A SQL NULL: compared with `==` it becomes IS NULL, as SQLAlchemy renders it.
  null: () => ({ kind: 'sql', expr: { kind: 'literal', value: null, construct: true } }),
  true: () => ({ kind: 'sql', expr: booleanConstant(true) }),
  false: () => ({ kind: 'sql', expr: booleanConstant(false) }),
  // The classes sa.true() and sa.false() return, instantiated directly (nmdc-server's server defaults).
  True_: () => ({ kind: 'sql', expr: booleanConstant(true) }),
  False_: () => ({ kind: 'sql', expr: booleanConstant(false) }),
  and_: joined('AND'),
  or_: joined('OR'),
  not_: (args) => {
    const converted = sqlArgs(args);
    if (!Array.isArray(converted)) return converted;
    if (converted.length !== 1) return opaque('unsupported sa.not_()');
    const operand = args.positional[0].value;
    return { kind: 'sql', expr: negate(converted[0], operand.kind === 'sql' ? operand.type : undefined) };
  },
  cast: (args) => {
    const expr = args.positional[0] ? toSqlExpr(args.positional[0].value) : undefined;
    const typeValue = args.positional[1]?.value ?? args.keywords.get('type_')?.value;
    const type = typeValue ? toSqlType(typeValue) : undefined;
    if (!expr || !type) return opaque('unsupported sa.cast()');
    return { kind: 'sql', expr: { kind: 'cast', expr, type }, type };
  },
  case: buildCase,
  select: buildSelect,
  exists: buildExists,
  join: joinConstruct('join'),
  outerjoin: joinConstruct('outerjoin'),
  between: (args) => {
    const operand = args.positional[0]?.value ?? args.keywords.get('expr')?.value;
    const expr = operand ? toSqlExpr(operand) : undefined;
    if (operand?.kind === 'opaque') return operand;
    if (!expr) return opaque('sa.between() of something other than a SQL expression or a literal');
    return between(expr, { ...args, positional: args.positional.slice(1) }, 'between', ['lower_bound', 'upper_bound'], ['expr']);
  },
  extract: buildExtract,
  tuple_: buildTuple,
  collate: buildCollate,
  type_coerce: buildTypeCoerce,
  any_: anyAllConstruct('any'),
  all_: anyAllConstruct('all'),
  distinct: buildDistinct,
  desc: orderingConstruct('desc'),
  asc: orderingConstruct('asc'),
  nulls_first: orderingConstruct('nulls_first'),
  nullsfirst: orderingConstruct('nullsfirst'),
  nulls_last: orderingConstruct('nulls_last'),
  nullslast: orderingConstruct('nullslast'),
  table: buildTable,
  update: (args) => dmlOf('update', args),
  insert: (args) => dmlOf('insert', args),
  delete: (args) => dmlOf('delete', args),
};

/**
 * `sa.case((condition, result), ..., else_=...)`, or `sa.case({key: result, ...}, value=expr)`
 * (tuples with `value=` too). SQLAlchemy 2 refuses the 1.x list form with an ArgumentError.
 */
function buildCase(args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.case() with arguments that are not static: ${args.unknownSplat}`);
  const valueArg = args.keywords.get('value')?.value;
  const elseArg = args.keywords.get('else_')?.value;
  const unknown = [...args.keywords.keys()].find((key) => key !== 'value' && key !== 'else_');
  if (unknown !== undefined) return raising(`case() got an unexpected keyword argument '${unknown}'`);
  const pairs: [Value, Value][] = [];
  const first = args.positional[0]?.value;
  if (args.positional.length === 1 && first?.kind === 'seq' && !first.tuple) return raising('the "whens" argument to case() is passed as positional elements in SQLAlchemy 2, not as a list');
  if (args.positional.length === 1 && first?.kind === 'dict') {
    if (valueArg === undefined || valueArg.kind === 'none') return opaque('sa.case() of a dictionary without value=');
    for (const { key, value: result } of first.entries) pairs.push([key, result]);
  } else {
    for (const { value } of args.positional) {
      if (value.kind === 'opaque') return value;
      if (value.kind !== 'seq' || !value.tuple || value.items.length !== 2) return opaque('sa.case() with a WHEN that is not a (condition, result) pair');
      pairs.push([value.items[0], value.items[1]]);
    }
  }
  if (pairs.length === 0) return raising('case() needs at least one WHEN');
  const whens: { when: SqlExpr; then: SqlExpr }[] = [];
  for (const [condition, result] of pairs) {
    // A timedelta result (or WHEN beside value=) is bound with its own type, an Interval.
    const when = condition.kind === 'timedelta' && valueArg !== undefined ? timeDeltaLiteral(condition) : toSqlExpr(condition);
    const then = caseOperand(result);
    if (!when || !then) return [condition, result].find((part) => part.kind === 'opaque') ?? opaque('sa.case() with a condition or result the engine does not render');
    // A plain string condition is not a column expression SQLAlchemy 2 accepts here.
    if (valueArg === undefined && when.kind === 'literal') return opaque('sa.case() with a literal condition');
    whens.push({ when, then });
  }
  const expr: SqlExpr = { kind: 'case', whens };
  if (valueArg !== undefined && valueArg.kind !== 'none') {
    const value = toSqlExpr(valueArg);
    if (!value) return valueArg.kind === 'opaque' ? valueArg : opaque('sa.case() with a value= the engine does not render');
    expr.value = value;
  }
  if (elseArg !== undefined && elseArg.kind !== 'none') {
    const otherwise = caseOperand(elseArg);
    if (!otherwise) return elseArg.kind === 'opaque' ? elseArg : opaque('sa.case() with an else_= the engine does not render');
    expr.else = otherwise;
  }
  return { kind: 'sql', expr };
}

/** A THEN or else_ of sa.case(): a timedelta is bound with its own type, whatever the other results are. */
function caseOperand(value: Value): SqlExpr | undefined {
  return value.kind === 'timedelta' ? timeDeltaLiteral(value) : toSqlExpr(value);
}

/** `sa.exists()` (SELECT * of the tables its WHERE names) or `sa.exists(select)`: `EXISTS (...)`. */
function buildExists(args: CallArgs): Value {
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length > 1) return opaque('sa.exists() other than of a select');
  const given = args.positional[0]?.value;
  if (given === undefined) return { kind: 'sql', expr: existsOf({ kind: 'select', columns: [] }) };
  if (given.kind === 'opaque') return given;
  return given.kind === 'sql' && given.expr.kind === 'select' ? { kind: 'sql', expr: existsOf(given.expr) } : opaque('sa.exists() other than of a select');
}

function existsOf(select: Extract<SqlExpr, { kind: 'select' }>): SqlExpr {
  return { kind: 'unary', operator: 'EXISTS', operand: select };
}

/** `a DESC`, `a NULLS LAST`: SQLAlchemy's ordering modifiers, printed after their operand. */
function ordering(expr: SqlExpr, name: string): SqlExpr {
  const modifier = name === 'desc' || name === 'asc' ? name.toUpperCase() : name.startsWith('nulls_first') || name === 'nullsfirst' ? 'NULLS FIRST' : 'NULLS LAST';
  return { kind: 'unary', operator: modifier, operand: expr };
}

/** `sa.desc(expr)` and its kin, of a column, a SQL expression or a string. */
/** `sa.distinct(x)` / `x.distinct()`: `DISTINCT x`, typed as x (`count(DISTINCT t.name)`). */
function distinctOf(expr: SqlExpr): SqlExpr {
  return { kind: 'unary', operator: 'DISTINCT', operand: expr };
}

function buildDistinct(args: CallArgs): Value {
  const value = args.positional[0]?.value;
  if (args.positional.length !== 1 || args.keywords.size > 0 || !value) return raising('distinct() takes exactly one argument');
  if (value.kind === 'opaque') return value;
  if (value.kind !== 'sql' || value.label !== undefined) return opaque('sa.distinct() of something other than a SQL expression');
  return withType(distinctOf(value.expr), value.type);
}

function withType(expr: SqlExpr, type: SqlType | undefined): Value {
  return type === undefined ? { kind: 'sql', expr } : { kind: 'sql', expr, type };
}

function orderingConstruct(name: string): Construct {
  return (args) => {
    const value = args.positional[0]?.value;
    if (args.positional.length !== 1 || !value) return raising(`${name}() takes exactly one argument`);
    if (value.kind === 'opaque') return value;
    if (value.kind === 'sql' && value.label !== undefined) return opaque(`sa.${name}() of a labelled expression: SQLAlchemy's ORDER BY prints the label, not followed`);
    // A plain string is SQLAlchemy's textual label reference: printed as written, unquoted (`sa.desc("Order")` is `Order DESC`).
    const expr = value.kind === 'sql' ? value.expr : value.kind === 'str' ? { kind: 'literalColumn' as const, sql: value.value, labelReference: true as const } : undefined;
    return expr ? { kind: 'sql', expr: ordering(expr, name) } : opaque(`sa.${name}() of something other than a SQL expression or a string`);
  };
}

/**
 * What `sa.column(text, type_=None, is_literal=False, _selectable=None)` is not followed for: a
 * keyword it does not take (`quote=`: TypeError) or more arguments raise; `is_literal=True` prints
 * the text as written, unquoted and without its table (`Foo`, not `t."Foo"`), not modelled.
 */
function columnArgumentProblem(args: CallArgs): Value | undefined {
  if (args.unknownSplat) return opaque(`sa.column() with arguments that are not static: ${args.unknownSplat}`);
  const unexpected = [...args.keywords.keys()].find((key) => !['text', 'type_', 'is_literal', '_selectable'].includes(key));
  if (unexpected !== undefined) return raising(`column() got an unexpected keyword argument '${unexpected}' (TypeError)`);
  if (args.positional.length > 4) return raising(`column() takes from 1 to 4 positional arguments but ${args.positional.length} were given (TypeError)`);
  const literal = args.positional[2]?.value ?? args.keywords.get('is_literal')?.value;
  if (literal !== undefined && truthiness(literal) !== false) return opaque('sa.column(..., is_literal=True) prints its text unquoted and without its table: not followed');
  return undefined;
}

/** `sa.table("name", sa.column("a", sa.String), ..., schema="s")`. */
function buildTable(args: CallArgs): Value {
  const name = args.positional[0]?.value;
  if (name?.kind !== 'str') return opaque('sa.table() without a literal name');
  // TableClause takes schema= alone: any other keyword (quote=, quote_schema=) is SQLAlchemy's ArgumentError.
  if (args.unknownSplat) return opaque(`sa.table() with arguments that are not static: ${args.unknownSplat}`);
  const unsupported = [...args.keywords.keys()].filter((key) => key !== 'schema');
  if (unsupported.length > 0) return raising(`sa.table(): Unsupported argument(s): [${unsupported.map((key) => `'${key}'`).join(', ')}] (SQLAlchemy raises ArgumentError)`);
  const columns: TableRef['columns'] = [];
  for (const arg of args.positional.slice(1)) {
    const value = arg.value;
    if (value.kind === 'sql' && value.expr.kind === 'column') columns.push({ name: value.expr.name });
    else if (value.kind === 'column') columns.push({ name: value.spec.name, ...(value.spec.type ? { type: value.spec.type } : {}) });
    else if (value.kind === 'opaque') return value;
    else return opaque('sa.table() with an argument that is not a column');
  }
  const schema = args.keywords.get('schema')?.value;
  const ref: TableRef = { name: name.value, columns };
  if (schema?.kind === 'str') ref.schema = schema.value;
  // Dropped, a schema known only at run time would leave the statements on the wrong table.
  else if (schema !== undefined && schema.kind !== 'none') return opaque(`sa.table("${name.value}", ..., schema=...) of a schema known only at run time${schema.kind === 'opaque' ? ` (${schema.reason})` : ''}`);
  return { kind: 'table', ref };
}

/** `sa.column("a", sa.String)` keeps its type for `bulk_insert` (typed columns render literals). */
export function typedColumn(args: CallArgs): Value {
  const base = EXPRESSION_CONSTRUCTS.column(args);
  const typeValue = args.positional[1]?.value ?? args.keywords.get('type_')?.value;
  const type = typeValue ? toSqlType(typeValue) : undefined;
  if (base.kind !== 'sql' || base.expr.kind !== 'column' || !type) return base;
  return { kind: 'column', spec: { name: base.expr.name, type, primaryKey: false, foreignKeys: [], checks: [] } };
}

function dmlOf(kind: DmlStatement['kind'], args: CallArgs): Value {
  const target = args.positional[0]?.value;
  if (target?.kind !== 'table') return target?.kind === 'opaque' ? target : opaque(`sa.${kind}() of something other than sa.table()`);
  // SQLAlchemy 2.x's sa.insert(table) takes the table alone (1.x also took values=, whereclause=).
  const extra = [...args.keywords.keys()][0];
  if (extra !== undefined) return raising(`${kind}() got an unexpected keyword argument '${extra}'`);
  if (args.positional.length > 1) return raising(`${kind}() takes 1 positional argument but ${args.positional.length} were given`);
  return { kind: 'dml', stmt: emptyDml(kind, target.ref) };
}

export function emptyDml(kind: DmlStatement['kind'], table: TableRef): DmlStatement {
  if (kind === 'delete') return { kind, table };
  return { kind, table, values: {} };
}

/** Methods of DML statements: `.where(cond)`, `.values(...)`. */
export function dmlMethod(stmt: DmlStatement, name: string, args: CallArgs): Value {
  // `values(**row)` of a row known only at run time: what it sets is not known (dci's
  // `TESTS.update().values(**values)` printed an UPDATE without a SET list).
  if (args.unknownSplat) return opaque(`the arguments of .${name}() are not static: ${args.unknownSplat}`);
  if (name === 'where') {
    if (stmt.kind === 'insert') return opaque('insert().where() is not supported');
    const textual = textualCondition(args);
    if (textual) return textual;
    const converted = sqlArgs(args);
    if (!Array.isArray(converted)) return converted;
    const conditions = stmt.where ? [stmt.where, ...converted] : converted;
    if (conditions.length === 0) return { kind: 'dml', stmt };
    return { kind: 'dml', stmt: { ...stmt, where: joinCriteria('AND', conditions, true) } };
  }
  if (name === 'from_select') {
    // `insert().from_select(["a", "b"], sa.select(...))`: the names as written, the select as made.
    const [names, select] = args.positional.map((arg) => arg.value);
    if (stmt.kind !== 'insert' || args.positional.length !== 2 || args.keywords.size > 0 || Object.keys(stmt.values).length > 0 || stmt.moreRows) return opaque('from_select() other than of a list of names and a select');
    if (select.kind === 'opaque') return select;
    if (names.kind !== 'seq' || names.items.some((item) => item.kind !== 'str') || select.kind !== 'sql' || select.expr.kind !== 'select') return opaque('from_select() other than of a list of names and a select');
    const columns = names.items.map((item) => (item as Extract<Value, { kind: 'str' }>).value);
    return { kind: 'dml', stmt: { ...stmt, fromSelect: { columns, select: select.expr } } };
  }
  if (name === 'values') {
    if (stmt.kind === 'delete') return opaque('delete().values() is not supported');
    if (stmt.kind === 'insert' && stmt.fromSelect) return opaque('values() after from_select()');
    const source = args.positional[0]?.value;
    // `insert().values([{...}, {...}])` or `[(...), (...)]`: one INSERT of several rows.
    if (source?.kind === 'seq' && !source.tuple) {
      if (stmt.kind !== 'insert' || args.positional.length > 1 || args.keywords.size > 0 || Object.keys(stmt.values).length > 0 || stmt.moreRows) return opaque('values() with a list of rows beside other values');
      if (source.items.length === 0) return opaque('values() with an empty list of rows');
      const rows: { [column: string]: SqlExpr }[] = [];
      for (const item of source.items) {
        const row = rowOf(stmt, item);
        if (!('row' in row)) return row.failure;
        rows.push(row.row);
      }
      return { kind: 'dml', stmt: { ...stmt, values: rows[0], ...(rows.length > 1 ? { moreRows: rows.slice(1) } : {}) } };
    }
    if (stmt.kind === 'insert' && stmt.moreRows) return opaque('values() after a list of rows');
    const entries: [string, Value][] = [];
    if (source !== undefined) {
      const row = rowEntries(stmt, source);
      if (!Array.isArray(row)) return row;
      entries.push(...row);
    }
    for (const [key, arg] of args.keywords) {
      const name = valueColumnName(stmt.table, key);
      if (typeof name !== 'string') return name;
      entries.push([name, arg.value]);
    }
    const values = { ...stmt.values };
    for (const [key, value] of entries) {
      const expr = valueExpr(stmt, key, value);
      if (expr.kind !== 'expr') return expr.failure;
      values[key] = expr.expr;
    }
    return { kind: 'dml', stmt: { ...stmt, values } };
  }
  return opaque(`unsupported method .${name}() of a ${stmt.kind} statement`);
}

/**
 * The column a values() key names, as the statement prints it: Python names a column by its key
 * (a Column's key=), the SQL by its name. A name filed under another key is no column's key, and
 * SQLAlchemy's compiler refuses it.
 */
function valueColumnName(table: TableRef, key: string): string | Value {
  if (isHiddenName(table, key)) return raising(`Unconsumed column names: ${key} (SQLAlchemy's CompileError: table '${table.name}' files that column under its key=)`);
  return columnOfKey(table, key)?.name ?? key;
}

/** A row of `values(...)`: a dictionary by column, or a tuple in the table's column order. */
function rowEntries(stmt: Exclude<DmlStatement, { kind: 'delete' }>, source: Value): [string, Value][] | Value {
  if (source.kind === 'dict') {
    const entries: [string, Value][] = [];
    for (const entry of source.entries) {
      const key = entry.key.kind === 'str' ? valueColumnName(stmt.table, entry.key.value) : entry.key.kind === 'sql' && entry.key.expr.kind === 'column' ? entry.key.expr.name : undefined;
      if (key === undefined) return opaque('values() with a non-literal column key');
      if (typeof key !== 'string') return key;
      entries.push([key, entry.value]);
    }
    return entries;
  }
  if (source.kind === 'seq' && source.tuple && stmt.kind === 'insert') {
    if (source.items.length > stmt.table.columns.length) return opaque('values() with more positional values than the table has columns');
    return source.items.map((item, at): [string, Value] => [stmt.table.columns[at].name, item]);
  }
  return source.kind === 'opaque' ? source : opaque('values() with positional values');
}

function rowOf(stmt: Extract<DmlStatement, { kind: 'insert' }>, item: Value): { row: { [column: string]: SqlExpr } } | { failure: Value } {
  const entries = rowEntries(stmt, item);
  if (!Array.isArray(entries)) return { failure: entries };
  const row: { [column: string]: SqlExpr } = {};
  for (const [key, value] of entries) {
    const expr = valueExpr(stmt, key, value);
    if (expr.kind !== 'expr') return { failure: expr.failure };
    row[key] = expr.expr;
  }
  return { row };
}

function valueExpr(stmt: Exclude<DmlStatement, { kind: 'delete' }>, key: string, value: Value): { kind: 'expr'; expr: SqlExpr } | { kind: 'failure'; failure: Value } {
  if (value.kind === 'timedelta') return timeDeltaColumnValue(value, key, stmt.table.columns.find((column) => column.name === key)?.type);
  // A date, datetime or Decimal is a bind of the column's type, printed by its literal processor (render/typedLiterals.ts).
  if (value.kind === 'datetime' || value.kind === 'decimal') return { kind: 'expr', expr: { kind: 'literal', value: boundLiteral(value)! } };
  const expr = value.kind === 'enumMember' ? enumMemberBind(value, stmt.table.columns.find((column) => column.name === key)?.type) : toSqlExpr(value);
  if (expr) return { kind: 'expr', expr };
  // A list of them (an ARRAY column's value): each item printed by the column's item type.
  const list = boundListLiteral(value);
  if (list) return { kind: 'expr', expr: { kind: 'literal', value: list } };
  return { kind: 'failure', failure: value.kind === 'opaque' ? value : opaque(isIntegralFloat(value) ? `value of ${key} is ${INTEGRAL_FLOAT_REASON}` : `value of ${key} is not a literal or SQL expression`) };
}

/** Methods of SQL expressions (column comparisons used in `where`). */
export function sqlMethod(expr: SqlExpr, name: string, args: CallArgs, type?: SqlType): Value {
  if (expr.kind === 'select') {
    if (name === 'exists' && args.positional.length === 0 && args.keywords.size === 0) return { kind: 'sql', expr: existsOf(expr) };
    return selectMethod(expr, name, args, sqlArgs);
  }
  // `sa.exists().where(...)`: the condition goes to the select inside.
  if (expr.kind === 'unary' && expr.operator === 'EXISTS' && expr.operand.kind === 'select' && name === 'where') {
    const narrowed = selectMethod(expr.operand, name, args, sqlArgs);
    return narrowed.kind === 'sql' && narrowed.expr.kind === 'select' ? { kind: 'sql', expr: existsOf(narrowed.expr) } : narrowed;
  }
  if (expr.kind === 'tuple') {
    if (name === 'in_' || name === 'not_in' || name === 'notin_') return tupleIn(expr, name, args);
    if (!['is_', 'isnot', 'is_not', 'self_group', 'label'].includes(name)) return opaque(`unsupported method .${name}() of a tuple_()`);
  }
  if (name === 'collate') return collateOf(expr, type, args, 'collate()');
  const postgres = postgresMethod(expr, name, args, type);
  if (postgres) return postgres;
  const arg = args.positional[0] ? toSqlExpr(args.positional[0].value) : undefined;
  const binary = (operator: string, right: SqlExpr): Value => ({ kind: 'sql', expr: { kind: 'binary', operator, left: expr, right } });
  switch (name) {
    case 'distinct':
      if (args.positional.length > 0 || args.keywords.size > 0) return raising('distinct() takes no arguments');
      return withType(distinctOf(expr), type);
    case 'desc':
    case 'asc':
    case 'nulls_first':
    case 'nullsfirst':
    case 'nulls_last':
    case 'nullslast':
      if (args.positional.length > 0 || args.keywords.size > 0) return raising(`${name}() takes no arguments`);
      return { kind: 'sql', expr: ordering(expr, name) };
    case 'is_':
      return arg ? binary('IS', arg) : opaque('is_() without an argument');
    case 'is_distinct_from':
    case 'isnot_distinct_from':
    case 'is_not_distinct_from':
      if (args.positional.length !== 1 || args.keywords.size > 0) return raising(`${name}() takes exactly one argument`);
      return arg ? binary(name === 'is_distinct_from' ? 'IS DISTINCT FROM' : 'IS NOT DISTINCT FROM', arg) : args.positional[0].value.kind === 'opaque' ? args.positional[0].value : opaque(`${name}() of a value the engine does not render`);
    case 'between':
      return between(expr, args, 'ColumnOperators.between', ['cleft', 'cright']);
    case 'concat':
      // concat_op: `||` whatever the types, as `+` of strings prints.
      if (args.positional.length !== 1 || args.keywords.size > 0) return raising(`ColumnOperators.concat() takes exactly one argument (TypeError)`);
      return arg ? binary('||', arg) : args.positional[0].value.kind === 'opaque' ? args.positional[0].value : opaque('concat() of a value the engine does not render');
    case 'regexp_match':
      return regexpMatch(expr, args);
    case 'regexp_replace':
      return regexpReplace(expr, args, type);
    case 'op':
      return customOperator(expr, args);
    case 'isnot':
    case 'is_not':
      return arg ? binary('IS NOT', arg) : opaque('is_not() without an argument');
    case 'in_':
    case 'notin_':
    case 'not_in':
      {
        const timeDeltas = timeDeltaInList(args.positional[0]?.value, type);
        if (timeDeltas) return timeDeltas.kind === 'expr' ? binary(name === 'in_' ? 'IN' : 'NOT IN', timeDeltas.expr) : timeDeltas.refusal;
        const list = arg ?? inlineLiteralList(args.positional[0]?.value) ?? boundValueList(args.positional[0]?.value);
        if (list) return binary(name === 'in_' ? 'IN' : 'NOT IN', list);
        // An argument already known to be unknown (or to raise: a SQLAlchemy 1 `select([...])`) says why.
        const given = args.positional[0]?.value;
        return given?.kind === 'opaque' ? given : opaque(`${name}() without a literal list`);
      }
    case 'like':
    case 'ilike':
    case 'notlike':
    case 'not_like':
    case 'notilike':
    case 'not_ilike': {
      if (!arg) return opaque(`${name}() without a pattern`);
      const operator = `${name.startsWith('not') ? 'NOT ' : ''}${name.endsWith('ilike') ? 'ILIKE' : 'LIKE'}`;
      const escapeArg = args.keywords.get('escape')?.value ?? args.positional[1]?.value;
      if (escapeArg === undefined || escapeArg.kind === 'none') return binary(operator, arg);
      if (escapeArg.kind !== 'str') return opaque(`${name}() with an escape character that is not a literal string`);
      return { kind: 'sql', expr: { kind: 'binary', operator, left: expr, right: arg, escape: escapeArg.value } };
    }
    case 'startswith':
    case 'istartswith':
    case 'endswith':
    case 'iendswith':
    case 'contains':
    case 'icontains':
      return affixedLike(expr, name, args, type);
    case 'bindparams': {
      if (expr.kind !== 'text') return opaque('bindparams() on something other than sa.text()');
      const params: { [name: string]: Literal } = { ...(expr.params ?? {}) };
      // TextClause.bindparams() only sets values of the parameters text() found in its string
      // (SQLAlchemy's own `:name` pattern: not `::int`, not `\\:`); any other name raises.
      const defined = new Set(textBindNames(expr.sql));
      const undefinedName = [...args.keywords.keys()].find((key) => !defined.has(key));
      if (undefinedName !== undefined) return raising(`This text() construct doesn't define a bound parameter named '${undefinedName}' (SQLAlchemy raises ArgumentError)`);
      for (const [key, value] of args.keywords) {
        // A date, datetime, timedelta or Decimal too: its bind takes the type SQLAlchemy infers from it (render/text.ts).
        const literal = boundLiteral(value.value);
        if (literal === undefined) return value.value.kind === 'opaque' ? value.value : opaque(`bindparams() value of ${key} is not a literal`);
        params[key] = literal;
      }
      if (args.positional.length > 0) return opaque('bindparams() with sa.bindparam() objects');
      return { kind: 'sql', expr: { ...expr, params } };
    }
    case 'label':
      return labelled(expr, args);
    case 'self_group':
    case 'execution_options':
      return { kind: 'sql', expr };
    case 'cast': {
      const type = args.positional[0] ? toSqlType(args.positional[0].value) : undefined;
      return type ? { kind: 'sql', expr: { kind: 'cast', expr, type }, type } : opaque('cast() to an unknown type');
    }
    default:
      return opaque(`unsupported SQL expression method .${name}()`);
  }
}

/**
 * `col.label("x")`: a table column keeps its label, which a SELECT prints (`t.a AS x`); another
 * expression carries it beside it (Value's `label`), for a SELECT's columns clause to print, and
 * prints without it elsewhere. A label of no literal name is SQLAlchemy's anonymous one
 * (`anon_1`): not followed.
 */
function labelled(expr: SqlExpr, args: CallArgs): Value {
  const name = args.positional[0]?.value ?? args.keywords.get('name')?.value;
  const literalName = args.positional.length + args.keywords.size === 1 && name?.kind === 'str' ? name.value : undefined;
  if (expr.kind !== 'column') return literalName === undefined ? { kind: 'sql', expr } : { kind: 'sql', expr, label: literalName };
  if (literalName === undefined) return opaque('label() of a column without a literal name');
  return { kind: 'sql', expr: { ...expr, label: literalName } };
}

/**
 * `col.startswith(p)`, `endswith`, `contains` and their case-blind `i` forms: SQLAlchemy's LIKE
 * (ILIKE on PostgreSQL) against `p || '%'`, `'%' || p`, `'%' || p || '%'`, in parentheses; with
 * `autoescape=True` the pattern's `%`, `_` and the escape character are escaped (`/` unless
 * `escape=` names another) and ESCAPE is added. `contains()` of an ARRAY, JSON or range column is
 * another operator: not followed.
 */
function affixedLike(expr: SqlExpr, name: string, args: CallArgs, type: SqlType | undefined): Value {
  const base = name.startsWith('i') ? name.slice(1) : name;
  if (base === 'contains') {
    const refused = containsOfOwnOperator(expr, type);
    if (refused) return refused;
  }
  if (args.positional.length !== 1 || [...args.keywords.keys()].some((key) => key !== 'escape' && key !== 'autoescape')) return opaque(`${name}() with arguments other than a pattern, escape= and autoescape=`);
  const pattern = args.positional[0].value;
  const escapeArg = args.keywords.get('escape')?.value;
  if (escapeArg !== undefined && escapeArg.kind !== 'none' && escapeArg.kind !== 'str') return opaque(`${name}() with an escape character that is not a literal string`);
  let escape = escapeArg?.kind === 'str' ? escapeArg.value : undefined;
  const autoescapeArg = args.keywords.get('autoescape')?.value;
  if (autoescapeArg !== undefined && autoescapeArg.kind !== 'bool') return opaque(`${name}() with autoescape= that is not a literal`);
  let right: SqlExpr | undefined;
  if (autoescapeArg?.kind === 'bool' && autoescapeArg.value) {
    if (pattern.kind !== 'str') return raising(`${name}(autoescape=True) needs a string value (SQLAlchemy raises TypeError)`);
    escape ??= '/';
    const char = escape;
    right = { kind: 'literal', value: pattern.value.replaceAll(char, char + char).replaceAll('%', `${char}%`).replaceAll('_', `${char}_`) };
  } else if (pattern.kind === 'str' || pattern.kind === 'num' || (pattern.kind === 'sql' && pattern.expr.kind === 'column')) {
    // A number is bound as compared with the left side, and printed as such (`LIKE '%%' || 5 || '%%'`).
    right = toSqlExpr(pattern);
  }
  if (!right) return opaque(`${name}() of a pattern that is not a literal string, a number or a column`);
  const operator = name.startsWith('i') ? 'ILIKE' : 'LIKE';
  const affix = base === 'startswith' ? 'start' : base === 'endswith' ? 'end' : 'both';
  return { kind: 'sql', expr: { kind: 'binary', operator, left: expr, right, affix, ...(escape !== undefined ? { escape } : {}) } };
}

/** Types whose comparator has a contains() of its own, PostgreSQL's `@>` (ARRAY and JSONB are postgresOperators.ts's). */
const OWN_CONTAINS = /^(HSTORE|ARRAY|JSONB|(INT4|INT8|NUM|DATE|TS|TSTZ)(MULTI)?RANGE)$/;

/**
 * Why `contains()` of `expr` is not SQLAlchemy's LIKE, or undefined where it is: every type but
 * those with an operator of their own prints LIKE (with a deprecation warning), so a type from
 * outside SQLAlchemy, whose comparator may be anything, and a function whose return type is not
 * known here (`array_agg()` is an ARRAY) are refused.
 */
function containsOfOwnOperator(expr: SqlExpr, type: SqlType | undefined): Value | undefined {
  if (type === undefined) return expr.kind === 'function' && expr.type === undefined ? opaque(`contains() of an expression whose type the engine does not know (${expr.name}()): an ARRAY, JSONB, HSTORE or range has its own contains(), not LIKE`) : undefined;
  if (type.module !== undefined && type.module !== 'sa' && type.module !== 'postgresql' && typeAffinity(type) !== 'String') return opaque(`contains() on a column of type ${type.name}, whose comparator the engine does not know`);
  if (OWN_CONTAINS.test(type.name)) return opaque(`contains() of a ${type.name} expression: PostgreSQL's @>, not followed`);
  return undefined;
}

/** Attribute `key` of `table.c`: the column filed under that key (a Column's key=, else its name), printed by its name. */
export function tableColumn(table: TableRef, key: string): Value {
  if (isHiddenName(table, key)) return raising(`table.c has no attribute '${key}': that column is filed under its key= (Python raises AttributeError)`);
  const column = columnOfKey(table, key);
  const type = column?.type;
  const name = column?.name ?? key;
  const expr: SqlExpr = table.schema === undefined ? { kind: 'column', name, table: table.name } : { kind: 'column', name, table: table.name, schema: table.schema };
  return { kind: 'sql', expr, ...(type ? { type } : {}) };
}

/** SQL negation as SQLAlchemy applies it: comparisons flip (`NOT (a = 1)` is `a != 1`). */
const NEGATED: Record<string, string> = {
  '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>', IS: 'IS NOT', 'IS NOT': 'IS',
  IN: 'NOT IN', 'NOT IN': 'IN', LIKE: 'NOT LIKE', 'NOT LIKE': 'LIKE', ILIKE: 'NOT ILIKE', 'NOT ILIKE': 'ILIKE',
  'IS DISTINCT FROM': 'IS NOT DISTINCT FROM', 'IS NOT DISTINCT FROM': 'IS DISTINCT FROM',
  '~': '!~', '!~': '~', '~*': '!~*', '!~*': '~*',
};

/**
 * `col.regexp_match(pattern)`: PostgreSQL's `~` (`~*` with `flags="i"`), negated `!~`; other flags
 * print `~ CONCAT('(?', flags, ')', pattern)`, the flags a string literal.
 */
function regexpMatch(expr: SqlExpr, args: CallArgs): Value {
  const pattern = args.positional[0]?.value ?? args.keywords.get('pattern')?.value;
  const flags = args.positional[1]?.value ?? args.keywords.get('flags')?.value;
  if (pattern === undefined) return raising("ColumnOperators.regexp_match() missing 1 required positional argument: 'pattern' (TypeError)");
  if ([...args.keywords.keys()].some((key) => key !== 'pattern' && key !== 'flags') || args.positional.length > 2) return raising('ColumnOperators.regexp_match() got an unexpected argument (TypeError)');
  if (pattern.kind === 'opaque') return pattern;
  const right = toSqlExpr(pattern);
  if (!right || right.kind === 'select') return opaque('regexp_match() of a pattern the engine does not render');
  const given = regexpFlags('regexp_match', flags);
  if (typeof given !== 'string' && given !== undefined) return given;
  if (given === undefined || given === 'i') return { kind: 'sql', expr: { kind: 'binary', operator: given === 'i' ? '~*' : '~', left: expr, right } };
  return { kind: 'sql', expr: { kind: 'binary', operator: '~', left: expr, right, regexpFlags: given } };
}

/** A regexp method's flags=: undefined for none, the string, or the opaque value that stops it. */
function regexpFlags(method: string, flags: Value | undefined): string | undefined | Value {
  if (flags === undefined || flags.kind === 'none') return undefined;
  if (flags.kind === 'opaque') return flags;
  if (flags.kind !== 'str') return opaque(`${method}() with flags= that is not a literal string`);
  // SQLAlchemy prints the flags with render_literal_value, whose %-doubling the engine does not check here.
  if (flags.value.includes('%')) return opaque(`${method}() with a % in its flags=`);
  return flags.value;
}

/**
 * `col.regexp_replace(pattern, replacement[, flags])`: `REGEXP_REPLACE(col, 'p', 'r'[, 'flags'])`,
 * an operator of precedence 5 (so in parentheses as a value and under `=` or `||`), the pattern and
 * the replacement bound as compared with the column. Its type is the column's.
 */
function regexpReplace(expr: SqlExpr, args: CallArgs, type: SqlType | undefined): Value {
  if (args.unknownSplat) return opaque(`regexp_replace() with arguments that are not static: ${args.unknownSplat}`);
  if ([...args.keywords.keys()].some((key) => !['pattern', 'replacement', 'flags'].includes(key)) || args.positional.length > 3) return raising('ColumnOperators.regexp_replace() got an unexpected argument (TypeError)');
  const pattern = args.positional[0]?.value ?? args.keywords.get('pattern')?.value;
  const replacement = args.positional[1]?.value ?? args.keywords.get('replacement')?.value;
  if (pattern === undefined || replacement === undefined) return raising(`ColumnOperators.regexp_replace() missing 1 required positional argument: '${pattern === undefined ? 'pattern' : 'replacement'}' (TypeError)`);
  if (pattern.kind === 'opaque') return pattern;
  if (replacement.kind === 'opaque') return replacement;
  const right = toSqlExpr(pattern);
  const replaced = toSqlExpr(replacement);
  // SQLAlchemy joins the two in a comma list, which groups no operand: only operands never grouped are followed.
  const plain = (operand: SqlExpr | undefined): operand is SqlExpr => operand !== undefined && ['literal', 'column', 'function', 'cast'].includes(operand.kind);
  if (!plain(right) || !plain(replaced)) return opaque('regexp_replace() of a pattern or replacement other than a Python value, a column, a function or a cast');
  const flags = regexpFlags('regexp_replace', args.positional[2]?.value ?? args.keywords.get('flags')?.value);
  if (typeof flags !== 'string' && flags !== undefined) return flags;
  const built: SqlExpr = { kind: 'binary', operator: 'REGEXP_REPLACE', left: expr, right, replacement: replaced, ...(flags === undefined ? {} : { regexpFlags: flags }) };
  return type === undefined ? { kind: 'sql', expr: built } : { kind: 'sql', expr: built, type };
}

export function negate(expr: SqlExpr, type?: SqlType): SqlExpr {
  const constant = negatedConstant(expr);
  if (constant !== undefined) return constant;
  // `x = ANY (tags)` negates to NOT (...), as SQLAlchemy's collection aggregates do.
  if (expr.kind === 'binary' && expr.custom === undefined && !comparesAggregate(expr) && Object.prototype.hasOwnProperty.call(NEGATED, expr.operator)) return { ...expr, operator: NEGATED[expr.operator] };
  if (expr.kind === 'between') {
    const { negated, ...rest } = expr;
    return negated ? rest : { ...rest, negated: true };
  }
  // AsBoolean negated gives the expression back (`~~t.c.active` is `users.active`).
  if (expr.kind === 'unary' && expr.asBoolean) return expr.operand;
  // A Boolean-typed expression negates to AsBoolean, which SQLAlchemy never groups.
  if (type !== undefined && typeAffinity(type) === 'Boolean') return { kind: 'unary', operator: 'NOT', operand: expr, asBoolean: true };
  return { kind: 'unary', operator: 'NOT', operand: expr };
}


/**
 * A Python enum member given as a column's value: SQLAlchemy's `Enum(Class)` type binds it as the
 * member's name, when the column's type was made of that very class; otherwise undefined.
 */
function enumMemberBind(member: Extract<Value, { kind: 'enumMember' }>, type: SqlType | undefined): SqlExpr | undefined {
  const own = type ? enumClassOfType.get(type) : undefined;
  return own !== undefined && own === enumClassOfMember.get(member) ? { kind: 'literal', value: member.name } : undefined;
}
