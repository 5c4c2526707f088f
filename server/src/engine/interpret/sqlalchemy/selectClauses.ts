/**
 * `sa.select(...)` and its generative methods as data migrations chain them: what is selected
 * (table columns, functions, expressions, labels), `.where()`, `.distinct()`, `.select_from(t)`,
 * `.group_by()`, `.having()`, `.order_by()`, `.limit(n)`, `.offset(n)` and `.scalar_subquery()`.
 * Anything SQLAlchemy would print differently from what the renderer knows stays opaque, with a
 * reason naming it; what SQLAlchemy itself raises on is refused as raising.
 */
import type { SqlExpr, TableRef } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, truthiness, type Value } from '../values';
import { joinCriteria } from './booleanConstants';
import { fromItemOf, selectJoinMethod } from './joins';

type Select = Extract<SqlExpr, { kind: 'select' }>;

/**
 * One entry of a select's columns clause, or why it is not followed. Table columns, functions,
 * operators, CASE, `sa.literal()`, `sa.null()`, `sa.text()` / `sa.literal_column()`, casts,
 * `sa.type_coerce()`, unary operators and `.label()` of any of them print as SQLAlchemy 2 labels
 * them (render/selectColumns.ts, which refuses the forms whose label it does not model); nested
 * selects are not modelled.
 */
export function selectedColumn(value: Value): { column: SqlExpr } | { failure: Value } {
  if (value.kind === 'opaque') return { failure: value };
  // SQLAlchemy 1.x's `select([a, b])` is SQLAlchemy 2's ArgumentError.
  if (value.kind === 'seq' && !value.tuple) return { failure: raising('select() takes its columns as positional arguments in SQLAlchemy 2, not as a list') };
  if (value.kind === 'str') return { failure: raising(`Textual column expression '${value.value}' should be explicitly declared with text('${value.value}'), or use column('${value.value}') for more specificity (SQLAlchemy raises ArgumentError)`) };
  if (value.kind !== 'sql') return { failure: opaque('sa.select() of something other than columns and SQL expressions') };
  const expr = value.expr;
  if (!isSelectable(expr)) return { failure: opaque(`sa.select() of ${describe(expr)}: its label in the columns clause is not modelled`) };
  if (value.label !== undefined) return { column: { kind: 'label', name: value.label, expr } };
  return { column: expr };
}

function isSelectable(expr: SqlExpr): boolean {
  switch (expr.kind) {
    case 'column':
    case 'function':
    case 'binary':
    case 'between':
    case 'case':
    case 'text':
    case 'extract':
    case 'typeCoerce':
    case 'cast':
    case 'unary':
      return true;
    case 'literalColumn':
      return expr.labelReference !== true;
    case 'literal':
      // `sa.literal(5)` (`5 AS anon_1`), `sa.null()` and `sa.literal(None)` (`NULL AS anon_1`); a
      // bare Python value is a bind of another kind.
      return expr.construct === true && !Array.isArray(expr.value) && (expr.value === null || typeof expr.value !== 'object');
    default:
      return false;
  }
}

function describe(expr: SqlExpr): string {
  switch (expr.kind) {
    case 'select':
      return 'a subquery';
    case 'literal':
      return 'a Python value';
    default:
      return `a ${expr.kind} expression`;
  }
}

