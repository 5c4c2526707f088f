/**
 * A label reference in a select's ORDER BY or GROUP BY (`order_by("n")`, `sa.desc("n")`): SQLAlchemy
 * resolves the name when compiling, first against the labels of the columns clause, printing the
 * label's name (quoted as a label is); then against the keys of the FROM tables' columns, which
 * the renderer does not hold, so any other name is refused (SQLAlchemy prints a column or raises
 * CompileError).
 */
import type { SqlExpr } from '../ops';
import type { RenderState } from './context';
import { quoteIdentifier } from './identifiers';

/** `item` with its label references printed as the labels they name; undefined (reported) when one names no label. */
export function resolveLabelReferences(item: SqlExpr, columns: readonly SqlExpr[], clause: 'ORDER BY' | 'GROUP BY', state: RenderState): SqlExpr | undefined {
  if (item.kind === 'unary') {
    const operand = resolveLabelReferences(item.operand, columns, clause, state);
    return operand === undefined ? undefined : { ...item, operand };
  }
  if (item.kind !== 'literalColumn' || item.labelReference !== true) return item;
  const name = item.sql;
  const labelled = columns.some((column) => (column.kind === 'label' && column.name === name) || (column.kind === 'column' && column.label === name));
  if (!labelled) {
    state.report('unsupported-sql-expression', `${clause === 'ORDER BY' ? 'order_by' : 'group_by'}("${name}"): a label reference naming no label of the columns clause, which SQLAlchemy resolves against the FROM tables' columns or rejects (CompileError): not rendered.`);
    return undefined;
  }
  // SQLAlchemy keys the other entries by their table-qualified label (`t_name`) or key, a later
  // one replacing a label of that name: not followed.
  if (columns.some((column) => unlabelledKeys(column).includes(name))) {
    state.report('unsupported-sql-expression', `${clause === 'ORDER BY' ? 'order_by' : 'group_by'}("${name}"): a label name another entry of the columns clause is also keyed by, not followed: not rendered.`);
    return undefined;
  }
  return { kind: 'literalColumn', sql: quoteIdentifier(name, state) };
}

function unlabelledKeys(column: SqlExpr): string[] {
  if (column.kind === 'column' && column.label === undefined) {
    if (column.table === undefined) return [column.name];
    return [`${column.table}_${column.name}`, ...(column.schema === undefined ? [] : [`${column.schema}_${column.table}_${column.name}`])];
  }
  if (column.kind === 'function') return [column.name, column.labelSeed ?? column.name];
  if (column.kind === 'literalColumn') return [column.sql];
  return [];
}
