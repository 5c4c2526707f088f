/**
 * `op.bulk_insert` offline: one INSERT per row whatever `multiinsert` says, each listing only
 * the row's keys in table column order, with values rendered as literals of the column type.
 */
import type { BulkInsertOp, SqlExpr } from '../../ops';
import { OFFLINE_ONLY, type RenderState } from '../context';
import { insertStatement } from '../dml';
import { columnKey, columnOfKey, isHiddenName } from '../columnKeys';

export function renderBulkInsert(op: BulkInsertOp, state: RenderState): string[] {
  const undeclared = undeclaredKeys(op);
  if (undeclared.length > 0) {
    reportUndeclared(op, undeclared[0], state);
    return [];
  }
  const floats = new Set((op.integralFloats ?? []).map(([row, key]) => `${row}\0${key}`));
  return op.rows.map((row, at) => {
    const values: { [column: string]: SqlExpr } = {};
    // Rows name columns by key (`table.c[k]`); the INSERT prints their names.
    for (const [key, value] of Object.entries(row)) {
      const literal: SqlExpr = floats.has(`${at}\0${key}`) ? { kind: 'literal', value, float: true } : { kind: 'literal', value };
      values[columnOfKey(op.table, key)?.name ?? key] = literal;
    }
    return insertStatement(op.table, values, state);
  });
}

/** The row keys the table given to bulk_insert does not declare (as keys: a Column's key=, else its name), in order of first use. */
export function undeclaredKeys(op: BulkInsertOp): string[] {
  const declared = new Set(op.table.columns.map(columnKey));
  return [...new Set(op.rows.flatMap((row) => Object.keys(row)))].filter((key) => !declared.has(key));
}

/**
 * Alembic's offline bulk_insert looks each key up in `table.c`: KeyError. A live run with
 * `multiinsert=True` (the default) hands the rows to one executemany, which leaves an undeclared
 * key out of the INSERT without a word, so only the offline SQL fails (the online engine drops the
 * key too: online/onlineCompiler.ts); with `multiinsert=False` each row goes through
 * `.values(**row)`, which SQLAlchemy refuses (CompileError: Unconsumed column names).
 */
function reportUndeclared(op: BulkInsertOp, key: string, state: RenderState): void {
  const table = op.table.name;
  const hidden = isHiddenName(op.table, key) ? op.table.columns.find((column) => column.name === key)?.key : undefined;
  const declaresNo = hidden === undefined ? `declares no column '${key}'` : `files its column '${key}' under its key '${hidden}' (Column key=), the name rows must use`;
  if (op.multiInsert) {
    state.report(
      'invalid-operation-option',
      `KeyError: '${key}': Alembic's \`--sql\` fails here, since bulk_insert looks each row's keys up among the columns of the table it is given, and table '${table}' ${declaresNo}; run against a database, the INSERT leaves '${key}' out without an error and its values are lost. Declare the column in the table() given to bulk_insert, or fix the key.`,
      undefined,
      OFFLINE_ONLY,
    );
    return;
  }
  state.report('invalid-operation-option', `Unconsumed column names: ${key}: with multiinsert=False each row is inserted with .values(), and table '${table}' as given to bulk_insert ${declaresNo} (SQLAlchemy's CompileError; \`alembic upgrade --sql\` fails with KeyError: '${key}').`);
}