/** `sa.select(a, b, ...)`. */
export function buildSelect(args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.select() of columns that are not static: ${args.unknownSplat}`);
  if (args.keywords.size > 0 || args.positional.length === 0) return opaque('sa.select() other than of columns');
  const columns: SqlExpr[] = [];
  for (const { value } of args.positional) {
    if (value.kind === 'table') {
      // `sa.select(t)`: each of the table's columns in order, as if written one by one.
      const expanded = tableColumnsOf(value.ref);
      if (!Array.isArray(expanded)) return expanded;
      columns.push(...expanded);
      continue;
    }
    const selected = selectedColumn(value);
    if ('failure' in selected) return selected.failure;
    columns.push(selected.column);
  }
  return { kind: 'sql', expr: { kind: 'select', columns } };
}

function tableColumnsOf(table: TableRef): SqlExpr[] | Value {
  if (table.incompleteColumns) return opaque(`sa.select() of the table ${table.name}, some of whose columns the engine could not read`);
  if (table.columns.length === 0) return opaque(`sa.select() of the table ${table.name}, declared without columns`);
  return table.columns.map(({ name }): SqlExpr => (table.schema === undefined ? { kind: 'column', name, table: table.name } : { kind: 'column', name, table: table.name, schema: table.schema }));
}

/** The methods of a select. */
export function selectMethod(select: Select, name: string, args: CallArgs, conditionsOf: (args: CallArgs) => SqlExpr[] | Value): Value {
  if (args.unknownSplat) return opaque(`the arguments of .${name}() of sa.select() are not static: ${args.unknownSplat}`);
  const noArguments = args.positional.length === 0 && args.keywords.size === 0;
  switch (name) {
    case 'distinct':
      return noArguments ? { kind: 'sql', expr: { ...select, distinct: true } } : opaque('distinct() with expressions (PostgreSQL\'s DISTINCT ON)');
    case 'scalar_subquery':
      // A select inside an expression is printed as SQLAlchemy's scalar subquery already.
      return noArguments ? { kind: 'sql', expr: select } : raising(`SelectBase.scalar_subquery() takes 1 positional argument but ${args.positional.length + 1} were given`);
    case 'where':
    case 'filter':
    case 'having': {
      if (args.keywords.size > 0) return opaque(`${name}() with keyword arguments`);
      const textual = textualCondition(args);
      if (textual) return textual;
      const converted = conditionsOf(args);
      if (!Array.isArray(converted)) return converted;
      const clause = name === 'having' ? 'having' : 'where';
      const conditions = select[clause] ? [select[clause], ...converted] : converted;
      if (conditions.length === 0) return { kind: 'sql', expr: select };
      return { kind: 'sql', expr: { ...select, [clause]: joinCriteria('AND', conditions, true) } };
    }
    case 'select_from':
      return selectFrom(select, args);
    case 'join':
    case 'outerjoin':
    case 'join_from':
    case 'outerjoin_from':
      return selectJoinMethod(select, name, args);
    case 'order_by':
    case 'group_by':
      return ordered(select, name, args);
    case 'limit':
    case 'offset':
      return rowLimit(select, name, args);
    case 'with_for_update':
      return withForUpdate(select, args);
    default:
      return opaque(`unsupported method .${name}() of sa.select()`);
  }
}

/** `.with_for_update()`: its flags are keyword-only; `of=` (tables named in the clause) is not followed. */
function withForUpdate(select: Select, args: CallArgs): Value {
  if (args.positional.length > 0) return raising(`Select.with_for_update() takes 1 positional argument but ${args.positional.length + 1} were given (TypeError)`);
  const flags: NonNullable<Select['forUpdate']> = {};
  const names: Record<string, keyof typeof flags> = { read: 'read', key_share: 'keyShare', nowait: 'nowait', skip_locked: 'skipLocked' };
  for (const [keyword, { value }] of args.keywords) {
    if (keyword === 'of') {
      if (value.kind === 'none') continue;
      return opaque('with_for_update(of=...), which names tables in the locking clause, not followed');
    }
    const flag = names[keyword];
    if (flag === undefined) return raising(`Select.with_for_update() got an unexpected keyword argument '${keyword}' (TypeError)`);
    if (value.kind === 'opaque') return value;
    const truth = truthiness(value);
    if (truth === undefined) return opaque(`with_for_update(${keyword}=...) of a value the engine cannot evaluate`);
    if (truth) flags[flag] = true;
  }
  return { kind: 'sql', expr: { ...select, forUpdate: flags } };
}

/**
 * A plain string among the conditions of `where()`, `having()`, `and_()` or `or_()`: SQLAlchemy 2
 * raises ArgumentError (1.x read it as SQL text, with a warning).
 */
export function textualCondition(args: CallArgs): Value | undefined {
  const text = args.positional.find(({ value }) => value.kind === 'str')?.value;
  return text?.kind === 'str' ? raising(`Textual SQL expression '${text.value}' should be explicitly declared as text('${text.value}') (SQLAlchemy raises ArgumentError)`) : undefined;
}

/** `.select_from(t, ...)` of `sa.table()` objects and joins of them: listed first in FROM. */
function selectFrom(select: Select, args: CallArgs): Value {
  if (args.keywords.size > 0 || args.positional.length === 0) return opaque('select_from() other than of tables');
  const froms = [...(select.froms ?? [])];
  for (const { value } of args.positional) {
    if (value.kind === 'opaque') return value;
    if (value.kind === 'str') return raising(`Textual SQL expression '${value.value}' should be explicitly declared as text('${value.value}') (SQLAlchemy raises ArgumentError)`);
    const from = fromItemOf(value);
    if (from === undefined) return opaque('select_from() of something other than sa.table() or a join of them (a subquery, an alias)');
    if ('kind' in from) {
      // Each join() call makes a new object: the same join given twice is two FROM entries.
      if (froms.some((earlier) => JSON.stringify(earlier) === JSON.stringify(from))) return opaque('select_from() of the same join twice (one object or two: the source decides)');
      froms.push(from);
      continue;
    }
    if (!froms.some((earlier) => !('kind' in earlier) && earlier.name === from.name && earlier.schema === from.schema)) froms.push(from);
  }
  return { kind: 'sql', expr: { ...select, froms } };
}

/**
 * `.order_by(...)` / `.group_by(...)`: expressions, each possibly with `.desc()` and its kin
 * (ORDER BY); `None` clears the clause. A string or `sa.desc("name")` is a label reference
 * SQLAlchemy resolves against the columns clause when compiling (render/labelReferences.ts); a
 * labelled expression prints its label only when it is the very object among the columns: not
 * followed.
 */
function ordered(select: Select, name: 'order_by' | 'group_by', args: CallArgs): Value {
  const key = name === 'order_by' ? 'orderBy' : 'groupBy';
  if (args.keywords.size > 0) return opaque(`${name}() with keyword arguments`);
  if (args.positional.length === 1 && args.positional[0].value.kind === 'none') {
    const { [key]: _cleared, ...rest } = select;
    return { kind: 'sql', expr: rest };
  }
  const items = [...(select[key] ?? [])];
  for (const { value } of args.positional) {
    if (value.kind === 'opaque') return value;
    if (value.kind === 'str') {
      // A label reference SQLAlchemy resolves when compiling (render/labelReferences.ts).
      items.push({ kind: 'literalColumn', sql: value.value, labelReference: true });
      continue;
    }
    if (value.kind === 'num' || value.kind === 'bool' || value.kind === 'none') return raising(`${name === 'order_by' ? 'ORDER BY' : 'GROUP BY'} expression expected, got ${value.kind === 'none' ? 'None' : value.kind === 'bool' ? (value.value ? 'True' : 'False') : String(value.value)} (SQLAlchemy raises ArgumentError)`);
    if (value.kind !== 'sql' || value.label !== undefined) return opaque(`${name}() of something other than a SQL expression`);
    if (refersToLabel(value.expr)) return opaque(`${name}() of a labelled expression: SQLAlchemy prints its label there when that very object is among the columns, not followed`);
    if (value.expr.kind === 'select' || value.expr.kind === 'label') return opaque(`${name}() of a subquery`);
    items.push(value.expr);
  }
  return { kind: 'sql', expr: { ...select, [key]: items } };
}

function refersToLabel(expr: SqlExpr): boolean {
  if (expr.kind === 'column') return expr.label !== undefined;
  if (expr.kind === 'unary') return refersToLabel(expr.operand);
  return expr.kind === 'label';
}

/**
 * `.limit(n)` / `.offset(n)`: SQLAlchemy binds the value as an Integer, whose literal processor is
 * Python's int() (`limit("10")` prints 10, `limit(2.9)` 2, `limit("x")` raises ValueError); None
 * clears it. An expression as the limit is not followed.
 */
function rowLimit(select: Select, name: 'limit' | 'offset', args: CallArgs): Value {
  if (args.positional.length !== 1 || args.keywords.size > 0) return raising(`${name}() takes exactly one argument`);
  const value = args.positional[0].value;
  if (value.kind === 'opaque') return value;
  if (value.kind === 'none') {
    const { [name]: _cleared, ...rest } = select;
    return { kind: 'sql', expr: rest };
  }
  const integer = pythonInt(value);
  if (typeof integer !== 'string') return integer;
  return { kind: 'sql', expr: { ...select, [name]: integer } };
}

/** Python's int() of a literal, as the decimal text it prints; what int() raises on, raising. */
export function pythonInt(value: Value): string | Value {
  switch (value.kind) {
    case 'bool':
      return value.value ? '1' : '0';
    case 'num':
      if (!Number.isFinite(value.value)) return raising(`int() of ${value.value} raises (${Number.isNaN(value.value) ? 'ValueError' : 'OverflowError'})`);
      if (value.exact !== undefined && !value.float) return /^-?\d+$/.test(value.exact) ? value.exact.replace(/^(-?)0+(?=\d)/, '$1') : opaque(`an integer written ${value.exact}`);
      return BigInt(Math.trunc(value.value)).toString();
    case 'str': {
      // int() takes surrounding whitespace, a sign and digits with single underscores between them.
      const match = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(value.value);
      if (!match) return /^[\s\d_+-]*$/.test(value.value) && /\d/.test(value.value) ? opaque(`int() of the string '${value.value}'`) : raising(`invalid literal for int() with base 10: '${value.value}' (ValueError)`);
      const digits = BigInt(match[2].replaceAll('_', ''));
      return (match[1] === '-' ? -digits : digits).toString();
    }
    case 'seq':
    case 'dict':
      return raising(`int() argument must be a string, a bytes-like object or a real number, not '${value.kind === 'dict' ? 'dict' : value.tuple ? 'tuple' : 'list'}' (TypeError)`);
    case 'sql':
      return opaque('a limit or offset given as a SQL expression');
    default:
      return opaque('a limit or offset the engine does not know as an integer');
  }
}
