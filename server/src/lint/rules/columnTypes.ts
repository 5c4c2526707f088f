/**
 * Column types that are usually a mistake in PostgreSQL, checked wherever a column gets its type
 * (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE). Three codes, each configurable on its own.
 */
import type { Action, ColumnFacts, TypeFacts } from '../actions';
import type { LintRule } from '../types';
import { quoted } from './describe';

/** The columns an action gives a type to, with the table they belong to. */
function typedColumns(action: Action): { table: string; column: string; type: TypeFacts; facts?: ColumnFacts }[] {
  switch (action.kind) {
    case 'createTable':
      return action.columns.flatMap((column) => (column.type ? [{ table: action.table, column: column.name, type: column.type, facts: column }] : []));
    case 'addColumn':
      return action.column.type ? [{ table: action.table, column: action.column.name, type: action.column.type, facts: action.column }] : [];
    case 'alterColumnType':
      return [{ table: action.table, column: action.column, type: action.type }];
    default:
      return [];
  }
}

export const timestampWithoutTimeZone: LintRule = {
  code: 'timestamp-without-time-zone',
  defaultSeverity: 'information',
  title: 'timestamp without time zone',
  checkAction(action, context) {
    for (const column of typedColumns(action)) {
      if (column.type.name !== 'timestamp') continue;
      context.report(
        action.range,
        `${quoted(`${column.table}.${column.column}`)} is timestamp without time zone: the value carries no offset, so the same instant reads differently per session time zone; ` +
          'use sa.DateTime(timezone=True) (timestamptz)',
      );
    }
  },
};

export const charN: LintRule = {
  code: 'char-n',
  defaultSeverity: 'information',
  title: 'char(n) column',
  checkAction(action, context) {
    for (const column of typedColumns(action)) {
      if (column.type.name !== 'bpchar') continue;
      context.report(
        action.range,
        `${quoted(`${column.table}.${column.column}`)} is char(${column.type.modifiers[0] ?? 1}): values are padded with spaces to the length, compare with trailing spaces ignored, and are no faster than text; ` +
          'use sa.Text() or sa.String(n) (varchar) instead',
      );
    }
  },
};

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
