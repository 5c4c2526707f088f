/**
 * SQL expressions (server defaults, index expressions, WHERE clauses, DML values) rendered as
 * SQLAlchemy's compiler prints them with literal binds on PostgreSQL.
 */
import type { FromItem, FromTable, Literal, SqlExpr, SqlType } from '../ops';
import { isJoin, renderFromItem, sameTable, tablesOf, withoutJoinedTables } from './fromList';
import { placeSelectJoins } from './selectJoins';
import { resolveLabelReferences } from './labelReferences';
import { OFFLINE_ONLY, type RenderState } from './context';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { scalarLiteral } from './literals';
import { renderColumnsClause } from './selectColumns';
import { isSubstringFunction, renderSubstring } from './substringFunction';
import { ambiguousTableAliases } from './ambiguousTables';
import { textSql } from './text';
import { constructLiteralSql, inlineLiteralSql, isLiveBind, rendersByBindType, typedLiteral } from './typedLiterals';
import { liveBoundLiteral } from './liveBinds';
import { comparedType } from './comparedType';
import { valueBindType } from './valueBindType';
import { bindsRegconfig } from './regconfigArgument';
import { isIntegerType, isNumericAffinity, isSqlAlchemyPostgresqlType, renderType, valueAffinity } from './types';
import { pgGroupingKey, pgTraitsOfKey, renderPgBinary, subscriptGroupsLeft } from './postgresOperators';
import { renderTuple, renderTupleIn } from './rowValues';
import { hasIntegerAffinity } from './floorDivision';

export interface ExprOptions {
  /** Rendered prefix for column references (`users`, `auth.users`): DML WHERE clauses qualify. */
  columnPrefix?: string;
  /** Types of the columns in scope, so literals compared with them render as SQLAlchemy would. */
  columnTypes?: Map<string, SqlType | undefined>;
  /**
   * The DML statement's own table: `columnPrefix` and `columnTypes` are its. A column of another
   * `sa.table()` (UPDATE ... FROM, DELETE ... USING) is qualified with its own table's name.
   */
  ownTable?: { name: string; schema?: string };
  /**
   * The FROM list of the immediately enclosing SELECT, for a select inside it: SQLAlchemy's
   * auto-correlation leaves those tables out of the inner select's FROM (sa.exists(), in_(select)).
   */
  enclosingFroms?: readonly { name: string; schema?: string }[];
  /**
   * Inside a SELECT whose tables include a schema-qualified one: its name's anonymous alias
   * (`users` → `users_1`), which SQLAlchemy prints for every table *without* a schema of that
   * name, in this select's FROM list (`users AS users_1`) and columns (ambiguousTables.ts).
   */
  ambiguousAliases?: ReadonlyMap<string, string>;
  /**
   * Printed inside another operator's expression (SQLAlchemy's `_in_operator_expression`, set by
   * the operands of `=`, `+`, AND / OR, IN, BETWEEN, custom operators, and kept through functions,
   * casts and subqueries below them; LIKE and ILIKE do not set it): the PostgreSQL JSON and JSONB
   * operators are then parenthesised (postgresOperators.ts).
   */
  inOperator?: true;
}

/** A column of a table other than the DML statement's own (None outside DML). */
export function isForeignColumn(expr: SqlExpr, ownTable: ExprOptions['ownTable']): expr is Extract<SqlExpr, { kind: 'column' }> & { table: string } {
  return ownTable !== undefined && expr.kind === 'column' && expr.table !== undefined
    && (expr.table !== ownTable.name || expr.schema !== ownTable.schema);
}

/**
 * Generic functions SQLAlchemy's compiler prints by a name of its own (its FUNCTIONS map), with
 * their arguments in parentheses only when they have some: the ANSI ones upper-cased and bare
 * (`CURRENT_TIMESTAMP`), `sysdate` bare, `cube` / `rollup` / `grouping_sets` as SQL keywords.
 */
const FUNCTION_KEYWORDS: Record<string, string> = {
  current_date: 'CURRENT_DATE',
  current_time: 'CURRENT_TIME',
  current_timestamp: 'CURRENT_TIMESTAMP',
  current_user: 'CURRENT_USER',
  localtime: 'LOCALTIME',
  localtimestamp: 'LOCALTIMESTAMP',
  session_user: 'SESSION_USER',
  user: 'USER',
  sysdate: 'sysdate',
  cube: 'CUBE',
  rollup: 'ROLLUP',
  grouping_sets: 'GROUPING SETS',
};

/** SQLAlchemy's registered generic functions (with the PostgreSQL dialect's): looked up case-insensitively, printed lower case. */
const GENERIC_FUNCTIONS = new Set([
  'coalesce', 'max', 'min', 'sum', 'now', 'concat', 'char_length', 'random', 'count', 'array_agg',
  'mode', 'percentile_cont', 'percentile_disc', 'rank', 'dense_rank', 'percent_rank', 'cume_dist',
  'any', 'all', 'some', 'aggregate_strings', 'akeys', 'avals', 'defined', 'delete', 'hstore', 'hstore_to_array', 'hstore_to_matrix', 'slice',
]);

/** Binary operators as SQLAlchemy prints them, from how the Python source wrote them. */
const OPERATORS: Record<string, string> = {
  '==': '=',
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '//': '//',
  COLLATE: 'COLLATE',
  and: 'AND',
  AND: 'AND',
  or: 'OR',
  OR: 'OR',
  is: 'IS',
  IS: 'IS',
  is_: 'IS',
  'is not': 'IS NOT',
  'IS NOT': 'IS NOT',
  is_not: 'IS NOT',
  isnot: 'IS NOT',
  like: 'LIKE',
  LIKE: 'LIKE',
  ilike: 'ILIKE',
  ILIKE: 'ILIKE',
  '||': '||',
  concat: '||',
};

/**
 * SQLAlchemy's operator precedence (sql/operators.py), by the operator as printed: a nested
 * expression is put in parentheses when its operator binds no tighter than its parent's
 * (`is_precedent`), except an associative operator under itself (`a + b + c`, `x AND y AND z`).
 * An operator not listed is a custom one, whose precedence is 0.
 */
