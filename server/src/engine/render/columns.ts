/**
 * Column specifications (`name TYPE DEFAULT ... NOT NULL`) as SQLAlchemy's PostgreSQL DDL
 * compiler writes them, including its SERIAL decision for autoincrement integer keys.
 */
import type { ColumnSpec, IdentitySpec } from '../ops';
import type { RenderState } from './context';
import { conditionSql, constraintClause } from './constraints';
import { renderServerDefault } from './expressions';
import { quoteAsFlagged, quoteIdentifier } from './identifiers';
import { isFixedPointType, isIntegerType, isSqlAlchemyPostgresqlType, renderType, serialName, typeArg } from './types';

/**
 * SQLAlchemy's nullability: as given, else false for a column flagged `primary_key=True`,
 * named in the table's primary key constraint, or carrying an Identity; else true.
 */
export function effectiveNullable(column: ColumnSpec, inPrimaryKey: boolean): boolean {
  if (column.nullable !== undefined) return column.nullable;
  return !(column.primaryKey || inPrimaryKey || column.identity !== undefined);
}

/**
 * The table's autoincrement column (SQLAlchemy's `PrimaryKeyConstraint._autoincrement_column`):
 * the single key column that says `autoincrement=True`, or that is left on "auto" (or
 * "ignore_fk") and is of integer type with no server default, computed value or (unless
 * "ignore_fk") foreign key; of a composite key, the one column that says `autoincrement=True`.
 * `problem`: SQLAlchemy's ArgumentError, raised when the table's DDL is compiled, for a column
 * that says `autoincrement=True` with a type that cannot count (a string, a float, a NUMERIC
 * whose scale is not 0) and for two such columns.
 */
export function autoincrementOf(
  primaryKey: ColumnSpec[],
  hasForeignKey: (column: ColumnSpec) => boolean,
): { column?: ColumnSpec; problem?: string } {
  if (primaryKey.length === 1) {
    const [column] = primaryKey;
    if (column.autoincrement === true) {
      const problem = incompatibleWithAutoincrement(column);
      return problem === undefined ? { column } : { column, problem };
    }
    if (column.autoincrement !== undefined && column.autoincrement !== 'ignore_fk') return {};
    if (!isIntegerType(column.type)) return {};
    if (column.serverDefault !== undefined || column.fetchedServerDefault || column.computed !== undefined) return {};
    if (column.autoincrement !== 'ignore_fk' && hasForeignKey(column)) return {};
    return { column };
  }
  let found: ColumnSpec | undefined;
  for (const column of primaryKey) {
    if (column.autoincrement !== true) continue;
    const problem = incompatibleWithAutoincrement(column);
    if (problem !== undefined) return { problem };
    if (found) return { problem: `Only one Column may be marked autoincrement=True, found both ${column.name} and ${found.name} (SQLAlchemy's ArgumentError)` };
    found = column;
  }
  return found ? { column: found } : {};
}

/** The table's autoincrement column, where SQLAlchemy finds one (autoincrementOf). */
export function autoincrementColumn(primaryKey: ColumnSpec[], hasForeignKey: (column: ColumnSpec) => boolean): ColumnSpec | undefined {
  return autoincrementOf(primaryKey, hasForeignKey).column;
}

/** Why a column that says autoincrement=True cannot be one: an integer, or a NUMERIC of scale 0, can. */
function incompatibleWithAutoincrement(column: ColumnSpec): string | undefined {
  const type = column.type;
  if (type === undefined || isIntegerType(type)) return undefined;
  // A type of the application or a third party: SQLAlchemy decides by its affinity, which is not read here.
  if (type.ddl !== undefined || (type.module !== 'sqlmodel' && !isSqlAlchemyPostgresqlType(type))) {
    return `autoincrement=True on column '${column.name}' of type ${type.name}: whether SQLAlchemy makes it SERIAL or refuses it depends on the type's affinity, which the engine does not know`;
  }
  if (isFixedPointType(type)) {
    const scale = typeArg(type, 1, 'scale');
    if (scale === 0) return undefined;
    return `Column type ${type.name} with non-zero scale ${scale === undefined || scale === null ? 'None' : String(scale)} on column '${column.name}' is not compatible with autoincrement=True (SQLAlchemy's ArgumentError)`;
  }
  return `Column type ${type.name} on column '${column.name}' is not compatible with autoincrement=True (SQLAlchemy's ArgumentError)`;
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
  /** The name was given with `quote=True` / `quoted_name(name, True)`: quoted though PostgreSQL reads it bare. */
  quoteName?: true;
}

export function columnSpecification(column: ColumnSpec, context: ColumnContext, state: RenderState): string {
  return state.within(column.range, () => specification(column, context, state));
}

function specification(column: ColumnSpec, context: ColumnContext, state: RenderState): string {
  let text = context.quoteName ? quoteAsFlagged(column.name, true, state) : quoteIdentifier(column.name, state);
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
    // SQLAlchemy compiles the expression as a CHECK's: SQL text with its binds, literal values, no table names.
    text += ` GENERATED ALWAYS AS (${conditionSql(column.computed.sql, state)})`;
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
