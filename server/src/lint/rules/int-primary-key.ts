/**
 * A 16- or 32-bit integer primary key: it runs out, and widening it later rewrites the table.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { typedColumns } from './shared/typedColumns';

const SMALL_INTEGERS = new Set(['int2', 'int4', 'serial', 'serial4', 'smallserial', 'serial2']);

export const intPrimaryKey: LintRule = {
  code: 'int-primary-key',
  defaultSeverity: 'information',
  title: 'integer primary key',
  checkAction(action, context) {
    if (action.kind === 'alterColumnType') return;
    for (const column of typedColumns(action)) {
      if (!column.facts?.primaryKey || !SMALL_INTEGERS.has(column.type.name)) continue;
      context.report(
        action.range,
        `primary key ${quoted(`${column.table}.${column.column}`)} is ${column.type.name}: it runs out at ${column.type.name.includes('2') || column.type.name === 'smallserial' ? '32,767' : 'about 2.1 billion'} rows, and widening it later rewrites the table and every referencing column; ` +
          'use sa.BigInteger()',
      );
    }
  },
};
