/**
 * `DO $$ ... $$` in op.execute: the SQL statements its PL/pgSQL runs, as lint actions. Migrations
 * wrap DDL in DO blocks to make it conditional (`IF NOT EXISTS (SELECT ...) THEN CREATE INDEX
 * ...`, `BEGIN CREATE TYPE ... EXCEPTION WHEN duplicate_object THEN NULL; END`); the statements run
 * in the migration's transaction and take the same locks as written outside. A statement under a
 * condition, a loop or an exception handler may not run, so what it creates or drops is guarded as
 * `IF NOT EXISTS` / `IF EXISTS` would guard it. What cannot be read statically (EXECUTE of a
 * computed string, another language, PL/pgSQL that does not parse) is said to be unchecked.
 */
import type { ActionBody } from '../actions';
import { parsePlpgsql, parseSql } from './parser';
import { field, isNode, list, type Node } from './parseTree';
import { statementToActions } from './toActions';
import { tablesProvenEmpty } from './emptinessGuard';

/** Part of a DO block: where it stands in the SQL string, and its actions or why it was not checked. */
export type DoBlockPart = { start: number; end: number; bodies: ActionBody[] } | { start: number; end: number; unchecked: string };

/** PL/pgSQL statements whose body may run never, once or many times. */
const CONDITIONAL = new Set([
  'PLpgSQL_stmt_if',
  'PLpgSQL_stmt_case',
  'PLpgSQL_stmt_loop',
  'PLpgSQL_stmt_while',
  'PLpgSQL_stmt_fori',
  'PLpgSQL_stmt_fors',
  'PLpgSQL_stmt_forc',
  'PLpgSQL_stmt_foreach_a',
  'PLpgSQL_stmt_dynfors',
]);

/** The parts of the DO statement at `[start, end)` of `sql` (`node` is its DoStmt). */
export function doBlockParts(sql: string, start: number, end: number, node: Node): DoBlockPart[] {
  const whole = (unchecked: string): DoBlockPart[] => [{ start, end, unchecked }];
  const options = new Map(list(node.args).map((arg) => [String(field(field(arg, 'DefElem'), 'defname')), field(field(field(arg, 'DefElem'), 'arg'), 'String')]));
  const language = String(field(options.get('language'), 'sval') ?? 'plpgsql').toLowerCase();
  if (language !== 'plpgsql') return whole(`a DO block in ${language} is not read`);
  const text = sql.slice(start, end);
  const parsed = parsePlpgsql(text);
  if (!parsed) return whole('the PL/pgSQL parser is not loaded');
  if (!parsed.ok) return whole(`the DO block's PL/pgSQL does not parse (${parsed.message})`);
  const parts: DoBlockPart[] = [];
  let cursor = 0;
  // Where a statement's text stands in the block (found in order; the whole block when it is
  // not there verbatim, as in a single-quoted body with doubled quotes).
  const locate = (query: string): { start: number; end: number } => {
    const at = text.indexOf(query, cursor);
    if (at < 0) return { start, end };
    cursor = at + query.length;
    return { start: start + at, end: start + at + query.length };
  };
  const statement = (query: string, conditional: boolean): void => {
    const where = locate(query);
    const inner = parseSql(query);
    if (!inner || !inner.ok) {
      parts.push({ ...where, unchecked: `a statement of the DO block does not parse (${inner ? inner.message : 'the parser is not loaded'})` });
      return;
    }
    const bodies = inner.statements.flatMap((each) => statementToActions(each.node)).filter((body) => body.kind !== 'transaction');
    parts.push({ ...where, bodies: conditional ? bodies.map(guarded) : bodies });
  };
  const visit = (value: unknown, conditional: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, conditional);
      return;
    }
    if (!isNode(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'PLpgSQL_stmt_execsql') {
        const query = field(field(field(inner, 'sqlstmt'), 'PLpgSQL_expr'), 'query');
        if (typeof query === 'string') statement(query, conditional);
        continue;
      }
      if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors') {
        const query = field(field(field(inner, 'query'), 'PLpgSQL_expr'), 'query');
        const literal = typeof query === 'string' ? /^'((?:[^']|'')*)'$/.exec(query.trim()) : null;
        if (literal && key === 'PLpgSQL_stmt_dynexecute') statement(literal[1].replace(/''/g, "'"), conditional);
        else parts.push({ ...(typeof query === 'string' ? locate(query) : { start, end }), unchecked: 'EXECUTE of a string built at run time in a DO block' });
        continue;
      }
      if (key === 'PLpgSQL_stmt_if' && !conditional && isNode(inner)) {
        // `IF EXISTS (SELECT 1 FROM t) THEN RAISE EXCEPTION ...`: past it, t is empty (sql/emptinessGuard.ts).
        const provesEmpty = tablesProvenEmpty(inner);
        const condition = field(field(inner.cond, 'PLpgSQL_expr'), 'query');
        if (provesEmpty.length > 0 && typeof condition === 'string') {
          parts.push({ ...locate(condition), bodies: [{ kind: 'otherSql', statement: 'IF EXISTS (...) THEN RAISE', provesEmpty }] });
        }
      }
      // A block with an exception handler may stop part way (its statements then roll back).
      const handled = key === 'PLpgSQL_stmt_block' && isNode(inner) && inner.exceptions !== undefined;
      visit(inner, conditional || CONDITIONAL.has(key) || handled);
    }
  };
  visit(parsed.functions, false);
  return parts;
}

/** A statement that may not run: what it creates may already be there, what it drops may not be. */
function guarded(body: ActionBody): ActionBody {
  switch (body.kind) {
    case 'createTable':
    case 'createIndex':
    case 'addColumn':
      return { ...body, ifNotExists: true };
    case 'dropTable':
    case 'dropIndex':
    case 'dropColumn':
    case 'dropConstraint':
      return { ...body, ifExists: true };
    case 'renameTable':
    case 'renameColumn':
    case 'renameIndex':
    case 'renameConstraint':
    case 'alterColumnType':
    case 'setNotNull':
    case 'dropNotNull':
    case 'setDefault':
    case 'addConstraint':
    case 'validateConstraint':
    case 'dml':
      // No IF EXISTS stands for these: sagebase renames a column only `IF EXISTS (SELECT ... FROM information_schema.columns ...)`.
      return Object.assign({}, body, { mayNotRun: true as const });
    case 'otherSql':
      // CREATE TYPE under `EXCEPTION WHEN duplicate_object`, DROP TYPE under IF EXISTS (SELECT ...).
      return body.definesTypes || body.types ? Object.assign({}, body, { guarded: true as const }) : body;
    default:
      return body;
  }
}
