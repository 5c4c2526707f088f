/**
 * A migration function's steps → the actions the rules read. Operations are rendered to the SQL
 * Alembic emits and read as the PostgreSQL parser reads it (statements of a known layout from the
 * operation's values, rendered/renderedActions.ts; the rest parsed); SQL the migration writes itself
 * (`op.execute("...")`, `op.execute(sa.text("..."))`) is parsed as written, so a statement's
 * range and a syntax error's position point inside the Python string. Statements inside
 * `autocommit_block()` run outside a transaction. What cannot be followed becomes an `unchecked`
 * action, which the runner reports: a migration is never called clean on what was skipped.
 */
import { catalogGuardOf } from '../engine/online/onlineCompiler';
import { distinctReasons } from '../common/distinctReasons';
import { bindTransactionCommandOf } from '../engine/interpret/bindTransaction';
import { LineIndex, type SourceRange } from '../common/range';
import type { ColumnSpec, Operation, Step } from '../engine/ops';
import { renderOperation } from '../engine/render/index';
import type { Action, ActionBody, ColumnFacts, MigrationFunction } from './actions';
import { directActions } from './rendered/directActions';
import { existingTypeFacts } from './rendered/existingType';
import { renderedActions } from './rendered/renderedActions';
import { isSqlParserLoaded, parseSql, sqlParserUnavailableReason, type SqlParseResult } from './sql/parser';
import { locateString, sourceOffsetInRendered } from './sql/pythonString';
import { shapedDml } from './sql/shapes';
import { statementToActions } from './sql/toActions';
import { doBlockParts } from './sql/doBlocks';
import { isNode } from './sql/parseTree';

export interface SqlSyntaxError {
  range: SourceRange;
  message: string;
  /** The SQL as the migration wrote it. */
  sql: string;
  /**
   * The PostgreSQL version that first accepts it, for a statement the parser (the newest
   * grammar) reads but older servers reject: reported only when the configured
   * `postgresql-version` is older.
   */
  acceptedSince?: number;
  /** The SQL is Alembic's rendering of an operation (`op.create_table(...)`), not SQL the migration wrote. */
  rendered?: true;
}

export interface CollectedActions {
  actions: Action[];
  syntaxErrors: SqlSyntaxError[];
}

interface Walk {
  file: string;
  source: string;
  lines: LineIndex;
  fn: MigrationFunction;
  out: CollectedActions;
  /** Operations the file imports by name (`from alembic.op import create_table`), local name → operation; read on first need. */
  bareOperations?: ReadonlyMap<string, string>;
  /** Whether the next statement runs inside a transaction (autocommit blocks, COMMIT/BEGIN change it). */
  inTransaction: boolean;
  /** Whether actions keep their operation (only quick fixes read it). */
  withOperations: boolean;
}

/** `withOperations: false`: the actions leave out the operation they came from, which only quick fixes read. */
export function collectActions(file: string, source: string, fn: MigrationFunction, steps: readonly Step[], lines = new LineIndex(source), withOperations = true): CollectedActions {
  const walk: Walk = { file, source, lines, fn, out: { actions: [], syntaxErrors: [] }, inTransaction: true, withOperations };
  visit(steps, walk);
  return walk.out;
}

