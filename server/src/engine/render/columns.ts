/**
 * Column specifications (`name TYPE DEFAULT ... NOT NULL`) as SQLAlchemy's PostgreSQL DDL
 * compiler writes them, including its SERIAL decision for autoincrement integer keys.
 */
import type { ColumnSpec, IdentitySpec } from '../ops';
import type { RenderState } from './context';
import { constraintClause } from './constraints';
import { renderServerDefault } from './expressions';
import { quoteIdentifier } from './identifiers';
import { isIntegerType, renderType, serialName } from './types';

/**
 * SQLAlchemy's nullability: as given, else false for a column flagged `primary_key=True`,
 * named in the table's primary key constraint, or carrying an Identity; else true.
 */
export function effectiveNullable(column: ColumnSpec, inPrimaryKey: boolean): boolean {
  if (column.nullable !== undefined) return column.nullable;
  return !(column.primaryKey || inPrimaryKey || column.identity !== undefined);
}

/**
 * The table's autoincrement column (SQLAlchemy's `_autoincrement_column`): the single key
 * column of integer type with `autoincrement` left on "auto" and no server default, computed
 * value or foreign key, or else the key column that says `autoincrement=True` explicitly.
 */
export function autoincrementColumn(
  primaryKey: ColumnSpec[],
  hasForeignKey: (column: ColumnSpec) => boolean,
): ColumnSpec | undefined {
  if (primaryKey.length === 1) {
    const [column] = primaryKey;
    if (!isIntegerType(column.type)) return undefined;
    if (column.autoincrement === true) return column;
    if (column.autoincrement === false) return undefined;
    if (column.serverDefault !== undefined || column.computed !== undefined || hasForeignKey(column)) return undefined;
    return column;
  }
  return primaryKey.find((column) => column.autoincrement === true && isIntegerType(column.type));
}

/** `GENERATED ... AS IDENTITY (...)`, as SQLAlchemy's visit_identity_column writes it. */
export function identityClause(identity: IdentitySpec): string {
  const options: string[] = [];
  if (identity.increment !== undefined) options.push(`INCREMENT BY ${identity.increment}`);
  if (identity.start !== undefined) options.push(`START WITH ${identity.start}`);
  if (identity.minValue !== undefined) options.push(`MINVALUE ${identity.minValue}`);
  if (identity.maxValue !== undefined) options.push(`MAXVALUE ${identity.maxValue}`);
  if (identity.noMinValue) options.push('NO MINVALUE');
  if (identity.noMaxValue) options.push('NO MAXVALUE');
  if (identity.cache !== undefined) options.push(`CACHE ${identity.cache}`);
  if (identity.cycle !== undefined) options.push(identity.cycle ? 'CYCLE' : 'NO CYCLE');
  const kind = identity.always ? 'ALWAYS' : 'BY DEFAULT';
  return `GENERATED ${kind} AS IDENTITY${options.length > 0 ? ` (${options.join(' ')})` : ''}`;
}

export interface ColumnContext {
  inPrimaryKey: boolean;
  isAutoincrement: boolean;
}

export function columnSpecification(column: ColumnSpec, context: ColumnContext, state: RenderState): string {
  return state.within(column.range, () => specification(column, context, state));
}

function specification(column: ColumnSpec, context: ColumnContext, state: RenderState): string {
  let text = quoteIdentifier(column.name, state);
  if (!column.type) {
    state.report('missing-operation-field', `Column '${column.name}' has no type; the renderer cannot guess one.`, column.range);
    return text;
  }
  // SQLAlchemy's PostgreSQL compiler writes SERIAL only for a key without a Python-side default
  // and without a Sequence (unless the Sequence is optional=True); otherwise the plain type.
  const serial = context.isAutoincrement && column.identity === undefined && !column.pythonDefault && (column.sequence === undefined || column.sequenceOptional === true);
  if (serial) {
    text += ` ${serialName(column.type)}`;
  } else {
    text += ` ${renderType(column.type, state) ?? ''}`;
    if (column.serverDefault !== undefined) text += ` DEFAULT ${renderServerDefault(column.serverDefault, state)}`;
  }
  if (column.computed) {
    text += ` GENERATED ALWAYS AS (${state.percents(column.computed.sql)})`;
    if (column.computed.persisted === true) text += ' STORED';
    if (column.computed.persisted === false) text += ' VIRTUAL';
  }
  if (column.identity) text += ` ${identityClause(column.identity)}`;
  const nullable = effectiveNullable(column, context.inPrimaryKey);
  if (!nullable && !column.identity) text += ' NOT NULL';
  else if (nullable && column.identity) text += ' NULL';
  for (const check of column.checks) text += ` ${constraintClause(check, state)}`;
  return text;
}
