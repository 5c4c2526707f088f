/**
 * Constraint clauses as they appear inside CREATE TABLE and after `ALTER TABLE ... ADD`:
 * `[CONSTRAINT name ]PRIMARY KEY (...)`, `UNIQUE`, `CHECK`, `FOREIGN KEY(...) REFERENCES`,
 * `EXCLUDE`, followed by SQLAlchemy's deferrability and PostgreSQL's `NOT VALID`.
 */
import type { ConstraintSpec, ForeignKeyRef, Literal, SqlExpr } from '../ops';
import type { RenderState } from './context';
import { qualifiedName, quoteIdentifier, quoteObjectName } from './identifiers';
import { renderExpr, renderUngrouped } from './expressions';
import { textSql } from './text';

function named(name: string | undefined, state: RenderState): string {
  return name ? `CONSTRAINT ${quoteObjectName(name, state, 'constraint')} ` : '';
}

/**
 * The phrases SQLAlchemy's compiler lets through (any other is CompileError "Unexpected SQL
 * phrase"), case aside: PostgreSQL's ON DELETE takes a column list after SET NULL / SET DEFAULT,
 * ON UPDATE (the generic compiler's) does not.
 */
const ON_DELETE = /^(?:RESTRICT|CASCADE|SET (?:NULL|DEFAULT)(?:\s*\(.+\))?|NO ACTION)$/i;
const ON_UPDATE = /^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$/i;
const INITIALLY = /^(?:DEFERRED|IMMEDIATE)$/i;

/** An ON DELETE / ON UPDATE / INITIALLY phrase, reported when SQLAlchemy would refuse it. */
export const checkedOnDelete = (phrase: string, state: RenderState): string => checkedPhrase(phrase, ON_DELETE, state);
export const checkedOnUpdate = (phrase: string, state: RenderState): string => checkedPhrase(phrase, ON_UPDATE, state);
export const checkedInitially = (phrase: string, state: RenderState): string => checkedPhrase(phrase, INITIALLY, state);

function checkedPhrase(phrase: string, pattern: RegExp, state: RenderState): string {
  if (!pattern.test(phrase)) {
    state.report('invalid-operation-option', `SQLAlchemy refuses the phrase ${JSON.stringify(phrase)} here: Alembic fails with CompileError: Unexpected SQL phrase (it accepts RESTRICT, CASCADE, SET NULL, SET DEFAULT, NO ACTION after ON DELETE / ON UPDATE, and DEFERRED or IMMEDIATE after INITIALLY)`);
  }
  return phrase;
}

function deferrability(spec: { deferrable?: boolean; initially?: string }, state: RenderState): string {
  let text = '';
  if (spec.deferrable !== undefined) text += spec.deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  if (spec.initially !== undefined) text += ` INITIALLY ${checkedPhrase(spec.initially, INITIALLY, state)}`;
  return text;
}

function notValid(options: { [key: string]: Literal }): string {
  return options.postgresql_not_valid ? ' NOT VALID' : '';
}

function columnList(columns: string[], state: RenderState): string {
  return columns.map((column) => quoteIdentifier(column, state)).join(', ');
}

/**
 * A CHECK condition or EXCLUDE WHERE: SQLAlchemy coerces a Python string to text, so a
 * string literal is SQL here, not a quoted value.
 */
export function conditionSql(expr: SqlExpr, state: RenderState): string {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return textSql(expr.value, undefined, state);
  return renderUngrouped(expr, state);
}

type ClauseRenderer<K extends ConstraintSpec['type']> = (spec: Extract<ConstraintSpec, { type: K }>, state: RenderState) => string;

/** PostgreSQL's `INCLUDE (...)` of a primary key or unique constraint (`postgresql_include=[...]`), before the deferrability. */
function include(options: { [key: string]: Literal }, state: RenderState): string {
  const names = options.postgresql_include;
  if (names === undefined || names === null || (Array.isArray(names) && names.length === 0)) return '';
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
    state.report('invalid-operation-option', 'postgresql_include must be a list of column names');
    return '';
  }
  return ` INCLUDE (${columnList(names as string[], state)})`;
}