function visit(steps: readonly Step[], walk: Walk): void {
  for (const step of steps) {
    switch (step.kind) {
      case 'operation':
        operationActions(step.operation, walk);
        break;
      case 'autocommit': {
        // Alembic commits before the block and begins a new transaction after it.
        walk.inTransaction = false;
        visit(step.steps, walk);
        walk.inTransaction = true;
        break;
      }
      case 'modeBranch':
        // A live `alembic upgrade` takes the online branch; that is what locks a busy table.
        visit(step.online, walk);
        break;
      case 'opaque': {
        // `op.get_bind().commit()`: the transaction ends there, and the next statement begins another.
        const bindCommand = bindTransactionCommandOf(step.reason);
        if (bindCommand) {
          push(walk, { kind: 'transaction', command: 'commit', ...(bindCommand === 'rollback' ? { rollback: true as const } : {}), throughBind: true }, step.range, false);
          push(walk, { kind: 'transaction', command: 'begin' }, step.range, false);
          break;
        }
        // An operation SQLAlchemy prints through a `@compiles` hook: what it does, and the locks it
        // takes, are the operation's (AudiusProject's env.py only adds IF [NOT] EXISTS).
        if (step.hooked) {
          operationActions(step.hooked, walk);
          break;
        }
        // An operation read whole, whose only unknown is a name the naming convention gives: its
        // effect on the schema is replayed (healthcare-mrf-api's create_table with schema=schema,
        // a variable, then its indexes: a new table, not an existing one).
        const structural = step.unnamed ? structuralActions(step.unnamed) : undefined;
        if (structural) {
          push(walk, { kind: 'unchecked', reason: step.reason, alreadyReported: true, taints: false }, step.range, false);
          for (const body of structural) push(walk, body, step.range, false);
          break;
        }
        const call = asOpCall(step.source, walk);
        // An op.create_table(...) the interpreter could not read whole (an application column
        // type, say) still creates a table of that name; its columns stay unknown.
        const created = createdTableOf(call);
        // Likewise an op.add_column(...) adds that column (indico adds PyIntEnum columns, then
        // fills them and sets NOT NULL: a column new in the same migration, not an existing one).
        const added = addedColumnOf(call);
        // An unnamed index or constraint whose name only the application's naming convention
        // knows is opaque to the renderer, but the lock rules need its table, not its name.
        const unnamed = unnamedObjectOf(call);
        // When that is all the statement does, the rest of the schema stays as sure as it was
        // (SAY-DAO's add_column with an application library's default made every table unsure).
        const onlyThat = (created !== undefined || added !== undefined || unnamed !== undefined) && touchesNothingElse(call);
        const mayHaveIndexed = step.mayRun ? indexesMadeIn(step.mayRun, walk) : [];
        push(walk, { kind: 'unchecked', reason: step.reason, alreadyReported: true, ...(onlyThat ? { taints: false } : {}), ...(mayHaveIndexed.length > 0 ? { mayHaveIndexed } : {}) }, step.range, false);
        if (created) push(walk, { kind: 'createTable', table: created, columns: [], ifNotExists: false, partial: true }, step.range, false);
        if (added) push(walk, added, step.range, false);
        if (unnamed) push(walk, unnamed, step.range, false);
        break;
      }
    }
  }
}

/**
 * The named indexes that the steps of branches which may not run would make, and their tables:
 * only that is taken from them (what else they do stays unknown, as the opaque step says).
 */
function indexesMadeIn(steps: readonly Step[], walk: Walk): { name: string; table: string }[] {
  const scratch: Walk = { ...walk, out: { actions: [], syntaxErrors: [] }, withOperations: false };
  visit(steps, scratch);
  return scratch.out.actions.flatMap((action) => (action.kind === 'createIndex' && action.name !== undefined ? [{ name: action.name, table: action.table }] : []));
}

