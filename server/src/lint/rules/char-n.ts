/**
 * `char(n)`: padded, compared without trailing spaces, and no faster than text.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { typedColumns } from './shared/typedColumns';

export const charN: LintRule = {
  code: 'char-n',
  defaultSeverity: 'information',
  title: 'char(n) column',
  actionKinds: ['createTable', 'addColumn', 'alterColumnType'],
  checkAction(action, context) {
    // A downgrade restores the schema the upgrade changed, as it was: the type was chosen back then.
    if (action.fn === 'downgrade') return;
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
