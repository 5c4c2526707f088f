/**
 * A DO block's guard that stops the migration unless tables hold no rows:
 *
 *     IF EXISTS (SELECT 1 FROM t LIMIT 1) OR EXISTS (SELECT 1 FROM u) THEN
 *         RAISE EXCEPTION '... requires an empty table';
 *     END IF;
 *
 * Past it, each table named by an unfiltered EXISTS is empty (healthcare-mrf-api checks so
 * before adding NOT NULL columns without a default). Only the plain shape counts: an IF with no
 * ELSIF or ELSE whose branch only raises an error, over EXISTS subqueries of one table each
 * (ORed), without WHERE, GROUP BY, HAVING or OFFSET, and LIMIT a positive constant if any. A
 * filtered EXISTS proves nothing about its table and is left out.
 */
import { parseSql } from './parser';
import { field, isNode, list, relationName, type Node } from './parseTree';

/** PostgreSQL's ERROR level: what RAISE EXCEPTION (and RAISE without a level) raises. */
const ERROR_LEVEL = 21;

/** The tables a `PLpgSQL_stmt_if` proves empty when the block goes on past it (none: not a guard). */
export function tablesProvenEmpty(ifStatement: Node): string[] {
  if (ifStatement.elsif_list !== undefined || ifStatement.else_body !== undefined) return [];
  const branch = list(ifStatement.then_body);
  if (branch.length === 0 || !branch.every(raisesError)) return [];
  const condition = field(field(ifStatement.cond, 'PLpgSQL_expr'), 'query');
  if (typeof condition !== 'string') return [];
  const parsed = parseSql(`SELECT ${condition}`);
  if (!parsed?.ok || parsed.statements.length !== 1) return [];
  const targets = list(field(parsed.statements[0].node.SelectStmt, 'targetList'));
  if (targets.length !== 1) return [];
  const tables: string[] = [];
  for (const disjunct of disjuncts(field(field(targets[0], 'ResTarget'), 'val'))) {
    const table = unfilteredExistsTable(disjunct);
    if (table !== undefined) tables.push(table);
  }
  return [...new Set(tables)];
}

function raisesError(statement: unknown): boolean {
  const raise = field(statement, 'PLpgSQL_stmt_raise');
  return isNode(raise) && (raise.elog_level === undefined || raise.elog_level === ERROR_LEVEL);
}

/** The expressions ORed at the top of a condition (the condition itself when it is no OR). */
function disjuncts(expression: unknown): unknown[] {
  const bool = field(expression, 'BoolExpr');
  if (isNode(bool) && bool.boolop === 'OR_EXPR') return list(bool.args).flatMap(disjuncts);
  return [expression];
}

/** `EXISTS (SELECT ... FROM t [LIMIT n])`: true exactly when `t` has a row. */
function unfilteredExistsTable(expression: unknown): string | undefined {
  const sublink = field(expression, 'SubLink');
  if (!isNode(sublink) || sublink.subLinkType !== 'EXISTS_SUBLINK') return undefined;
  const select = field(sublink.subselect, 'SelectStmt');
  if (!isNode(select)) return undefined;
  if (select.whereClause !== undefined || select.groupClause !== undefined || select.havingClause !== undefined || select.limitOffset !== undefined) return undefined;
  if (select.limitCount !== undefined && !isPositiveConstant(select.limitCount)) return undefined;
  const from = list(select.fromClause);
  if (from.length !== 1) return undefined;
  const relation = field(from[0], 'RangeVar');
  // `FROM ONLY t` leaves out the rows of its partitions and children.
  return isNode(relation) && relation.inh === true ? relationName(relation) : undefined;
}

function isPositiveConstant(expression: unknown): boolean {
  const value = field(field(field(expression, 'A_Const'), 'ival'), 'ival');
  return typeof value === 'number' && value > 0;
}