function operationActions(operation: Operation, walk: Walk): void {
  const range = operation.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const written = writtenSql(operation);
  if (written !== undefined) {
    sqlActions(written, operation, range, walk);
    return;
  }
  // The common operations' actions come straight from their values when that is provably what
  // their rendered statements give (rendered/directActions.ts); the rest are rendered.
  const direct = isSqlParserLoaded() ? directActions(operation, walk.file) : undefined;
  if (direct) {
    for (const body of direct) push(walk, body, range, false, operation);
    return;
  }
  // As the deploy runs it: a value in a JSON column is bound there (render/boundJson.ts), not printed.
  const rendered = renderOperation(operation, { file: walk.file, liveRun: true });
  // Alembic prints nothing for it either (an alter_column given only existing_* arguments, as
  // octavia's MySQL-minded migrations write): no SQL runs, so there is nothing left unchecked.
  if (rendered.statements.length === 0 && rendered.problems.length === 0) return;
  if (rendered.statements.length === 0) {
    const why = distinctReasons(rendered.problems.map((problem) => problem.message));
    // What the operation does to the schema is still known from its value: replay that.
    const structural = structuralActions(operation);
    // An error of the renderer is a refusal of Alembic's or SQLAlchemy's (a nameless Enum, a name
    // past 63 characters), unless only the offline SQL fails (a literal a live run binds); a
    // warning is only this renderer's limit.
    const refused = rendered.problems.some((problem) => problem.severity === 'error' && problem.data?.offlineOnly !== true);
    push(walk, { kind: 'unchecked', reason: `the operation cannot be rendered to SQL (${why})`, alreadyReported: false, taints: structural === undefined, ...(refused ? { refused: true as const } : {}) }, range, false, operation);
    for (const body of structural ?? []) push(walk, body, range, false, operation);
    return;
  }
  // Most rendered statements have a known layout: their actions come from the operation's values.
  const known = isSqlParserLoaded() ? renderedActions(operation, rendered.statements) : undefined;
  if (known) {
    for (const body of known) push(walk, body, range, false, operation);
    return;
  }
  const parsedStatements: SqlParseResult[] = [];
  for (const statement of rendered.statements) {
    const parsed = parseSql(statement);
    if (!parsed) {
      push(walk, { kind: 'unchecked', reason: sqlParserUnavailableReason(), alreadyReported: false }, range, false, operation);
      return;
    }
    if (!parsed.ok && !parsed.unreadable) {
      // PostgreSQL rejects what Alembic sends (a MySQL `ON UPDATE` in a server_default): the
      // deploy fails there. An error where the SQL came from the migration's own string, and the
      // schema goes on as the operation meant it (what follows is linted as if it had run).
      walk.out.syntaxErrors.push({ range: renderedErrorRange(walk, range, statement, parsed.position), message: parsed.message, sql: statement, rendered: true });
      push(walk, { kind: 'unchecked', reason: `the SQL Alembic emits for it does not parse (${parsed.message})`, alreadyReported: true }, range, false, operation);
      for (const body of structuralActions(operation) ?? []) push(walk, body, range, false, operation);
      return;
    }
    parsedStatements.push(parsed);
  }
  for (const parsed of parsedStatements) {
    if (!parsed.ok) {
      push(walk, { kind: 'unchecked', reason: `the SQL Alembic emits for it could not be read: ${parsed.message}`, alreadyReported: false }, range, false, operation);
      continue;
    }
    for (const parsedStatement of parsed.statements) {
      for (const body of statementToActions(parsedStatement.node)) push(walk, body, range, false, operation);
    }
  }
}

/** Where a rendered statement's syntax error points: inside the string it came from, else the call. */
function renderedErrorRange(walk: Walk, callRange: SourceRange, statement: string, position: number): SourceRange {
  const at = Math.min(position, Math.max(0, statement.length - 1));
  const offset = sourceOffsetInRendered(walk.source, walk.lines.offsetAt(callRange.start), walk.lines.offsetAt(callRange.end), statement, at);
  return offset === undefined ? callRange : walk.lines.rangeOf(offset, offset + 1);
}

/** The SQL text of `op.execute("...")` / `op.execute(sa.text("..."))`, as written. */
function writtenSql(operation: Operation): string | undefined {
  if (operation.kind !== 'execute') return undefined;
  const sql = operation.sql;
  if (sql.kind === 'text') return sql.sql;
  if (sql.kind === 'literal' && typeof sql.value === 'string') return sql.value;
  return undefined;
}

/**
 * The actions and syntax errors of `op.execute("<sql>")` written at `callRange`, as the walk over
 * the interpreted steps gives them (for the tree-less reading of autogenerate's layout).
 */
export function writtenSqlActions(file: string, source: string, lines: LineIndex, fn: MigrationFunction, sql: string, callRange: SourceRange, inTransaction: boolean): CollectedActions {
  const walk: Walk = { file, source, lines, fn, out: { actions: [], syntaxErrors: [] }, inTransaction, withOperations: false };
  sqlActions(sql, undefined, callRange, walk);
  return walk.out;
}

