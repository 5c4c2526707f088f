/**
 * `timestamp` without time zone: the stored value carries no offset.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { typedColumns } from './shared/typedColumns';

export const timestampWithoutTimeZone: LintRule = {
  code: 'timestamp-without-time-zone',
  defaultSeverity: 'information',
  title: 'timestamp without time zone',
  actionKinds: ['createTable', 'addColumn', 'alterColumnType'],
  checkAction(action, context) {
    // A downgrade restores the schema the upgrade changed, as it was: the type was chosen back then.
    if (action.fn === 'downgrade') return;
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