const PRECEDENCE: Record<string, number> = {
  '*': 8, '/': 8, '%': 8, '//': 8, NEG: 8,
  // `expr COLLATE "C"`: looser than comparisons, so `(name COLLATE "C") = 'a'`.
  COLLATE: 4,
  '+': 7, '-': 7,
  '||': 5, '=': 5, '!=': 5, '<': 5, '<=': 5, '>': 5, '>=': 5, IS: 5, 'IS NOT': 5,
  LIKE: 5, 'NOT LIKE': 5, ILIKE: 5, 'NOT ILIKE': 5, IN: 5, 'NOT IN': 5, NOT: 5, DISTINCT: 5,
  'IS DISTINCT FROM': 5, 'IS NOT DISTINCT FROM': 5, BETWEEN: 5,
  AND: 3, OR: 2, DESC: 3, ASC: 3,
  // `ANY (tags)` / `ALL (tags)`: any_op and all_op; regexp_match's and its negation's.
  ANY: 15, ALL: 15, '~': 5, '~*': 5, '!~': 5, '!~*': 5, REGEXP_REPLACE: 5,
};
const NATURAL_SELF_PRECEDENT = new Set(['+', '*', '||', 'AND', 'OR']);
const POSTFIX_UNARY = new Set(['DESC', 'ASC', 'NULLS FIRST', 'NULLS LAST', 'desc', 'asc']);

/** What `groupingOperator` gives for a custom operator (`op("@>")`): in no table, so of precedence 0, and never its own natural self-precedent. */
const CUSTOM_OPERATOR = '\u0000custom';

/**
 * What `grouped` is given for the left side of startswith() and its kin: their operators are in
 * no table of SQLAlchemy's, so any operator expression on their left is grouped (`(doc ->> 'k') LIKE ...`).
 */
const AFFIX_OPERATOR = '\u0000affix';

/** The operator an expression is built by, as `PRECEDENCE` names it; undefined for columns, literals, functions, casts and text, which are never put in parentheses. */
function groupingOperator(expr: SqlExpr): string | undefined {
  if (expr.kind === 'binary' && expr.pg !== undefined) return pgGroupingKey(expr.pg);
  if (expr.kind === 'binary') return expr.custom ? CUSTOM_OPERATOR : sqlOperator(expr.operator) ?? expr.operator.toUpperCase();
  if (expr.kind === 'between') return 'BETWEEN';
  if (expr.kind === 'label') return groupingOperator(expr.expr);
  // TypeCoerce groups as its expression (SQLAlchemy's TypeCoerce.self_group).
  if (expr.kind === 'typeCoerce') return groupingOperator(expr.expr);
  if (expr.kind === 'unary') return expr.operator === '-' ? 'NEG' : expr.operator.toUpperCase();
  return undefined;
}

/**
 * Whether SQLAlchemy puts `expr` in parentheses where it stands: under an operator `against`, or
 * (undefined) as a value on its own, as UPDATE's SET and INSERT's VALUES place each value.
 */
export function isGrouped(expr: SqlExpr, against: string | undefined): boolean {
  // A label groups what it labels (SQLAlchemy's Label.self_group).
  if (expr.kind === 'label' || expr.kind === 'typeCoerce') return isGrouped(expr.expr, against);
  // AsBoolean, and DESC / ASC / NULLS FIRST / NULLS LAST (modifiers, not operators), group never.
  if (expr.kind === 'unary' && (expr.asBoolean || POSTFIX_UNARY.has(expr.operator))) return false;
  // startswith() and its kin print their own parentheses (renderExpr).
  if (expr.kind === 'binary' && expr.affix !== undefined) return false;
  const own = groupingOperator(expr);
  if (own === undefined) return false;
  if (own === against && (NATURAL_SELF_PRECEDENT.has(own) || pgTraitsOfKey(own)?.selfPrecedent === true)) return false;
  if (against === undefined || against === AFFIX_OPERATOR) return true;
  return precedenceOf(own) <= precedenceOf(against);
}

function precedenceOf(key: string): number {
  return PRECEDENCE[key] ?? pgTraitsOfKey(key)?.precedence ?? 0;
}

/** The PostgreSQL operators that index a JSON or ARRAY value (their results are elements, not comparisons). */
const PG_INDEXES = new Set(['json_getitem', 'json_path_getitem', 'astext', 'path_astext', 'getitem']);

/** Options for the operands of an operator SQLAlchemy prints through `_generate_generic_binary`. */
function operandOptions(options: ExprOptions): ExprOptions {
  return options.inOperator ? options : { ...options, inOperator: true };
}

function grouped(text: string, expr: SqlExpr, against: string | undefined): string {
  return isGrouped(expr, against) ? `(${text})` : text;
}

function columnType(expr: SqlExpr, options: ExprOptions): SqlType | undefined {
  // A JSON element, astext, an ARRAY item or ANY (tags): the type the interpreter gave it.
  if ((expr.kind === 'binary' || expr.kind === 'unary') && expr.type !== undefined) return expr.type;
  if (expr.kind === 'typeCoerce') return expr.type;
  // A function's return type (type_=, a generic function's own); NullType binds a value by its own type.
  if (expr.kind === 'function') return expr.type !== undefined && expr.type.name !== 'NullType' ? expr.type : undefined;
  // Another table's column types are not at hand, and a column of no table has none (NullType):
  // their literals render from the Python value.
  if (expr.kind !== 'column' || isForeignColumn(expr, options.ownTable)) return undefined;
  if (options.ownTable !== undefined && expr.table === undefined) return undefined;
  return options.columnTypes?.get(expr.name);
}

function literalFor(expr: SqlExpr, state: RenderState, hint?: SqlType): string | undefined {
  if (expr.kind !== 'literal') return undefined;
  if (expr.inline) return inlineLiteralSql(expr, state);
  if (expr.construct) return constructLiteralSql(expr, state);
  const isFloat = expr.float === true;
  // Of no column type (an untyped or another table's column), a date, datetime or Decimal binds by its own.
  const type = comparedType(hint, expr.value, isFloat) ?? valueBindType(expr.value);
  if (type) return typedLiteral(expr.value, type, state, true, isFloat);
  const sql = scalarLiteral(expr.value, state, isFloat);
  if (sql === undefined) {
    state.report('unsupported-sql-expression', 'Lists and dictionaries have no literal SQL rendering here.');
  }
  return sql;
}