/** `operation` is what the actions came from (for quick fixes); undefined where none was made. */
function sqlActions(sql: string, operation: Operation | undefined, callRange: SourceRange, walk: Walk): void {
  const callFrom = walk.lines.offsetAt(callRange.start);
  const callTo = walk.lines.offsetAt(callRange.end);
  const located = locateString(walk.source, callFrom, callTo, sql);
  const rangeIn = (from: number, to: number): SourceRange =>
    located ? walk.lines.rangeOf(located.sourceOffset(from), Math.max(located.sourceOffset(from), located.sourceOffset(Math.max(from, to - 1)) + 1)) : callRange;
  const bound = maskBindParameters(sql);
  // Data changes repeated under other names are read once per shape (sql/shapes.ts).
  const shaped = shapedDml(bound);
  if (shaped) {
    for (const statement of shaped) {
      const range = rangeIn(statement.start, statement.end);
      for (const body of statement.actions) push(walk, body, range, true, operation);
    }
    return;
  }
  const parsed = parseSql(bound);
  if (!parsed) {
    push(walk, { kind: 'unchecked', reason: sqlParserUnavailableReason(), alreadyReported: false }, callRange, true, operation);
    return;
  }
  if (!parsed.ok && parsed.unreadable) {
    push(walk, { kind: 'unchecked', reason: `its SQL could not be read: ${parsed.message}`, alreadyReported: false }, callRange, true, operation);
    return;
  }
  if (!parsed.ok) {
    const at = Math.min(parsed.position, Math.max(0, sql.length - 1));
    walk.out.syntaxErrors.push({ range: rangeIn(at, at + 1), message: parsed.message, sql });
    // The whole string is rejected by PostgreSQL: nothing in it runs, nothing in it is checked.
    push(walk, { kind: 'unchecked', reason: `its SQL does not parse (${parsed.message})`, alreadyReported: true }, callRange, true, operation);
    return;
  }
  for (const statement of parsed.statements) {
    const doStatement = statement.node.DoStmt;
    if (isNode(doStatement)) {
      // The statements its PL/pgSQL runs (sql/doBlocks.ts).
      for (const part of doBlockParts(bound, statement.start, statement.end, doStatement)) {
        const range = rangeIn(part.start, part.end);
        if ('unchecked' in part) push(walk, { kind: 'unchecked', reason: part.unchecked, alreadyReported: false }, range, true, operation);
        else for (const body of part.bodies) push(walk, body, range, true, operation);
      }
      continue;
    }
    const range = rangeIn(statement.start, statement.end);
    if (hasUnaliasedSubquery(statement.node)) {
      walk.out.syntaxErrors.push({ range, message: 'subquery in FROM must have an alias (PostgreSQL accepts one without only from version 16)', sql, acceptedSince: 16 });
    }
    for (const body of statementToActions(statement.node)) push(walk, body, range, true, operation);
  }
}

/**
 * A subquery or VALUES list in FROM without an alias (`FROM (SELECT ...)`): PostgreSQL 16 and the
 * parser read it, PostgreSQL 15 and older reject it (42601), as codechecker's migration met on 15.
 */
function hasUnaliasedSubquery(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUnaliasedSubquery);
  if (!isNode(node)) return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'RangeSubselect' && isNode(value) && value.alias === undefined) return true;
    if (typeof value === 'object' && value !== null && hasUnaliasedSubquery(value)) return true;
  }
  return false;
}

/**
 * Alembic runs a string through `sa.text()`, where `:name` is a bound parameter; PostgreSQL's
 * grammar has `$1` instead. Each `:name` becomes `$1` padded to the same length, so offsets stay.
 * Same pattern as SQLAlchemy's: not after `:` or a word character or `\`, not before `:`.
 */
export function maskBindParameters(sql: string): string {
  return sql
    .replace(/(?<![:\w\\]):(\w+)(?!:)/g, (match) => '$1'.padEnd(match.length, ' '))
    .replace(/\\:\\:/g, '::  ')
    .replace(/\\:/g, ' :');
}

