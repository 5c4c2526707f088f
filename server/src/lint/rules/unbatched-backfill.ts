/**
 * An UPDATE or DELETE with no WHERE touches every row of an existing table in one statement: one
 * transaction that row-locks the whole table (concurrent writers of any row wait for it), writes a
 * new version of every row (the table doubles in size until vacuumed), and holds back vacuum
 * everywhere while it runs. On a table created in the same migration there is nobody to block.
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';

export const unbatchedBackfill: LintRule = {
  code: 'unbatched-backfill',
  defaultSeverity: 'warning',
  title: 'UPDATE or DELETE over a whole existing table in one statement',
  actionKinds: ['dml'],
  checkAction(action, context) {
    if (action.kind !== 'dml' || action.statement === 'insert' || action.hasWhere || action.table === '') return;
    if (context.schema.tableIsNew(action.table)) return;
    const verb = action.statement === 'update' ? 'UPDATE' : 'DELETE';
    const effect = action.statement === 'update' ? 'writes a new version of every row' : 'deletes every row (leaving them all for vacuum)';
    context.report(
      action.range,
      `${verb} without WHERE on ${quoted(action.table)} ${effect} in one statement, row-locking all of them until ${action.inTransaction ? 'the transaction commits' : 'it finishes'}: ` +
        'writers of any row wait that long; backfill in batches of a few thousand rows by key range (each committed on its own, e.g. inside op.get_context().autocommit_block()), or do it outside the migration',
    );
  },
};