export function renderExpr(expr: SqlExpr, state: RenderState, options: ExprOptions = {}, hint?: SqlType): string {
  switch (expr.kind) {
    case 'text':
      return textSql(expr.sql, expr.params, state, expr.ddl === true);
    case 'literalColumn':
      return state.percents(expr.sql);
    case 'literal':
      return literalFor(expr, state, hint) ?? '';
    case 'column': {
      const name = quoteIdentifier(expr.name, state);
      const alias = expr.table !== undefined && expr.schema === undefined ? options.ambiguousAliases?.get(expr.table) : undefined;
      if (alias !== undefined) return `${quoteIdentifier(alias, state)}.${name}`;
      if (isForeignColumn(expr, options.ownTable)) return `${qualifiedName(expr.table, expr.schema, state)}.${name}`;
      // A column of no table (`sa.column("x")` on its own) prints bare, as SQLAlchemy prints it.
      return options.columnPrefix && expr.table !== undefined ? `${options.columnPrefix}.${name}` : name;
    }
    case 'function':
      return renderFunction(expr.name, expr.args, state, options);
    case 'binary':
      // startswith() and its kin group themselves wherever SQLAlchemy asks (renderUngrouped).
      return expr.affix !== undefined ? `(${renderBinary(expr, state, options)})` : renderBinary(expr, state, options);
    case 'unary': {
      // `EXISTS (SELECT ...)`: the subquery in parentheses; EXISTS itself groups as a custom operator.
      if (expr.operator === 'EXISTS' && expr.operand.kind === 'select') return `EXISTS (${renderSelect(expr.operand, state, options)})`;
      // `ANY (tags)`: SQLAlchemy's CollectionAggregate, its operand grouped.
      if ((expr.operator === 'ANY' || expr.operator === 'ALL') && expr.type !== undefined) return `${expr.operator} (${renderExpr(expr.operand, state, options)})`;
      // `~doc["k"].as_boolean()`: SQLAlchemy prints NOT (CAST(...)), a grouping its precedence does not explain: not followed.
      if (expr.operator === 'NOT' && expr.operand.kind === 'binary' && expr.operand.pg !== undefined && PG_INDEXES.has(expr.operand.pg)) {
        state.report('unsupported-sql-expression', 'the negation of a JSON or ARRAY element (~doc["k"].as_boolean()): SQLAlchemy groups it in a way not followed; not rendered.');
      }
      const against = groupingOperator(expr);
      const operand = grouped(renderExpr(expr.operand, state, options), expr.operand, against);
      if (POSTFIX_UNARY.has(expr.operator)) return `${operand} ${expr.operator.toUpperCase()}`;
      // Negation is printed against its operand (`-t.a`), NOT with a space.
      return expr.operator === '-' ? `-${operand}` : `${expr.operator.toUpperCase()} ${operand}`;
    }
    case 'cast': {
      // A Python value cast is bound with the cast's type, whose literal processor prints it
      // (`sa.cast("5", sa.Integer)` is `CAST(5 AS INTEGER)`) or, for a type without one
      // (`sa.cast("{}", JSONB)`), makes literal binds fail. A `sa.literal()` was bound when
      // written: it keeps its own type (`CAST('5' AS INTEGER)`).
      const inner = expr.expr;
      const retyped = inner.kind === 'literal' && !inner.inline && !inner.construct && inner.value !== null && rendersByBindType(expr.type);
      // None cast to a JSON type is bound as JSON's null in a live run (`--sql` prints CAST(NULL AS JSON)).
      const liveNull = inner.kind === 'literal' && !inner.inline && !inner.construct && inner.value === null && isLiveBind(state) ? liveBoundLiteral(null, expr.type, state) : undefined;
      const bound = liveNull ?? (retyped ? typedLiteral(inner.value, expr.type, state, true, inner.float === true, `cast to ${expr.type.name}`) ?? '' : renderExpr(inner, state, options));
      return `CAST(${bound} AS ${renderType(expr.type, state) ?? ''})`;
    }
    case 'case':
      return renderCase(expr, state, options);
    case 'select':
      // A select inside an expression (a SET value, a comparison, a function's argument) is
      // SQLAlchemy's scalar subquery, which groups itself; a select executed as the statement is
      // printed by renderExecute without them.
      return `(${renderSelect(expr, state, options)})`;
    case 'label':
      // Outside a columns clause a label prints what it labels.
      return renderExpr(expr.expr, state, options, hint);
    case 'typeCoerce':
      // Printed as its expression; only the type around it differs.
      return renderExpr(expr.expr, state, options);
    case 'between':
      return renderBetween(expr, state, options);
    case 'extract':
      // visit_extract passes its keywords on to the operand, which it never groups.
      return `EXTRACT(${expr.field} FROM ${renderExpr(expr.expr, state, options)})`;
    case 'tuple':
      return renderTuple(expr, (item, itemHint) => renderExpr(item, state, options, itemHint));
  }
}

/**
 * `a BETWEEN x AND y` (`NOT BETWEEN`, `BETWEEN SYMMETRIC`): the bounds are SQLAlchemy's ClauseList
 * joined by AND, each grouped against AND, and literals bound as a comparison with `a` binds them.
 */
function renderBetween(expr: Extract<SqlExpr, { kind: 'between' }>, state: RenderState, outer: ExprOptions): string {
  const options = operandOptions(outer);
  const operand = grouped(renderExpr(expr.operand, state, options, columnType(expr.lower, options)), expr.operand, 'BETWEEN');
  const bound = (child: SqlExpr): string => {
    refuseLiteralAgainstCustom(child, expr.operand, state);
    return grouped(renderExpr(child, state, options, columnType(expr.operand, options)), child, 'AND');
  };
  return `${operand} ${expr.negated ? 'NOT ' : ''}BETWEEN ${expr.symmetric ? 'SYMMETRIC ' : ''}${bound(expr.lower)} AND ${bound(expr.upper)}`;
}

/**
 * A Python value compared with a custom operator's result (`t.c.doc.op("->>")("k") == "x"`) is
 * bound with that result's type (the left operand's, Boolean, or return_type=), whose literal
 * rendering the engine does not follow: a JSON result would print the value as JSON.
 */
