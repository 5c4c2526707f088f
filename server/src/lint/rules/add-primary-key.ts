/** A primary key added to an existing table builds its index (and checks NOT NULL) under ACCESS EXCLUSIVE. */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';

export const addPrimaryKey: LintRule = {
  code: 'add-primary-key',
  defaultSeverity: 'warning',
  title: 'Primary key added to an existing table',
  checkAction(action, context) {
    if (action.kind !== 'addConstraint' || action.constraint !== 'primaryKey' || action.usingIndex) return;
    if (context.schema.tableIsNew(action.table)) return;
    context.report(
      action.range,
      `adding a primary key to ${quoted(action.table)} builds a unique index (and checks NOT NULL) while holding an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}; ` +
        'create a unique index with postgresql_concurrently=True first, then ADD PRIMARY KEY USING INDEX',
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
