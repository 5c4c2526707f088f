/**
 * A column added with a default that must be computed per row (a volatile function, a sequence,
 * an identity or stored generated column) rewrites the whole table. Since PostgreSQL 11 a
 * non-volatile default is stored once in the catalogue instead; before 11 every default rewrites.
 */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';

export const volatileDefault: LintRule = {
  code: 'volatile-default',
  defaultSeverity: 'warning',
  title: 'Column added with a default that rewrites the table',
  checkAction(action, context) {
    if (action.kind !== 'addColumn' || context.schema.tableIsNew(action.table)) return;
    const column = action.column;
    const version = context.config.postgresqlVersion;
    let why: string | undefined;
    if (column.generated) why = `its value is generated per row (${column.default?.sql ?? 'identity or stored generated column'})`;
    else if (column.default?.volatile) why = `its default ${column.default.sql} is volatile and is evaluated for every existing row`;
    else if (column.default && version < 11) why = `before PostgreSQL 11 (postgresql-version is ${version}) any default is written into every existing row`;
    if (!why) return;
    context.report(
      action.range,
      `adding ${quoted(column.name)} rewrites ${quoted(action.table)} under an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}: ${why}; ` +
        'add the column without that default, set the default afterwards (it then applies to new rows only), and backfill in batches',
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