function refuseLiteralAgainstCustom(child: SqlExpr, other: SqlExpr, state: RenderState): void {
  const custom = other.kind === 'binary' && other.custom === true && other.type === undefined;
  if (custom && child.kind === 'literal' && !child.construct && !child.inline && child.value !== null) {
    state.report('unsupported-sql-expression', `a Python value compared with the result of the custom operator ${other.operator}: SQLAlchemy binds it with that result's type, not followed; write it with sa.literal() or sa.cast().`);
  }
}

/**
 * An expression SQLAlchemy compiles as it stands, never asking it to group itself: a CHECK's
 * condition, an index's or EXCLUDE's WHERE, ON CONFLICT's WHERE clauses, a server default. Only
 * startswith() and its kin differ there: their operators (contains_op and the like) have no
 * precedence in SQLAlchemy's table, so they group under any operator, in a function's arguments,
 * as a SET value or a statement's WHERE, but print bare here.
 */
export function renderUngrouped(expr: SqlExpr, state: RenderState, options: ExprOptions = {}): string {
  return expr.kind === 'binary' && expr.affix !== undefined ? renderBinary(expr, state, options) : renderExpr(expr, state, options);
}

/**
 * Every column `expr` names, left to right as printed (a CASE's value, then each WHEN and THEN,
 * then ELSE); a nested select's columns are its own, not visited.
 */
export function forEachColumn(expr: SqlExpr, visit: (column: Extract<SqlExpr, { kind: 'column' }>) => void): void {
  switch (expr.kind) {
    case 'column':
      visit(expr);
      return;
    case 'binary':
      forEachColumn(expr.left, visit);
      forEachColumn(expr.right, visit);
      if (expr.replacement !== undefined) forEachColumn(expr.replacement, visit);
      return;
    case 'unary':
      forEachColumn(expr.operand, visit);
      return;
    case 'cast':
    case 'typeCoerce':
      forEachColumn(expr.expr, visit);
      return;
    case 'function':
      for (const arg of expr.args) forEachColumn(arg, visit);
      return;
    case 'label':
      forEachColumn(expr.expr, visit);
      return;
    case 'between':
      forEachColumn(expr.operand, visit);
      forEachColumn(expr.lower, visit);
      forEachColumn(expr.upper, visit);
      return;
    case 'case':
      if (expr.value) forEachColumn(expr.value, visit);
      for (const { when, then } of expr.whens) {
        forEachColumn(when, visit);
        forEachColumn(then, visit);
      }
      if (expr.else) forEachColumn(expr.else, visit);
      return;
    case 'extract':
      forEachColumn(expr.expr, visit);
      return;
    case 'tuple':
      for (const item of expr.items) forEachColumn(item, visit);
      return;
    default:
      return;
  }
}

/** A name no table has: every table column of a select prints qualified by its table. */
const NO_OWN_TABLE = { name: '\u0000' };

/**
 * `SELECT a, b \nFROM t \nWHERE ... GROUP BY ... \nHAVING ... ORDER BY ... \n LIMIT n OFFSET m`
 * as SQLAlchemy prints it: columns qualified by their tables, the FROM list in the order the
 * tables are met (`select_from()`'s, then the columns', then the WHERE clause's; GROUP BY, HAVING
 * and ORDER BY add none), no FROM at all when nothing names a table. Inside an UPDATE or DELETE
 * (`options.ownTable`) the statement's own table is correlated: left out of the FROM list while
 * another table remains (else kept, as SQLAlchemy keeps it), its columns printed as the
 * statement's. `asStatement`: the select is the statement itself or an INSERT's FROM SELECT, whose
 * repeated column names SQLAlchemy disambiguates (selectColumns.ts); a subquery's it does not.
 */
export function renderSelect(select: Extract<SqlExpr, { kind: 'select' }>, state: RenderState, options: ExprOptions = {}, asStatement = false): string {
  const froms: FromItem[] = [];
  const add = (table: FromTable): void => {
    if (!froms.some((earlier) => !isJoin(earlier) && sameTable(earlier, table))) froms.push(table.schema === undefined ? { name: table.name } : { name: table.name, schema: table.schema });
  };
  const meet = (expr: SqlExpr): void =>
    forEachColumn(expr, (column) => {
      if (column.table !== undefined) add({ name: column.table, schema: column.schema });
    });
  let explicit: readonly FromItem[] = select.froms ?? [];
  if (select.joins !== undefined) {
    // The tables of the columns and WHERE clause, which a join() may join from.
    const implied: FromTable[] = [];
    const imply = (expr: SqlExpr): void =>
      forEachColumn(expr, (column) => {
        const table = { name: column.table ?? '', ...(column.schema === undefined ? {} : { schema: column.schema }) };
        if (column.table !== undefined && !implied.some((earlier) => sameTable(earlier, table))) implied.push(table);
      });
    select.columns.forEach(imply);
    if (select.where) imply(select.where);
    const onTables = (on: SqlExpr): FromTable[] => {
      const tables: FromTable[] = [];
      // A column of no table belongs to no FROM entry: `\u0000` matches none.
      forEachColumn(on, (column) => tables.push({ name: column.table ?? '\u0000', ...(column.schema === undefined ? {} : { schema: column.schema }) }));
      return tables;
    };
    const placed = placeSelectJoins(explicit, implied, select.joins, onTables);
    if (typeof placed === 'string') state.report('unsupported-sql-expression', `${placed}: not rendered.`);
    else explicit = placed;
  }
  for (const item of explicit) {
    if (isJoin(item)) froms.push(item);
    else add(item);
  }
  select.columns.forEach(meet);
  if (select.where) meet(select.where);
  const listed = withoutJoinedTables(froms);
  // SQLAlchemy's auto-correlation (Select._get_display_froms): with more than one FROM, the tables
  // of the immediately enclosing statement (an UPDATE's or DELETE's own table, an outer SELECT's
  // FROM list, the tables of its joins too) are left out; a select of one table keeps it, even the
  // enclosing one's. A join is never the enclosing statement's, so it stays.
  const enclosing = options.enclosingFroms ?? (options.ownTable && options.ownTable !== NO_OWN_TABLE ? [options.ownTable] : []);
  let shown = listed;
  if (enclosing.length > 0 && listed.length > 1) {
    shown = listed.filter((item) => isJoin(item) || !enclosing.some((outer) => sameTable(outer, item)));
    if (shown.length === 0) {
      state.report('invalid-operation-option', 'a subquery whose every table is in the enclosing SELECT: SQLAlchemy raises InvalidRequestError (returned no FROM clauses due to auto-correlation; specify correlate(<tables>) to control correlation manually), so Alembic fails here');
      shown = listed;
    }
  }
  // Each select has its own aliases (a nested one's replace these), from its tables before
  // correlation, as SQLAlchemy's compile state computes them.
  const ambiguousAliases = ambiguousTableAliases(listed.flatMap(tablesOf), state);
  // Its own subqueries correlate with this select's FROM list, and print its columns qualified.
  const inner: ExprOptions = { ...options, ownTable: options.ownTable ?? NO_OWN_TABLE, enclosingFroms: shown.flatMap(tablesOf), ambiguousAliases };
  const render = (expr: SqlExpr): string => renderExpr(expr, state, inner);
  // `sa.exists()` selects no column: `SELECT *`.
  const columns = select.columns.length === 0 ? '*' : renderColumnsClause(select.columns, asStatement, state, render, functionLabelSeed);
  const from = shown.length === 0 ? '' : ` \nFROM ${shown.map((item) => renderFromItem(item, ambiguousAliases, state, render)).join(', ')}`;
  const where = select.where ? ` \nWHERE ${render(select.where)}` : '';
  const byItem = (clause: 'ORDER BY' | 'GROUP BY') => (item: SqlExpr): string => {
    const resolved = resolveLabelReferences(item, select.columns, clause, state);
    return resolved === undefined ? '' : render(resolved);
  };
  const groupBy = select.groupBy ? ` GROUP BY ${select.groupBy.map(byItem('GROUP BY')).join(', ')}` : '';
  const having = select.having ? ` \nHAVING ${render(select.having)}` : '';
  const orderBy = select.orderBy ? ` ORDER BY ${select.orderBy.map(byItem('ORDER BY')).join(', ')}` : '';
  return `SELECT ${select.distinct ? 'DISTINCT ' : ''}${columns}${from}${where}${groupBy}${having}${orderBy}${rowLimitClause(select)}${forUpdateClause(select)}`;
}

