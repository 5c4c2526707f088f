/** execute and bulk_insert. */
import type { Literal } from '../../ops';
import { classify } from '../symbols';
import { INTEGRAL_FLOAT_REASON, isIntegralFloat, toLiteral, type Value } from '../values';
import { boundListLiteral, boundLiteral } from '../boundPythonValue';
import type { OperationDef } from './types';

export const DATA_OPERATIONS: Record<string, OperationDef> = {
  execute: {
    signature: { positional: ['sqltext'], required: ['sqltext'], keywordOnly: ['execution_options'] },
    batch: { signature: { positional: ['sqltext'], required: ['sqltext'], keywordOnly: ['execution_options'] }, tableParam: '' },
    build(args) {
      const value = args.value('sqltext');
      if (value?.kind === 'str') return { kind: 'execute', sql: { kind: 'text', sql: value.value } };
      if (value?.kind === 'sql') return { kind: 'execute', sql: value.expr };
      if (value?.kind === 'dml') return { kind: 'execute', sql: value.stmt };
      if (value?.kind === 'ddl') return { kind: 'execute', sql: value.statement };
      if (value?.kind === 'opaque') args.opaqueValue(value, 'sqltext');
      // An imported name the engine cannot read (`from sqlalchemy_searchable import sql_expressions`) is unknown, not wrong.
      if (value?.kind === 'symbol' && classify(value.qname).kind === 'application') args.opaque(`uses ${value.qname}, whose value the engine cannot read statically`, 'sqltext');
      return args.invalid(`argument 'sqltext' must be a SQL string or statement`, 'sqltext');
    },
  },
  bulk_insert: {
    signature: { positional: ['table', 'rows'], required: ['table', 'rows'], keywordOnly: ['multiinsert'] },
    build(args) {
      const table = args.value('table');
      if (table?.kind !== 'table') {
        if (table?.kind === 'opaque') args.opaque(table.reason, 'table');
        if (table?.kind === 'symbol' && classify(table.qname).kind === 'application') args.opaque(`uses ${table.qname}, whose value the engine cannot read statically`, 'table');
        return args.invalid(`argument 'table' must be a sa.table(...) or sa.Table(...)`, 'table');
      }
      const rowsValue = args.value('rows');
      if (rowsValue?.kind !== 'seq') {
        if (rowsValue?.kind === 'opaque') args.opaque(rowsValue.reason, 'rows');
        if (rowsValue?.kind === 'symbol' && classify(rowsValue.qname).kind === 'application') args.opaque(`uses ${rowsValue.qname}, whose value the engine cannot read statically`, 'rows');
        return args.invalid(`argument 'rows' must be a list of dicts`, 'rows');
      }
      const rows: { [column: string]: Literal }[] = [];
      const integralFloats: [number, string][] = [];
      for (const row of rowsValue.items) {
        const literal = row.kind === 'dict' ? rowLiteral(row, (key) => integralFloats.push([rows.length, key])) : undefined;
        if (literal === undefined || literal === null || typeof literal !== 'object' || Array.isArray(literal)) {
          if (row.kind === 'opaque') args.opaque(row.reason, 'rows');
          const unknown = row.kind === 'dict' ? row.entries.find((entry) => entry.value.kind === 'opaque')?.value : undefined;
          if (unknown?.kind === 'opaque') args.opaque(`a bulk_insert row holds a value known only at run time (${unknown.reason})`, 'rows');
          if (row.kind === 'dict' && row.entries.some((entry) => entry.value.kind === 'seq' && entry.value.items.some(isIntegralFloat))) args.opaque(`a list in a bulk_insert row holds ${INTEGRAL_FLOAT_REASON}`, 'rows');
          args.opaque('a bulk_insert row holds a value that is not a literal', 'rows');
        }
        rows.push(literal as { [column: string]: Literal });
      }
      // A key the table does not declare fails `--sql` and is dropped by a live run (render/operations/bulkInsert.ts).
      const op = { kind: 'bulkInsert' as const, table: table.ref, rows, multiInsert: args.optionalBool('multiinsert') ?? true };
      return integralFloats.length > 0 ? { ...op, integralFloats } : op;
    },
  },
};

/**
 * A row's values as literals; a date, datetime, time, timedelta or Decimal value (a list of them
 * too) is kept for the column's type to render (SQLAlchemy's literal processors of Date, DateTime,
 * Time, Interval, Numeric, Float, and ARRAY's of each item).
 */
function rowLiteral(row: Extract<Value, { kind: 'dict' }>, integralFloat: (key: string) => void): Literal | undefined {
  const out: { [key: string]: Literal } = {};
  const floats: string[] = [];
  for (const entry of row.entries) {
    const key = toLiteral(entry.key);
    // A float with an integral value is kept as its number, its key told apart (BulkInsertOp.integralFloats).
    const float = isIntegralFloat(entry.value) && entry.value.kind === 'num' ? entry.value.value : undefined;
    // A list of bound values only when the value is a list (None's literal is null, not missing).
    const value = float ?? (entry.value.kind === 'seq' ? (boundLiteral(entry.value) ?? boundListLiteral(entry.value)) : boundLiteral(entry.value));
    if (key === undefined || value === undefined || typeof key === 'object') return undefined;
    out[String(key)] = value;
    // A later entry of the same key replaces the value, as in a Python dict.
    const at = floats.indexOf(String(key));
    if (at >= 0) floats.splice(at, 1);
    if (float !== undefined) floats.push(String(key));
  }
  for (const key of floats) integralFloat(key);
  return out;
}
