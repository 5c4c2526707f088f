/**
 * Where SQLAlchemy places a select's own joins when it compiles it (SelectState._setup_joins),
 * each in call order:
 * - `join_from(left, right, on)`: spliced into the FROM entry of `select_from()` that holds
 *   `left`, or added after them;
 * - `join(right, on)`: when `select_from()` gave entries, spliced into the one it joins from;
 *   otherwise joined to the table of the columns and WHERE clause it joins from, and added. Among
 *   several candidates, the one whose columns (with the right table's) cover every column of the
 *   ON clause; none or several left is SQLAlchemy's InvalidRequestError, refused here.
 */
import type { FromItem, FromTable, SelectJoin, SqlExpr } from '../ops';
import { isJoin, sameTable, tablesOf } from './fromList';

/** The FROM entries after the joins; a string says why SQLAlchemy cannot place one. */
export function placeSelectJoins(explicit: readonly FromItem[], implied: readonly FromTable[], joins: readonly SelectJoin[], columnsOf: (expr: SqlExpr) => FromTable[]): FromItem[] | string {
  let froms = [...explicit];
  for (const join of joins) {
    const outer = join.outer === undefined ? {} : { outer: join.outer };
    if (join.left !== undefined) {
      if (isJoin(join.left)) return 'join_from() of a join on the left, not modelled';
      const given = join.left;
      const holding = froms.flatMap((item, at) => (tablesOf(item).some((table) => sameTable(table, given)) ? [at] : []));
      if (holding.length > 1) return `join_from(): ${given.name} is in several FROM entries (SQLAlchemy raises InvalidRequestError)`;
      if (holding.length === 1) froms[holding[0]] = { kind: 'join', left: froms[holding[0]], right: join.right, on: join.on, ...outer };
      else froms.push({ kind: 'join', left: given, right: join.right, on: join.on, ...outer });
      continue;
    }
    const candidates: readonly FromItem[] = froms.length > 0 ? froms : implied;
    const found = leftCandidates(candidates, join, columnsOf);
    if (found.length !== 1) return `join() to ${join.right.name}: ${found.length === 0 ? 'no' : 'more than one'} FROM entry to join from (SQLAlchemy raises InvalidRequestError)`;
    const left = candidates[found[0]];
    if (!isJoin(left) && sameTable(left, join.right)) return `join() of ${join.right.name} to itself (${join.right.name} JOIN ${join.right.name}), not modelled`;
    const joined: FromItem = { kind: 'join', left, right: join.right, on: join.on, ...outer };
    if (froms.length > 0) froms = froms.map((item, at) => (at === found[0] ? joined : item));
    else froms = [joined];
  }
  return froms;
}

/** SQLAlchemy's find_left_clause_to_join_from, for an ON clause given. */
function leftCandidates(clauses: readonly FromItem[], join: SelectJoin, columnsOf: (expr: SqlExpr) => FromTable[]): number[] {
  const resolve = clauses.length > 1;
  const onTables = resolve ? columnsOf(join.on) : [];
  let found: number[] = [];
  clauses.forEach((clause, at) => {
    if (!isJoin(clause) && sameTable(clause, join.right)) return;
    if (!resolve) {
      found.push(at);
      return;
    }
    const covered = [...tablesOf(clause), join.right];
    if (onTables.every((table) => covered.some((have) => sameTable(have, table)))) found.push(at);
  });
  if (found.length > 1) {
    const hidden = clauses.filter(isJoin).flatMap(tablesOf);
    found = found.filter((at) => { const clause = clauses[at]; return isJoin(clause) || !hidden.some((table) => sameTable(table, clause)); });
  }
  // None matched: SQLAlchemy takes every entry as a candidate.
  return found.length === 0 ? clauses.map((_, at) => at) : found;
}
