/**
 * `op.bulk_insert` offline: one INSERT per row whatever `multiinsert` says, each listing only
 * the row's keys in table column order, with values rendered as literals of the column type.
 */
import type { BulkInsertOp, SqlExpr } from '../../ops';
import type { RenderState } from '../context';
import { insertStatement } from '../dml';

export function renderBulkInsert(op: BulkInsertOp, state: RenderState): string[] {
  return op.rows.map((row) => {
    const values: { [column: string]: SqlExpr } = {};
    for (const [name, value] of Object.entries(row)) values[name] = { kind: 'literal', value };
    return insertStatement(op.table, values, state);
  });
}