function push(walk: Walk, body: ActionBody, range: SourceRange, fromSql: boolean, operation?: Operation): void {
  // The index's table lives in the index's schema: `drop_index(..., table_name="t", schema="s")` is on `s.t`.
  if (body.kind === 'dropIndex' && operation?.kind === 'dropIndex' && operation.table) body.table = qualifiedName(operation.table, operation.schema);
  // Assigned one by one rather than spread twice: same keys in the same order, one object fewer
  // per action (thousands per history).
  const action = { ...body } as Action;
  action.range = range;
  action.fn = walk.fn;
  action.inTransaction = walk.inTransaction;
  action.fromSql = fromSql;
  if (operation && walk.withOperations) action.operation = operation;
  // SQLAlchemy's checkfirst: the enum's CREATE / DROP TYPE runs only as the catalog allows.
  if (operation && catalogGuardOf(operation)) action.guarded = true;
  if (action.kind === 'alterColumnType' && operation?.kind === 'alterColumn' && operation.existingType) {
    const existing = existingTypeFacts(operation.existingType, walk.file);
    if (existing) action.existingType = existing;
  }
  walk.out.actions.push(action);
  if (body.kind === 'transaction') walk.inTransaction = body.command === 'begin';
}

/**
 * An opaque step's source with a bare operation call written as `op.<operation>(`, so the
 * readers below see one spelling: migrations that import the operations by name
 * (`from alembic.op import create_table`, as rucio's do) call `create_table(...)`.
 */
/**
 * Whether an opaque operation's source can do nothing but that operation: one `op.` call, no
 * connection, session, SQL execution or reflection among its arguments.
 */
function touchesNothingElse(call: string): boolean {
  return (call.match(/\bop\./g)?.length ?? 0) === 1 && !/\b(execute|get_bind|bind|connection|conn|session|engine|inspect|reflect|autoload_with|metadata)\b/.test(call);
}

function asOpCall(source: string, walk: Walk): string {
  const text = source.trimStart();
  const callee = /^([A-Za-z_][A-Za-z0-9_]*)\(/.exec(text);
  if (!callee) return source;
  walk.bareOperations ??= bareOperationImports(walk.source);
  const operation = walk.bareOperations.get(callee[1]);
  return operation === undefined ? source : `op.${operation}${text.slice(callee[1].length)}`;
}

/** `from alembic.op import a, b as c` (parenthesised or not): local name → operation name. */
function bareOperationImports(fileSource: string): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const match of fileSource.matchAll(/^from[ \t]+alembic\.op[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm)) {
    for (const item of match[1].replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').split(',')) {
      const parts = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?\s*$/.exec(item);
      if (parts) names.set(parts[2] ?? parts[1], parts[1]);
    }
  }
  return names;
}