/** PostgreSQL's locking clause as SQLAlchemy's PostgreSQL compiler writes it (for_update_clause). */
function forUpdateClause(select: Extract<SqlExpr, { kind: 'select' }>): string {
  const lock = select.forUpdate;
  if (lock === undefined) return '';
  const strength = lock.read ? (lock.keyShare ? 'FOR KEY SHARE' : 'FOR SHARE') : lock.keyShare ? 'FOR NO KEY UPDATE' : 'FOR UPDATE';
  return ` ${strength}${lock.nowait ? ' NOWAIT' : ''}${lock.skipLocked ? ' SKIP LOCKED' : ''}`;
}

/** PostgreSQL's LIMIT / OFFSET as SQLAlchemy's compiler writes them (`LIMIT ALL` before an OFFSET alone). */
function rowLimitClause(select: Extract<SqlExpr, { kind: 'select' }>): string {
  let text = '';
  if (select.limit !== undefined) text += ` \n LIMIT ${select.limit}`;
  if (select.offset !== undefined) text += `${select.limit === undefined ? '\n LIMIT ALL' : ''} OFFSET ${select.offset}`;
  return text;
}

/**
 * The seed of a function's anonymous label in a columns clause: its name as printed, without the
 * package (`pg_catalog.lower` is `lower_1`); undefined for the functions printed in forms of their
 * own (SUBSTRING, sa.true() and its kin), whose labels are not modelled.
 */
function functionLabelSeed(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (isSubstringFunction(name) || ['true', 'false', 'null'].includes(lower)) return undefined;
  const printed = GENERIC_FUNCTIONS.has(lower) || Object.prototype.hasOwnProperty.call(FUNCTION_KEYWORDS, lower) ? lower : name;
  return printed.split('.').pop();
}

/** A FROM list entry: `users AS users_1` for a schema-less table whose name another schema's table shares. */
/**
 * SQLAlchemy's CASE: each WHEN self-grouped (a comparison or AND/OR in parentheses, a column or
 * literal bare), THEN and ELSE results as they are, no ELSE for `else_=None`.
 */
function renderCase(expr: Extract<SqlExpr, { kind: 'case' }>, state: RenderState, options: ExprOptions): string {
  const parts = ['CASE'];
  if (expr.value) parts.push(renderExpr(expr.value, state, options));
  for (const { when, then } of expr.whens) parts.push(`WHEN ${grouped(renderExpr(when, state, options), when, undefined)} THEN ${renderExpr(then, state, options)}`);
  if (expr.else) parts.push(`ELSE ${renderExpr(expr.else, state, options)}`);
  parts.push('END');
  return parts.join(' ');
}

function renderFunction(name: string, args: SqlExpr[], state: RenderState, options: ExprOptions): string {
  const lower = name.toLowerCase();
  if (isSubstringFunction(name)) return renderSubstring(args, state, (arg) => renderExpr(arg, state, options));
  if (Object.prototype.hasOwnProperty.call(FUNCTION_KEYWORDS, lower)) return args.length === 0 ? FUNCTION_KEYWORDS[lower] : `${FUNCTION_KEYWORDS[lower]}(${args.map((arg) => renderExpr(arg, state, options)).join(', ')})`;
  if (args.length === 0 && lower === 'count') return 'count(*)';
  // sa.true() / sa.false() / sa.null() arrive as functions from some interpreters.
  if (args.length === 0 && (lower === 'true' || lower === 'false')) return lower;
  if (args.length === 0 && lower === 'null') return 'NULL';
  const printed = GENERIC_FUNCTIONS.has(lower) ? lower : name;
  const regconfig = bindsRegconfig(name, args);
  const rendered = args.map((arg, index) => (index === 0 && regconfig ? regconfigLiteral(arg, name, state) : renderExpr(arg, state, options)));
  return `${printed}(${rendered.join(', ')})`;
}

