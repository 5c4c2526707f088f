/**
 * The columns of an UPDATE's or DELETE's own table that its WHERE pins to values written in the
 * statement: `id = 76`, `id = :id`, `'5'::int = m.id`, `id IN (1, 2, 3)`, each alone or ANDed with
 * other conditions (which can only narrow the rows further). When such columns hold a primary key
 * or a unique constraint, the statement touches at most as many rows as values are written: a
 * targeted fix of known rows, not a backfill (backfill-under-exclusive-lock asks).
 *
 * Only conditions at the top of the WHERE count (an OR, a NOT or a subquery could widen the rows),
 * and only columns named bare or through the statement's own table or alias (in `UPDATE t SET ...
 * FROM other WHERE other.id = 5` the pinned key is the other table's).
 */
import { field, isNode, list, names, type Node } from './parseTree';

export function pinnedColumns(statement: Node): string[] {
  const relation = field(statement, 'relation');
  const ownNames = new Set<string>();
  if (isNode(relation)) {
    if (typeof relation.relname === 'string') ownNames.add(relation.relname);
    const alias = field(field(relation, 'alias'), 'aliasname');
    if (typeof alias === 'string') {
      // With an alias the table's own name no longer refers to it.
      ownNames.clear();
      ownNames.add(alias);
    }
  }
  const pinned = new Set<string>();
  for (const condition of conjuncts(field(statement, 'whereClause'))) {
    const column = pinnedBy(condition, ownNames);
    if (column !== undefined) pinned.add(column);
  }
  return [...pinned];
}

/** The conditions ANDed at the top of a WHERE (the WHERE itself when it is no AND). */
function conjuncts(where: unknown): unknown[] {
  const bool = field(where, 'BoolExpr');
  if (isNode(bool) && bool.boolop === 'AND_EXPR') return list(bool.args).flatMap(conjuncts);
  return where === undefined ? [] : [where];
}

/** The own column a condition pins to written values (`col = value`, `value = col`, `col IN (values)`). */
function pinnedBy(condition: unknown, ownNames: Set<string>): string | undefined {
  const expression = field(condition, 'A_Expr');
  if (!isNode(expression) || names(expression.name).join('.') !== '=') return undefined;
  if (expression.kind === 'AEXPR_OP') {
    const left = ownColumn(expression.lexpr, ownNames);
    if (left !== undefined && isWrittenValue(expression.rexpr)) return left;
    const right = ownColumn(expression.rexpr, ownNames);
    if (right !== undefined && isWrittenValue(expression.lexpr)) return right;
    return undefined;
  }
  if (expression.kind === 'AEXPR_IN') {
    const column = ownColumn(expression.lexpr, ownNames);
    const values = list(field(expression.rexpr, 'List') === undefined ? undefined : field(field(expression.rexpr, 'List'), 'items'));
    return column !== undefined && values.length > 0 && values.every(isWrittenValue) ? column : undefined;
  }
  return undefined;
}

function ownColumn(expression: unknown, ownNames: Set<string>): string | undefined {
  const parts = names(field(field(expression, 'ColumnRef'), 'fields'));
  if (parts.length === 1) return parts[0];
  if (parts.length === 2 && ownNames.has(parts[0])) return parts[1];
  return undefined;
}

/** A constant or a bind parameter, possibly cast: one value, whatever the rows hold. */
function isWrittenValue(expression: unknown): boolean {
  const cast = field(expression, 'TypeCast');
  if (isNode(cast)) return isWrittenValue(cast.arg);
  return isNode(field(expression, 'A_Const')) || isNode(field(expression, 'ParamRef'));
}
