/**
 * A 16- or 32-bit integer primary key filled from a sequence (serial, or an identity column): it
 * runs out, and widening it later rewrites the table. Only a key of one column is such a counter:
 * SQLAlchemy makes no SERIAL for a composite key (a link table's two foreign keys), and an
 * integer key that no sequence fills (a foreign key to another table's id) grows with that table,
 * not with this one.
 */
import type { Action, ColumnFacts } from '../actions';
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { typedColumns } from './shared/typedColumns';

/** The serial pseudo-types: an integer of that width with a sequence as its default. */
const SERIALS: Readonly<Record<string, string>> = { serial: 'int4', serial4: 'int4', smallserial: 'int2', serial2: 'int2' };
const SMALL_INTEGERS = new Set(['int2', 'int4']);

export const intPrimaryKey: LintRule = {
  code: 'int-primary-key',
  defaultSeverity: 'information',
  title: 'integer primary key',
  actionKinds: ['createTable', 'addColumn'],
  checkAction(action, context) {
    // A downgrade restores the schema the upgrade changed, as it was: the type was chosen back then.
    if (action.fn === 'downgrade') return;
    if (action.kind === 'alterColumnType' || keyColumnCount(action) !== 1) return;
    for (const column of typedColumns(action)) {
      if (!column.facts?.primaryKey) continue;
      const counter = counterOf(column.type.name, column.facts);
      if (!counter) continue;
      const limit = counter.integer === 'int2' ? '32,767' : 'about 2.1 billion';
      context.report(
        action.range,
        `primary key ${quoted(`${column.table}.${column.column}`)} is ${counter.described}, a ${counter.integer === 'int2' ? '16' : '32'}-bit integer filled from a sequence: it runs out at ${limit} rows, and widening it later rewrites the table and every referencing column; ` +
          'use sa.BigInteger()',
      );
    }
  },
};

/** How many columns the key an action makes has (0 when it makes none). */
function keyColumnCount(action: Action): number {
  if (action.kind === 'createTable') return action.columns.filter((column) => column.primaryKey).length;
  if (action.kind === 'addColumn') return action.column.primaryKey ? 1 : 0;
  return 0;
}

/** The column as a sequence-filled small integer (serial, identity, or a nextval() default), else undefined. */
function counterOf(typeName: string, facts: ColumnFacts): { integer: string; described: string } | undefined {
  const serialOf = SERIALS[typeName];
  if (serialOf) return { integer: serialOf, described: typeName };
  if (!SMALL_INTEGERS.has(typeName)) return undefined;
  if (facts.default?.sql.startsWith('nextval(')) return { integer: typeName, described: `${typeName} with a nextval() default` };
  // `generated` is also a stored generated column (GENERATED ALWAYS AS (...)), which nobody makes a key of.
  if (facts.generated) return { integer: typeName, described: `an ${typeName} identity column` };
  return undefined;
}