/**
 * The REGCONFIG bind of a text-search function (regconfigArgument.ts): bound as text where a live
 * run binds values; printed nowhere, since REGCONFIG has no literal renderer (CompileError).
 */
function regconfigLiteral(arg: SqlExpr, name: string, state: RenderState): string {
  if (arg.kind !== 'literal') return '';
  if (state.context.liveRun && state.liveRunBinds) return scalarLiteral(arg.value, state) ?? '';
  const message =
    `${typeof arg.value === 'string' ? `'${arg.value}'` : String(arg.value)} as the first argument of ${name}() is a REGCONFIG bind in SQLAlchemy, which has no literal value renderer: ` +
    `Alembic fails here with CompileError (No literal value renderer is available ... with datatype REGCONFIG)${state.liveRunBinds ? ' under `--sql`' : ', in a live run too (DDL takes no parameters)'}; ` +
    `write the configuration as SQL: sa.literal_column("'english'") or sa.text("'english'::regconfig")`;
  state.report('invalid-operation-option', message, undefined, state.liveRunBinds ? OFFLINE_ONLY : undefined);
  return '';
}

/** Own keys only, so an operator spelled like an Object method name is not mistaken for one. */
export function sqlOperator(written: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATORS, written) ? OPERATORS[written] : undefined;
}

function renderBinary(expr: Extract<SqlExpr, { kind: 'binary' }>, state: RenderState, outer: ExprOptions): string {
  if (expr.pg !== undefined) return renderPostgresBinary({ ...expr, pg: expr.pg }, state, outer);
  if (expr.custom) return renderCustomBinary(expr, state, operandOptions(outer));
  let operator = sqlOperator(expr.operator) ?? expr.operator.toUpperCase();
  // LIKE and ILIKE (and startswith() and its kin, which print them) and `//` have visitors of their own that do not mark their operands.
  const options = expr.criteria || operator === 'LIKE' || operator === 'NOT LIKE' || operator === 'ILIKE' || operator === 'NOT ILIKE' || operator === '//' ? outer : operandOptions(outer);
  if ((operator === 'IN' || operator === 'NOT IN') && expr.left.kind === 'tuple' && expr.right.kind === 'tuple' && expr.right.role === 'rows') {
    const tuple = expr.left;
    return renderTupleIn(renderExpr(tuple, state, options), operator, expr.right, tuple.items.map((item) => columnType(item, options)), state);
  }
  if ((operator === 'IN' || operator === 'NOT IN') && expr.right.kind === 'literal' && Array.isArray(expr.right.value)) {
    if (expr.left.kind === 'binary' && expr.left.custom && expr.left.type === undefined) state.report('unsupported-sql-expression', `in_() of the result of the custom operator ${expr.left.operator}: SQLAlchemy binds the values with that result's type, not followed.`);
    // A plain operator on the left groups by precedence (`(name COLLATE "C") IN (...)`); the JSON and ARRAY ones group themselves.
    const leftText = renderExpr(expr.left, state, options);
    const left = expr.left.kind === 'binary' && expr.left.pg === undefined ? grouped(leftText, expr.left, operator) : leftText;
    return renderInList(left, operator, expr.right.value, columnType(expr.left, options), state);
  }
  // A subquery, or a list of items bound each as its own expression: NOT IN in parentheses, as with a list.
  if ((operator === 'IN' || operator === 'NOT IN') && (expr.right.kind === 'select' || (expr.right.kind === 'tuple' && expr.right.role === 'inList'))) {
    const left = grouped(renderExpr(expr.left, state, options), expr.left, operator);
    const items = expr.right.kind === 'select' ? renderSelect(expr.right, state, options) : expr.right.items.map((item) => renderExpr(item, state, options)).join(', ');
    const inList = `${left} ${operator} (${items})`;
    return operator === 'IN' ? inList : `(${inList})`;
  }
  const rightIsNull = expr.right.kind === 'literal' && expr.right.value === null;
  // SQLAlchemy turns comparisons with None into IS NULL / IS NOT NULL.
  if (rightIsNull && operator === '=') operator = 'IS';
  if (rightIsNull && operator === '!=') operator = 'IS NOT';
  refuseOrderingWithConstant(expr, operator, state);
  const side = (child: SqlExpr, other: SqlExpr): string => {
    // IS NULL compares with the NULL constant, not a bind of the column's type (JSON binds None as 'null' in a live run).
    if (child === expr.right && child.kind === 'literal' && rightIsNull && (operator === 'IS' || operator === 'IS NOT') && !child.inline && !child.construct) return 'NULL';
    refuseLiteralAgainstCustom(child, other, state);
    // A Python row compared with a tuple_(): each item bound as compared with the tuple's item there.
    if (child.kind === 'tuple' && other.kind === 'tuple') return renderTuple(child, (item, itemHint) => renderExpr(item, state, options, itemHint), other.items.map((item) => columnType(item, options)));
    return grouped(renderExpr(child, state, options, columnType(other, options)), child, operator);
  };
  if (expr.affix !== undefined) return renderAffixedLike(expr, operator, grouped(renderExpr(expr.left, state, options), expr.left, AFFIX_OPERATOR), state, options);
  if (operator === 'REGEXP_REPLACE' && expr.replacement !== undefined) return renderRegexpReplace(expr, expr.replacement, side, state);
  if (expr.regexpFlags !== undefined) return `${side(expr.left, expr.right)} ${operator} CONCAT('(?', ${scalarLiteral(expr.regexpFlags, state)}, ')', ${side(expr.right, expr.left)})`;
  if (operator === '/') return renderTrueDivision(expr, state, options);
  if (operator === '//') return renderFloorDivision(expr, `${side(expr.left, expr.right)} / ${side(expr.right, expr.left)}`, state, options);
  // `%` is a percent sign like any other in the printed SQL (doubled under a format paramstyle).
  const printed = operator === '%' ? state.percents('%') : operator;
  const escape = expr.escape === undefined ? '' : ` ESCAPE ${scalarLiteral(expr.escape, state)}`;
  return `${side(expr.left, expr.right)} ${printed} ${side(expr.right, expr.left)}${escape}`;
}

