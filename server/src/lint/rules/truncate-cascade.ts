/** TRUNCATE ... CASCADE empties every table that references the truncated ones, too. */
import type { LintRule } from '../types';

export const truncateCascade: LintRule = {
  code: 'truncate-cascade',
  defaultSeverity: 'warning',
  title: 'TRUNCATE with CASCADE',
  actionKinds: ['truncate'],
  checkAction(action, context) {
    if (action.kind !== 'truncate' || !action.cascade) return;
    context.report(
      action.range,
      `TRUNCATE ${action.tables.join(', ')} CASCADE also empties every table with a foreign key to ${action.tables.length > 1 ? 'them' : 'it'}, recursively, which no one reading this migration sees; ` +
        'truncate the tables you mean by name, or delete the rows you mean',
    );
  },
};