/** `op.create_table("name", ...)` / `op.create_table('name', ...)` (no schema=): the name. */
function createdTableOf(source: string): string | undefined {
  const match = /^op\.create_table\(\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*,/.exec(source.trimStart());
  if (!match) return undefined;
  const schema = schemaKeywordOf(source);
  return schema === null ? undefined : qualifiedName(match[2], schema);
}

/**
 * The `schema="..."` keyword of an operation's source: undefined when there is none, null when
 * it cannot be told (not a literal, or several different ones: an sa.Enum's own schema, say).
 * indico creates its tables in schemas (`schema='roombooking'`).
 */
function schemaKeywordOf(source: string): string | undefined | null {
  const keywords = [...source.matchAll(/\bschema\s*=\s*([^,)\s]+)/g)].map((match) => match[1]);
  if (keywords.length === 0) return undefined;
  const literals = new Set(keywords.map((keyword) => /^(["'])([A-Za-z_][A-Za-z0-9_]*)\1$/.exec(keyword)?.[2] ?? null));
  if (literals.size !== 1 || literals.has(null)) return null;
  return [...literals][0]!;
}

/**
 * `op.create_index(None, "t", ["a", ...], ...)`, `op.create_foreign_key(None, "t", "ref", ["a"],
 * ["id"], source_schema=...)`, `op.create_unique_constraint(None, "t", ["a"])` and
 * `op.create_primary_key(None, "t", ["a"])`: what they add, without the name (indico writes
 * hundreds; its naming convention is in the application).
 */
function unnamedObjectOf(source: string): ActionBody | undefined {
  const text = source.trimStart();
  const call = /^op\.(create_index|create_foreign_key|create_unique_constraint|create_primary_key)\(\s*None\s*,\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\2\s*,/.exec(text);
  if (!call) return undefined;
  const [, kind, , table] = call;
  const rest = text.slice(call[0].length);
  // The first list literal after the table (after the referent for a foreign key): the columns.
  const list = /\[([^\]]*)\]/.exec(rest);
  const columns = list ? [...list[1].matchAll(/(["'])([A-Za-z_][A-Za-z0-9_]*)\1/g)].map((match) => match[2]) : [];
  const flag = (keyword: string): boolean => new RegExp(`\\b${keyword}\\s*=\\s*True\\b`).test(rest);
  if (kind === 'create_foreign_key') {
    const schema = /\bsource_schema\s*=\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1/.exec(rest);
    if (/\bsource_schema\s*=/.test(rest) && !schema) return undefined;
    return { kind: 'addConstraint', table: qualifiedName(table, schema?.[2]), constraint: 'foreignKey', notValid: flag('postgresql_not_valid'), usingIndex: false, columns };
  }
  const schema = schemaKeywordOf(rest);
  if (schema === null) return undefined;
  const qualified = qualifiedName(table, schema);
  if (kind === 'create_index') return { kind: 'createIndex', table: qualified, columns, concurrently: flag('postgresql_concurrently'), unique: flag('unique'), ifNotExists: flag('if_not_exists') };
  return { kind: 'addConstraint', table: qualified, constraint: kind === 'create_unique_constraint' ? 'unique' : 'primaryKey', notValid: false, usingIndex: false, columns };
}

function qualifiedName(table: string, schema: string | undefined): string {
  return schema && schema !== 'public' ? `${schema}.${table}` : table;
}

/**
 * `op.add_column("t", sa.Column("c", <type it cannot read>, ...), schema="s")`: the column it adds,
 * with what the literal keywords say (nullable=False, a server_default); its type stays unknown.
 */
function addedColumnOf(source: string): ActionBody | undefined {
  const match = /^op\.add_column\(\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*,\s*(?:sa\.|sqlalchemy\.)?Column\(\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\3\s*,/.exec(source.trimStart());
  if (!match) return undefined;
  const schema = schemaKeywordOf(source);
  if (schema === null) return undefined;
  const table = qualifiedName(match[2], schema);
  const column: ColumnFacts = { name: match[4], notNull: /\bnullable\s*=\s*False\b/.test(source), primaryKey: false, generated: false };
  if (/\bserver_default\s*=/.test(source)) column.default = { sql: 'a server default', volatile: false };
  return { kind: 'addColumn', table, column, ifNotExists: false };
}

/**
 * The schema effect of an operation whose SQL cannot be rendered (a custom column type, say):
 * names, nullability and keys are in the operation value itself. Undefined when not modelled.
 */
function structuralActions(operation: Operation): ActionBody[] | undefined {
  const qualified = (table: string, schema?: string): string => (schema && schema !== 'public' ? `${schema}.${table}` : table);
  const column = (spec: ColumnSpec): ColumnFacts => ({
    name: spec.name,
    notNull: spec.nullable === false || spec.primaryKey,
    primaryKey: spec.primaryKey,
    ...(spec.serverDefault ? { default: { sql: 'a server default', volatile: false } } : {}),
    generated: spec.identity !== undefined || spec.computed !== undefined,
  });
  switch (operation.kind) {
    case 'createTable':
      return [{ kind: 'createTable', table: qualified(operation.table, operation.schema), columns: operation.columns.map(column), ifNotExists: operation.ifNotExists === true }];
    case 'addColumn':
      return [{ kind: 'addColumn', table: qualified(operation.table, operation.schema), column: column(operation.column), ifNotExists: operation.ifNotExists === true }];
    case 'dropTable':
      return [{ kind: 'dropTable', table: qualified(operation.table, operation.schema), cascade: false, ifExists: operation.ifExists === true }];
    case 'dropColumn':
      return [{ kind: 'dropColumn', table: qualified(operation.table, operation.schema), column: operation.column, ifExists: operation.ifExists === true }];
    case 'renameTable':
      return [{ kind: 'renameTable', table: qualified(operation.oldName, operation.schema), newName: operation.newName }];
    default:
      return undefined;
  }
}
