/** A NOT NULL column without a default cannot be added to a table that has rows. */
import { notNullColumnFixes } from '../fixes/notNullColumn';
import type { ActionOf } from '../actions';
import type { LintRule, RuleContext } from '../types';
import { emptiedBefore, type Emptied } from './shared/emptiedTables';
import { quoted } from './shared/describe';
import { columnAddedEarlier } from './shared/columnAddedEarlier';
import { earlierInFunction } from './shared/tableLocks';

export const addColumnRequiredNoDefault: LintRule = {
  code: 'add-column-required-no-default',
  defaultSeverity: 'error',
  title: 'NOT NULL column added without a default',
  actionKinds: ['setNotNull', 'addConstraint', 'addColumn'],
  checkAction(action, context) {
    const emptied = emptiedBefore(context.migration, action);
    if (action.kind === 'setNotNull') {
      if (!emptied) setNotNullOnEmptyColumn(action, context);
      return;
    }
    if (action.kind === 'addConstraint' && action.constraint === 'primaryKey' && !action.usingIndex) {
      if (!emptied) primaryKeyOnEmptyColumn(action, context);
      return;
    }
    if (action.kind !== 'addColumn') return;
    const column = action.column;
    // A default of NULL (`server_default=sa.text("NULL")`, `DEFAULT NULL::integer`) fills the rows with NULL: no default at all (23502, measured on PostgreSQL 15).
    if (!column.notNull || (column.default && !isNullDefault(column.default.sql)) || column.generated) return;
    const fixes = notNullColumnFixes(action, context.migration);
    if (context.schema.tableIsNew(action.table)) {
      // New, but maybe holding rows already: made from a query, or filled since it was made.
      const filledBy = earlierInFunction(action, context.migration).find(
        (earlier) => (earlier.kind === 'createTable' && earlier.filled === true && earlier.table === action.table) || (earlier.kind === 'dml' && earlier.statement === 'insert' && earlier.table === action.table),
      );
      if (!filledBy) return;
      context.report(
        action.range,
        `adding NOT NULL column ${quoted(column.name)} without a server default to ${quoted(action.table)}, which line ${filledBy.range.start.line + 1} filled with rows, fails (PostgreSQL error 23502); give it a server_default, or add it nullable, fill it, then set NOT NULL`,
        { fixes },
      );
      return;
    }
    if (emptied) {
      // No row to fail on (socorro truncates, then adds its NOT NULL columns): what is left is the
      // running application's inserts, which fail after the commit and not the deploy, so a warning.
      context.report(action.range, emptiedMessage(column.name, action.table, emptied), { fixes, severity: 'warning' });
      return;
    }
    context.report(
      action.range,
      `adding NOT NULL column ${quoted(column.name)} without a server default fails on a table with rows (PostgreSQL error 23502), ` +
        `and code that inserts into ${quoted(action.table)} without it fails once it exists; give it a server_default, or add it nullable, backfill, then set NOT NULL`,
      { fixes },
    );
  },
};

function emptiedMessage(column: string, table: string, emptied: Emptied): string {
  const how =
    emptied.statement === 'CHECK'
      ? `which the check on line ${emptied.line + 1} (it raises an error if the table has a row) found empty earlier in this transaction`
      : `which the ${emptied.statement} on line ${emptied.line + 1} emptied earlier in this transaction`;
  // A DELETE or a check takes no lock that stops other sessions' inserts (unless a LOCK TABLE did
  // before the check); TRUNCATE's ACCESS EXCLUSIVE lock does, until the commit.
  const gap =
    emptied.statement === 'DELETE'
      ? ` (a DELETE does not stop the running application's inserts, and a row it adds before this statement takes its lock makes it fail with PostgreSQL error 23502)`
      : emptied.statement === 'CHECK' && !emptied.locked
        ? ` (the check does not stop the running application's inserts, and a row it adds before this statement takes its lock makes it fail with PostgreSQL error 23502)`
        : '';
  return (
    `adding NOT NULL column ${quoted(column)} without a server default to ${quoted(table)}, ${how}: no existing row makes it fail${gap}, ` +
    `but once it commits, code of the running application that inserts into ${quoted(table)} without the column fails (PostgreSQL error 23502); ` +
    `give it a server_default, or add it nullable and set NOT NULL once every version of the application writes it`
  );
}

/**
 * The two-step form of the same failure (dwh-definitions): a column added without a default, then
 * set NOT NULL in the same function with nothing written to its table in between: every existing
 * row holds NULL there, and SET NOT NULL fails on them (23502). Not called when the function
 * emptied the table before (no row to fail on).
 */
function setNotNullOnEmptyColumn(action: ActionOf<'setNotNull'>, context: RuleContext): void {
  if (context.schema.tableIsNew(action.table)) return;
  // An UPDATE of the table, or anything that may write to it, may have filled the column.
  const found = columnAddedEarlier(action, context.migration);
  if (!found) return;
  const { added, filled } = found;
  if (filled || added.column.notNull || added.column.default || added.column.generated) return;
  context.report(
    action.range,
    `SET NOT NULL on ${quoted(`${action.table}.${action.column}`)}, which line ${added.range.start.line + 1} added without a default and nothing fills before this, fails on a table with rows: every existing row holds NULL there (PostgreSQL error 23502); ` +
      'backfill it first (in batches), or add it with a server_default',
  );
}

/**
 * The same failure through a primary key (flashbots/mev-inspect-py drops a key column, adds it back
 * nullable as an array, and makes the key again): ADD PRIMARY KEY sets its columns NOT NULL, so a
 * column added without a default and not filled since holds NULL in every existing row (23502,
 * measured on PostgreSQL 15).
 */
function primaryKeyOnEmptyColumn(action: ActionOf<'addConstraint'>, context: RuleContext): void {
  if (context.schema.tableIsNew(action.table)) return;
  for (const column of action.columns) {
    const found = columnAddedEarlier(action, context.migration, column);
    if (!found) continue;
    const { added, filled } = found;
    if (filled || added.column.notNull || added.column.default || added.column.generated) continue;
    context.report(
      action.range,
      `the primary key on ${quoted(action.table)} makes ${quoted(column)} NOT NULL, and line ${added.range.start.line + 1} added that column without a default with nothing filling it before this: every existing row holds NULL there, so this fails on a table with rows (PostgreSQL error 23502); ` +
        'backfill it first (in batches), or add it with a server_default',
    );
    return;
  }
}

/** A default that is NULL, bare, in parentheses or cast to a type. */
function isNullDefault(sql: string): boolean {
  return /^[\s(]*null[\s)]*(::\s*[\w\s."]+(\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?[\s)]*)?$/i.test(sql);
}
