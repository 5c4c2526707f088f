/**
 * A column added with a default that must be computed per row (a volatile function, a sequence,
 * an identity or stored generated column) rewrites the whole table. Since PostgreSQL 11 a
 * non-volatile default is stored once in the catalogue instead; before 11 every default rewrites.
 * A column whose type is a domain with a CHECK constraint rewrites the table too, default or not
 * (PostgreSQL checks the domain for every row by writing it anew: a new relfilenode on 15 and 18).
 */
import type { LintRule } from '../types';
import { blocksEverything, quoted } from './shared/describe';

export const volatileDefault: LintRule = {
  code: 'volatile-default',
  defaultSeverity: 'warning',
  title: 'Column added with a default that rewrites the table',
  actionKinds: ['addColumn'],
  checkAction(action, context) {
    if (action.kind !== 'addColumn' || context.schema.tableIsNew(action.table)) return;
    const column = action.column;
    const version = context.config.postgresqlVersion;
    let why: string | undefined;
    if (column.generated) why = `its value is generated per row (${column.default?.sql ?? 'identity or stored generated column'})`;
    else if (column.default?.volatile) why = `its default ${column.default.sql} is volatile and is evaluated for every existing row`;
    else if (column.default && version < 11) why = `before PostgreSQL 11 (postgresql-version is ${version}) any default is written into every existing row`;
    const domain = column.type?.name;
    if (!why && domain !== undefined && context.schema.isCheckedDomain(domain)) {
      // Measured on PostgreSQL 15 and 18 (PGlite): a new relfilenode, with or without a default.
      context.report(
        action.range,
        `adding ${quoted(column.name)} rewrites ${quoted(action.table)} under an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}: its type ${domain} is a domain with a CHECK constraint, which PostgreSQL checks for every existing row by writing the table anew, with or without a default; ` +
          "add the column with the domain's base type, add the check as a table CHECK constraint NOT VALID and VALIDATE it in a later step, or accept the rewrite when the table is small",
        { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
      );
      return;
    }
    if (!why) return;
    context.report(
      action.range,
      `adding ${quoted(column.name)} rewrites ${quoted(action.table)} under an ACCESS EXCLUSIVE lock, which ${blocksEverything(context, action.fn)}: ${why}; ` +
        (column.notNull
          ? // Added NOT NULL without the default, it would fail on the first existing row (23502).
            'add the column nullable and without that default, set the default afterwards (it then applies to new rows only), backfill in batches, then make it NOT NULL (set-not-null gives the way that avoids a long lock)'
          : 'add the column without that default, set the default afterwards (it then applies to new rows only), and backfill in batches'),
      { lock: { mode: 'AccessExclusiveLock', tables: [action.table] } }
    );
  },
};