/** `REGEXP_REPLACE(col, pattern, replacement[, flags])`: PostgreSQL's visitor, the flags a string literal. */
function renderRegexpReplace(expr: Extract<SqlExpr, { kind: 'binary' }>, replacement: SqlExpr, side: (child: SqlExpr, other: SqlExpr) => string, state: RenderState): string {
  const flags = expr.regexpFlags === undefined ? '' : `, ${scalarLiteral(expr.regexpFlags, state)}`;
  return `REGEXP_REPLACE(${side(expr.left, expr.right)}, ${side(expr.right, expr.left)}, ${side(replacement, expr.left)}${flags})`;
}

/** Operators SQLAlchemy's `_boolean_compare` refuses a Python None, True or False with. */
const ORDERING_OPERATORS = new Set(['<', '>', '<=', '>=', 'LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE']);

/**
 * `col > None`, `col < True`, `col.like(None)`: SQLAlchemy raises ArgumentError ("Only '=', '!=',
 * 'is_()', 'is_not()', 'is_distinct_from()', 'is_not_distinct_from()' operators can be used with
 * None/True/False") while building the expression, under `--sql` and in a live run alike.
 */
function refuseOrderingWithConstant(expr: Extract<SqlExpr, { kind: 'binary' }>, operator: string, state: RenderState): void {
  const right = expr.right;
  if (right.kind !== 'literal' || right.inline || right.construct || (right.value !== null && typeof right.value !== 'boolean')) return;
  if (!ORDERING_OPERATORS.has(operator) && expr.affix === undefined) return;
  state.report('invalid-operation-option', `SQLAlchemy raises ArgumentError for ${operator} with ${right.value === null ? 'None' : right.value ? 'True' : 'False'}: "Only '=', '!=', 'is_()', 'is_not()', 'is_distinct_from()', 'is_not_distinct_from()' operators can be used with None/True/False".`);
}

/**
 * A PostgreSQL JSON / ARRAY operator (postgresOperators.ts): each side grouped against it, a
 * Python value on the right bound with the left's type (the index of `doc['k']` as the key's
 * own), `.as_string()` and its kin as the cast SQLAlchemy compiles them into.
 */
function renderPostgresBinary(expr: Extract<SqlExpr, { kind: 'binary' }> & { pg: NonNullable<Extract<SqlExpr, { kind: 'binary' }>['pg']> }, state: RenderState, outer: ExprOptions): string {
  const options = operandOptions(outer);
  const key = pgGroupingKey(expr.pg);
  const leftText = renderExpr(expr.left, state, options, columnType(expr.right, options));
  const left = subscriptGroupsLeft(expr) ? `(${leftText})` : grouped(leftText, expr.left, key);
  const indexing = expr.pg === 'json_getitem' || expr.pg === 'json_path_getitem' || expr.pg === 'getitem';
  const right = grouped(renderExpr(expr.right, state, options, indexing ? undefined : expr.operandType ?? columnType(expr.left, options)), expr.right, key);
  // SQLAlchemy prints JSONB's subscript `doc['k']` only where it knows the server is PostgreSQL
  // 14 or later (or under --sql, with no server); a live run may be on an older one, which reads
  // no subscript on JSONB: there `doc -> 'k'`, the same value on every version, in parentheses
  // so that it groups as the subscript does.
  const liveSubscript = state.context.liveRun === true && expr.pg === 'json_getitem' && expr.operator === '[]';
  const text = liveSubscript ? `(${left} -> ${right})` : renderPgBinary(expr, left, right, outer.inOperator === true);
  return expr.castTo === undefined ? text : `CAST(${text} AS ${renderType(expr.castTo, state) ?? ''})`;
}

/**
 * `a.op("@>")(b)`: the operator as written (its `%` doubled under a format paramstyle), each side
 * grouped against precedence 0, a Python value bound as a comparison with the other side binds it.
 */
function renderCustomBinary(expr: Extract<SqlExpr, { kind: 'binary' }>, state: RenderState, options: ExprOptions): string {
  const side = (child: SqlExpr, other: SqlExpr): string => {
    refuseLiteralAgainstCustom(child, other, state);
    return grouped(renderExpr(child, state, options, columnType(other, options)), child, CUSTOM_OPERATOR);
  };
  return `${side(expr.left, expr.right)} ${state.percents(expr.operator)} ${side(expr.right, expr.left)}`;
}

/**
 * `col LIKE p || '%'`: SQLAlchemy joins the `'%'` (a literal column, so doubled under a format
 * paramstyle) to the pattern as it compiles, so the join is never put in parentheses itself.
 */
function renderAffixedLike(expr: Extract<SqlExpr, { kind: 'binary' }>, operator: string, left: string, state: RenderState, options: ExprOptions): string {
  // The pattern is bound as compared with the left side, as any operand is (a str against LargeBinary is bound as bytes).
  const pattern = renderExpr(expr.right, state, options, columnType(expr.left, options));
  const percent = `'${state.percents('%')}'`;
  const joined = expr.affix === 'start' ? `${pattern} || ${percent}` : expr.affix === 'end' ? `${percent} || ${pattern}` : `${percent} || ${pattern} || ${percent}`;
  const escape = expr.escape === undefined ? '' : ` ESCAPE ${scalarLiteral(expr.escape, state)}`;
  return `${left} ${operator} ${joined}${escape}`;
}

/**
 * `a / b`: SQLAlchemy 2 makes `/` a true division on PostgreSQL (whose `/` of integers truncates)
 * by casting the divisor: to its own type when that is a Numeric, Float or Double, to NUMERIC
 * otherwise (an integer, a column of no type, SQL text). A literal divisor has its Python value's
 * type (`2` Integer, `2.5` Double), whatever the other side is.
 */
function renderTrueDivision(expr: Extract<SqlExpr, { kind: 'binary' }>, state: RenderState, options: ExprOptions): string {
  const left = grouped(renderExpr(expr.left, state, options), expr.left, '/');
  const right = expr.right.kind === 'literal' ? literalFor(expr.right, state) ?? '' : grouped(renderExpr(expr.right, state, options), expr.right, '/');
  const divisorType = divisorTypeOf(expr.right, options);
  if (divisorType === undefined) {
    state.report('unsupported-sql-expression', 'a division whose divisor type the engine does not know: SQLAlchemy casts the divisor to it (`a / CAST(b AS NUMERIC)`).');
    return `${left} / ${right}`;
  }
  return `${left} / CAST(${right} AS ${divisorType === 'NUMERIC' ? 'NUMERIC' : renderType(divisorType, state) ?? ''})`;
}