const primaryKey: ClauseRenderer<'primaryKey'> = (spec, state) =>
  `${named(spec.name, state)}PRIMARY KEY (${columnList(spec.columns, state)})${include(spec.dialectOptions, state)}${deferrability(spec, state)}`;

const unique: ClauseRenderer<'unique'> = (spec, state) => {
  const nulls = spec.dialectOptions.postgresql_nulls_not_distinct;
  const nullsText = nulls === true ? 'NULLS NOT DISTINCT ' : nulls === false ? 'NULLS DISTINCT ' : '';
  return `${named(spec.name, state)}UNIQUE ${nullsText}(${columnList(spec.columns, state)})${include(spec.dialectOptions, state)}${deferrability(spec, state)}`;
};

const check: ClauseRenderer<'check'> = (spec, state) =>
  `${named(spec.name, state)}CHECK (${conditionSql(spec.sql, state)})${deferrability(spec, state)}${notValid(spec.dialectOptions)}`;

const foreignKey: ClauseRenderer<'foreignKey'> = (spec, state) => {
  let text = `${named(spec.name, state)}FOREIGN KEY(${columnList(spec.columns, state)}) REFERENCES `;
  text += `${qualifiedName(spec.referredTable, spec.referredSchema, state)} (${columnList(spec.referredColumns, state)})`;
  if (spec.match) text += ` MATCH ${spec.match}`;
  if (spec.onDelete !== undefined) text += ` ON DELETE ${checkedPhrase(spec.onDelete, ON_DELETE, state)}`;
  if (spec.onUpdate !== undefined) text += ` ON UPDATE ${checkedPhrase(spec.onUpdate, ON_UPDATE, state)}`;
  return text + deferrability(spec, state) + notValid(spec.dialectOptions);
};

/** EXCLUDE elements: a string names a column (SQLAlchemy's rule), anything else is SQL. */
const exclude: ClauseRenderer<'exclude'> = (spec, state) => {
  const elements = spec.elements.map(({ expr, operator }) => {
    const target =
      expr.kind === 'literal' && typeof expr.value === 'string' ? quoteIdentifier(expr.value, state) : renderExpr(expr, state);
    // An operator class follows an element that has a name (a column), looked up by that name.
    const opsClass = expr.kind === 'column' ? spec.ops?.[expr.name] : undefined;
    return `${target}${opsClass === undefined ? '' : ` ${opsClass}`} WITH ${operator}`;
  });
  let text = `${named(spec.name, state)}EXCLUDE USING ${spec.using ?? 'gist'} (${elements.join(', ')})`;
  if (spec.where) text += ` WHERE (${conditionSql(spec.where, state)})`;
  return text + deferrability(spec, state);
};

const CLAUSES: { [K in ConstraintSpec['type']]: ClauseRenderer<K> } = {
  primaryKey,
  unique,
  check,
  foreignKey,
  exclude,
};

export function constraintClause(spec: ConstraintSpec, state: RenderState): string {
  return (CLAUSES[spec.type] as ClauseRenderer<typeof spec.type>)(spec as never, state);
}

/** `sa.ForeignKey("schema.table.column")` as the table-level constraint SQLAlchemy derives from it. */
export function foreignKeyFromColumn(column: string, ref: ForeignKeyRef): ConstraintSpec {
  const parts = ref.target.split('.');
  const referredColumn = parts.pop() ?? '';
  const referredTable = parts.pop() ?? '';
  const referredSchema = parts.length > 0 ? parts.join('.') : undefined;
  return {
    type: 'foreignKey',
    name: ref.name,
    columns: [column],
    referredTable,
    referredSchema,
    referredColumns: [referredColumn],
    onDelete: ref.onDelete,
    onUpdate: ref.onUpdate,
    match: ref.match,
    deferrable: ref.deferrable,
    initially: ref.initially,
    useAlter: ref.useAlter,
    dialectOptions: ref.dialectOptions ?? {},
  };
}
