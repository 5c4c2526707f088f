/**
 * A migration function's steps → the actions the rules read. Operations are rendered to the SQL
 * Alembic emits and parsed with the PostgreSQL parser; SQL the migration writes itself
 * (`op.execute("...")`, `op.execute(sa.text("..."))`) is parsed as written, so a statement's
 * range and a syntax error's position point inside the Python string. Statements inside
 * `autocommit_block()` run outside a transaction. What cannot be followed becomes an `unchecked`
 * action, which the runner reports: a migration is never called clean on what was skipped.
 */
import { LineIndex, type SourceRange } from '../common/range';
import type { Operation, Step } from '../engine/ops';
import { renderOperation } from '../engine/render/index';
import type { Action, ActionBody, MigrationFunction } from './actions';
import { parseSql, sqlParserUnavailableReason } from './sql/parser';
import { locateString } from './sql/pythonString';
import { statementToActions } from './sql/toActions';

export interface SqlSyntaxError {
  range: SourceRange;
  message: string;
  /** The SQL as the migration wrote it. */
  sql: string;
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
}

export function collectActions(file: string, source: string, fn: MigrationFunction, steps: readonly Step[], lines = new LineIndex(source)): CollectedActions {
  const walk: Walk = { file, source, lines, fn, out: { actions: [], syntaxErrors: [] } };
  visit(steps, true, walk);
  return walk.out;
}

function visit(steps: readonly Step[], inTransaction: boolean, walk: Walk): void {
  for (const step of steps) {
    switch (step.kind) {
      case 'operation':
        operationActions(step.operation, inTransaction, walk);
        break;
      case 'autocommit':
        visit(step.steps, false, walk);
        break;
      case 'modeBranch':
        // A live `alembic upgrade` takes the online branch; that is what locks a busy table.
        visit(step.online, inTransaction, walk);
        break;
      case 'opaque':
        push(walk, { kind: 'unchecked', reason: step.reason, alreadyReported: true }, step.range, inTransaction, false);
        break;
    }
  }
}

function operationActions(operation: Operation, inTransaction: boolean, walk: Walk): void {
  const range = operation.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const written = writtenSql(operation);
  if (written !== undefined) {
    sqlActions(written, operation, range, inTransaction, walk);
    return;
  }
  const rendered = renderOperation(operation, { file: walk.file });
  if (rendered.statements.length === 0) {
    const why = rendered.problems.map((problem) => problem.message).join('; ') || 'it renders no SQL';
    push(walk, { kind: 'unchecked', reason: `the operation cannot be rendered to SQL (${why})`, alreadyReported: false }, range, inTransaction, false, operation);
    return;
  }
  for (const statement of rendered.statements) {
    const parsed = parseSql(statement);
    if (!parsed) {
      push(walk, { kind: 'unchecked', reason: sqlParserUnavailableReason(), alreadyReported: false }, range, inTransaction, false, operation);
      return;
    }
    if (!parsed.ok) {
      push(walk, { kind: 'unchecked', reason: `the SQL Alembic emits for it does not parse (${parsed.message})`, alreadyReported: false }, range, inTransaction, false, operation);
      continue;
    }
    for (const parsedStatement of parsed.statements) {
      for (const body of statementToActions(parsedStatement.node)) push(walk, body, range, inTransaction, false, operation);
    }
  }
}

/** The SQL text of `op.execute("...")` / `op.execute(sa.text("..."))`, as written. */
function writtenSql(operation: Operation): string | undefined {
  if (operation.kind !== 'execute') return undefined;
  const sql = operation.sql;
  if (sql.kind === 'text') return sql.sql;
  if (sql.kind === 'literal' && typeof sql.value === 'string') return sql.value;
  return undefined;
}

function sqlActions(sql: string, operation: Operation, callRange: SourceRange, inTransaction: boolean, walk: Walk): void {
  const callFrom = walk.lines.offsetAt(callRange.start);
  const callTo = walk.lines.offsetAt(callRange.end);
  const located = locateString(walk.source, callFrom, callTo, sql);
  const rangeIn = (from: number, to: number): SourceRange =>
    located ? walk.lines.rangeOf(located.sourceOffset(from), Math.max(located.sourceOffset(from), located.sourceOffset(Math.max(from, to - 1)) + 1)) : callRange;
  const parsed = parseSql(maskBindParameters(sql));
  if (!parsed) {
    push(walk, { kind: 'unchecked', reason: sqlParserUnavailableReason(), alreadyReported: false }, callRange, inTransaction, true, operation);
    return;
  }
  if (!parsed.ok) {
    const at = Math.min(parsed.position, Math.max(0, sql.length - 1));
    walk.out.syntaxErrors.push({ range: rangeIn(at, at + 1), message: parsed.message, sql });
    // The whole string is rejected by PostgreSQL: nothing in it runs, nothing in it is checked.
    push(walk, { kind: 'unchecked', reason: `its SQL does not parse (${parsed.message})`, alreadyReported: true }, callRange, inTransaction, true, operation);
    return;
  }
  for (const statement of parsed.statements) {
    const range = rangeIn(statement.start, statement.end);
    for (const body of statementToActions(statement.node)) push(walk, body, range, inTransaction, true, operation);
  }
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

function push(walk: Walk, body: ActionBody, range: SourceRange, inTransaction: boolean, fromSql: boolean, operation?: Operation): void {
  if (body.kind === 'dropIndex' && operation?.kind === 'dropIndex' && operation.table) body.table = operation.table;
  walk.out.actions.push({ ...body, range, fn: walk.fn, inTransaction, fromSql, ...(operation ? { operation } : {}) } as Action);
}