/** `a // b` (floorDivision.ts): `a / b` of two integers, `FLOOR(a / b)` otherwise; refused where a side's type is not known here. */
function renderFloorDivision(expr: Extract<SqlExpr, { kind: 'binary' }>, divided: string, state: RenderState, options: ExprOptions): string {
  // Only a column of the statement's own table has its type at hand (a typed `sa.column()` of no table keeps none here).
  const typeOf = (column: Extract<SqlExpr, { kind: 'column' }>): { known: boolean; type?: SqlType } =>
    options.ownTable !== undefined && column.table !== undefined && !isForeignColumn(column, options.ownTable) && options.columnTypes?.has(column.name) === true ? { known: true, type: columnType(column, options) } : { known: false };
  const left = hasIntegerAffinity(expr.left, expr.right, typeOf);
  const right = hasIntegerAffinity(expr.right, expr.left, typeOf);
  if (left === false || right === false) return `FLOOR(${divided})`;
  if (left === true && right === true) return divided;
  state.report('unsupported-sql-expression', 'a floor division `//` whose operand types the engine does not know: SQLAlchemy prints `a / b` for two integers and `FLOOR(a / b)` otherwise.');
  return divided;
}

/** The type a divisor is cast to: its own when Numeric-like, 'NUMERIC' otherwise, undefined when not known here. */
function divisorTypeOf(expr: SqlExpr, options: ExprOptions): SqlType | 'NUMERIC' | undefined {
  const ownIfNumeric = (type: SqlType | undefined): SqlType | 'NUMERIC' => (type !== undefined && isNumericAffinity(type) && !isIntegerType(type) ? type : 'NUMERIC');
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'number' && (expr.float === true || !Number.isInteger(expr.value)) ? { name: 'Double', args: [], kwargs: {} } : 'NUMERIC';
    case 'column':
      // Another table's column types are not at hand.
      return isForeignColumn(expr, options.ownTable) ? undefined : ownIfNumeric(columnType(expr, options));
    case 'cast':
    case 'typeCoerce':
      return ownIfNumeric(expr.type);
    case 'text':
    case 'literalColumn':
      return 'NUMERIC';
    case 'unary':
      return expr.operator === '-' ? divisorTypeOf(expr.operand, options) : undefined;
    case 'binary': {
      // Integers combined by + - * % stay Integer; anything else has a type SQLAlchemy works out.
      const operator = sqlOperator(expr.operator) ?? expr.operator;
      if (!['+', '-', '*', '%'].includes(operator)) return undefined;
      return divisorTypeOf(expr.left, options) === 'NUMERIC' && divisorTypeOf(expr.right, options) === 'NUMERIC' && isIntegral(expr.left, options) && isIntegral(expr.right, options) ? 'NUMERIC' : undefined;
    }
    case 'function':
      // A function of a type the interpreter worked out (functions.ts): cast to it when Numeric-like; an application's type is not followed.
      if (expr.type !== undefined) return isSqlAlchemyPostgresqlType(expr.type) && expr.type.ddl === undefined ? ownIfNumeric(expr.type) : undefined;
      return expr.name.toLowerCase() === 'count' ? 'NUMERIC' : undefined;
  }
}

/** An integer literal, or a column of this table typed Integer. */
function isIntegral(expr: SqlExpr, options: ExprOptions): boolean {
  if (expr.kind === 'literal') return typeof expr.value === 'number' && Number.isInteger(expr.value) && expr.float !== true;
  if (expr.kind === 'column') return isIntegerType(columnType(expr, options));
  if (expr.kind === 'typeCoerce') return isIntegerType(expr.type);
  if (expr.kind === 'unary' && expr.operator === '-') return isIntegral(expr.operand, options);
  if (expr.kind === 'binary') return ['+', '-', '*', '%'].includes(sqlOperator(expr.operator) ?? expr.operator) && isIntegral(expr.left, options) && isIntegral(expr.right, options);
  return false;
}

/**
 * `column.in_([...])` / `.not_in([...])` with literal binds, as SQLAlchemy expands them: one
 * bind type for the whole list (the column's, unless the first value's kind differs, as for a
 * single comparison), NOT IN in parentheses, and an empty list as its always-false (always-true)
 * stand-in.
 */
function renderInList(left: string, operator: 'IN' | 'NOT IN', items: Literal[], column: SqlType | undefined, state: RenderState): string {
  if (items.length === 0) return operator === 'IN' ? `${left} IN (NULL) AND (1 != 1)` : `(${left} NOT IN (NULL) OR (1 = 1))`;
  const first = items.find((item) => item !== null);
  const firstAffinity = first === undefined ? undefined : valueAffinity(first);
  // Of no column type, a date, datetime or Decimal first types the list by its own type.
  const type = first === undefined ? column : column ? comparedType(column, first) : (valueBindType(first) ?? (firstAffinity ? { name: firstAffinity, args: [], kwargs: {} } : undefined));
  const list = items.map((item) => typedLiteral(item, type, state) ?? '').join(', ');
  return operator === 'IN' ? `${left} IN (${list})` : `(${left} NOT IN (${list}))`;
}

/**
 * A server default as `DEFAULT ...` shows it: a Python string becomes a quoted literal,
 * `sa.text`/`sa.func`/`sa.literal_column` render verbatim. SQLAlchemy refuses numbers.
 */
export function renderServerDefault(expr: SqlExpr, state: RenderState): string {
  // `sa.null()`, `sa.literal(5)`: SQL constructs, printed as their literal (DEFAULT NULL, DEFAULT 5).
  if (expr.kind === 'literal' && expr.construct) return renderExpr(expr, state);
  if (expr.kind === 'literal') {
    if (typeof expr.value === 'string' || typeof expr.value === 'boolean') return scalarLiteral(expr.value, state) ?? '';
    state.report(
      'invalid-operation-option',
      'server_default must be a string, sa.text(...) or a SQL expression; SQLAlchemy refuses a bare number. Write server_default="0" or sa.text("0").',
    );
    return '';
  }
  return renderUngrouped(expr, state);
}
