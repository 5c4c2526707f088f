/**
 * `op.create_table`: CREATE TYPE for each named native enum (SQLAlchemy's before-create
 * event), CREATE TABLE in SQLAlchemy's layout, CREATE INDEX for `sa.Index`/`index=True`,
 * then COMMENT ON TABLE and COMMENT ON COLUMN.
 */
import type { ColumnSpec, CreateTableOp } from '../../ops';
import type { RenderState } from '../context';
import { columnSpecification } from '../columns';
import { columnCommentStatement, tableCommentStatement } from '../comments';
import { constraintClause } from '../constraints';
import { namedTypeName } from '../namedTypes';
import { qualifiedName, quoteIdentifier } from '../identifiers';
import { createIndexStatement, dialectRecord, withClauseOptions } from '../indexes';
import { stringLiteral } from '../literals';
import { tableShape } from '../tables';
import { enumInfo, isEnumType, isSqlType, typeArg } from '../types';

/** SQLAlchemy writes each element on its own line after a tab, joined by ", \n"; Alembic turns tabs into four spaces. */
const SEPARATOR = ', \n    ';

/** A named native enum that SQLAlchemy's before-create event creates with the table. */
interface CreatedEnumType {
  /** SQLAlchemy's memo key: the type's schema and name, as given (not quoted). */
  key: string;
  values: string[];
  name: string;
  schema?: string;
}

function createdEnumTypes(columns: readonly ColumnSpec[], tableSchema: string | undefined): CreatedEnumType[] {
  const created: CreatedEnumType[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    // SQLAlchemy also creates the enum type of an ARRAY(Enum(...)) column.
    const type = column.type && column.type.name === 'ARRAY' ? typeArg(column.type, 0, 'item_type') : column.type;
    if (!isSqlType(type) || !isEnumType(type)) continue;
    const info = enumInfo(type, tableSchema);
    if (!info.native || !info.createType || !info.name) continue;
    const key = enumTypeKey(info.schema, info.name);
    if (seen.has(key)) continue;
    seen.add(key);
    created.push({ key, values: info.values, name: info.name, schema: info.schema });
  }
  return created;
}

/**
 * The key SQLAlchemy's PostgreSQL named types remember a created type by (`(schema, name)` in the
 * DDL runner's memo). Alembic passes its one DDL implementation per migration context as that
 * runner, so a type a create_table already created in this run is not created again, even by a
 * later revision (see engine/offline/enumTypeMemo.ts).
 */
export function enumTypeKey(schema: string | undefined, name: string): string {
  return `${schema ?? ''}\u0000${name}`;
}

/**
 * The memo keys of the CREATE TYPE statements renderCreateTable puts first, in their order; the
 * compilers mark those statements with them so that a run prints each type once, as Alembic does.
 */
export function enumTypesCreatedBy(op: CreateTableOp): string[] {
  return createdEnumTypes(op.columns, op.schema).map((created) => created.key);
}

export function createTypeStatements(columns: ColumnSpec[], state: RenderState): string[] {
  return createdEnumTypes(columns, state.tableSchema).map((created) => {
    const name = namedTypeName(created.name, created.schema, state);
    return `CREATE TYPE ${name} AS ENUM (${created.values.map((value) => stringLiteral(value, state)).join(', ')})`;
  });
}

/** PostgreSQL's table options, each on its own line after the closing parenthesis. */
function tableOptions(op: CreateTableOp, state: RenderState): string {
  const options = op.dialectOptions;
  let text = '';
  const inherits = options.postgresql_inherits;
  if (inherits !== undefined && inherits !== null) {
    const names = (Array.isArray(inherits) ? inherits : [inherits]).map((name) => quoteIdentifier(String(name), state));
    text += `\n INHERITS (${names.join(', ')})`;
  }
  if (options.postgresql_partition_by) text += `\n PARTITION BY ${String(options.postgresql_partition_by)}`;
  if (options.postgresql_using) text += `\n USING ${String(options.postgresql_using)}`;
  const storage = dialectRecord(options.postgresql_with);
  if (Object.keys(storage).length > 0) text += `\n WITH (${withClauseOptions(storage)})`;
  if (options.postgresql_with_oids === true) text += '\n WITH OIDS';
  if (options.postgresql_with_oids === false) text += '\n WITHOUT OIDS';
  if (options.postgresql_on_commit) text += `\n ON COMMIT ${String(options.postgresql_on_commit).replace(/_/g, ' ').toUpperCase()}`;
  if (options.postgresql_tablespace) text += `\n TABLESPACE ${quoteIdentifier(String(options.postgresql_tablespace), state)}`;
  return text;
}

/** `prefixes=["UNLOGGED"]` (a table keyword, carried in dialectOptions) goes between CREATE and TABLE. */
function prefixes(op: CreateTableOp): string {
  const value = op.dialectOptions.prefixes;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.map((prefix) => `${String(prefix)} `).join('');
}

export function renderCreateTable(op: CreateTableOp, state: RenderState): string[] {
  state.tableSchema = op.schema;
  const shape = tableShape(op.table, op.columns, op.constraints, op.indexes, op.primaryKeyName);
  if (shape.autoincrementProblem !== undefined) state.report('invalid-operation-option', shape.autoincrementProblem);
  const elements = op.columns.filter((column) => !column.system).map((column) =>
    columnSpecification(
      column,
      { inPrimaryKey: shape.primaryKeyNames.has(column.name), isAutoincrement: column === shape.autoincrement },
      state,
    ),
  );
  if (shape.primaryKey) elements.push(constraintClause(shape.primaryKey, state));
  for (const constraint of shape.constraints) {
    // SQLAlchemy leaves use_alter foreign keys out of CREATE TABLE; Alembic does not add them later.
    if (constraint.type === 'foreignKey' && constraint.useAlter) continue;
    elements.push(constraintClause(constraint, state));
  }

  const table = qualifiedName(op.table, op.schema, state);
  const statements = createTypeStatements(op.columns, state);
  const head = `CREATE ${prefixes(op)}TABLE ${op.ifNotExists ? 'IF NOT EXISTS ' : ''}${table}`;
  // A table of no columns prints an empty pair of lines, as SQLAlchemy's layout does.
  const body = elements.length > 0 ? `\n    ${elements.join(SEPARATOR)}\n` : '\n';
  statements.push(`${head} (${body})${tableOptions(op, state)}`);
  for (const index of shape.indexes) statements.push(createIndexStatement(op.table, op.schema, index, undefined, state));
  if (op.comment) statements.push(tableCommentStatement(op.table, op.schema, op.comment, state));
  for (const column of op.columns) {
    if (column.comment) statements.push(columnCommentStatement(op.table, op.schema, column.name, column.comment, state));
  }
  return statements;
}
