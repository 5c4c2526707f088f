/**
 * A check constraint is validated against every row when added, under an ACCESS EXCLUSIVE lock;
 * `NOT VALID` then `VALIDATE CONSTRAINT` splits that into two short steps. A CHECK added to a
 * domain (`ALTER DOMAIN ... ADD CONSTRAINT`) checks every column of that type, in every table,
 * under a SHARE lock on each table (measured on PostgreSQL 15 and 18; its VALIDATE CONSTRAINT too).
 */
import { notValidFix } from '../fixes/notValid';
import type { LintRule } from '../types';
import { BLOCKS_WRITES, firstThreeQuoted, quoted } from './shared/describe';
import { columnsOfTypes } from './shared/typeColumns';
import type { SourceRange } from '../../common/range';
import type { RuleContext } from '../types';
import { needsValidation } from './shared/needsValidation';
import { notValidAddInSameTransaction } from './shared/validatedTooSoon';

export const addCheckNotValid: LintRule = {
  code: 'add-check-not-valid',
  defaultSeverity: 'warning',
  title: 'Check constraint added without NOT VALID',
  actionKinds: ['otherSql', 'addConstraint', 'validateConstraint'],
  checkAction(action, context) {
    if (action.kind === 'validateConstraint') {
      const added = notValidAddInSameTransaction(action, context.migration);
      if (added?.constraint !== 'check') return;
      context.report(
        action.range,
        `VALIDATE CONSTRAINT ${action.name} runs in the same transaction as its NOT VALID add (line ${added.range.start.line + 1}), whose ACCESS EXCLUSIVE lock on ${quoted(added.table)} is held until commit: reads and writes still wait for the whole scan, as without NOT VALID; ` +
          'run it inside op.get_context().autocommit_block(), which commits the add first, or in a migration deployed after this one',
      );
      return;
    }
    if (action.kind === 'otherSql' && action.validatesDomain !== undefined) {
      domainCheck(action.validatesDomain, action.range, context);
      return;
    }
    if (action.kind !== 'addConstraint' || action.constraint !== 'check' || !needsValidation(action, context)) return;
    context.report(
      action.range,
      `adding check constraint${action.name ? ` ${action.name}` : ''} scans every row of ${quoted(action.table)} while holding an ACCESS EXCLUSIVE lock on it, which blocks every read and write; ` +
        'add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later step',
      { fixes: notValidFix(action, context.migration), lock: { mode: 'AccessExclusiveLock', tables: [action.table] } },
    );
  },
};

/** ALTER DOMAIN ... ADD CONSTRAINT ... CHECK: the tables the replay knows to have a column of the domain. */
function domainCheck(domain: string, range: SourceRange, context: RuleContext): void {
  // A table made in this migration holds no rows yet.
  const tables = [...new Set(columnsOfTypes([domain], context.schema).map((found) => found.table))].filter((table) => !context.schema.tableIsNew(table));
  if (tables.length === 0) return;
  context.report(
    range,
    `adding a CHECK to domain ${domain} checks every value of it in ${firstThreeQuoted(tables)} while holding a SHARE lock on ${tables.length > 1 ? 'each' : 'it'}, which ${BLOCKS_WRITES}; ` +
      'add it with NOT VALID (new and changed values are checked at once), then ALTER DOMAIN ... VALIDATE CONSTRAINT in a later step when writes can wait: it takes the same SHARE lock',
    { lock: { mode: 'ShareLock', tables } },
  );
}
