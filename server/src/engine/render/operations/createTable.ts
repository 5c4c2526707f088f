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
import { qualifiedName } from '../identifiers';
import { createIndexStatement } from '../indexes';
import { stringLiteral } from '../literals';
import { tableShape } from '../tables';
import { enumInfo, isEnumType } from '../types';

/** SQLAlchemy writes each element on its own line after a tab, joined by ", \n"; Alembic turns tabs into four spaces. */
const SEPARATOR = ', \n    ';

export function createTypeStatements(columns: ColumnSpec[], state: RenderState): string[] {
  const statements: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column.type || !isEnumType(column.type)) continue;
    const info = enumInfo(column.type);
    if (!info.native || !info.createType || !info.name) continue;
    const name = qualifiedName(info.name, info.schema, state);
    if (seen.has(name)) continue;
    seen.add(name);
    statements.push(`CREATE TYPE ${name} AS ENUM (${info.values.map((value) => stringLiteral(value, state)).join(', ')})`);
  }
  return statements;
}

export function renderCreateTable(op: CreateTableOp, state: RenderState): string[] {
  const shape = tableShape(op.table, op.columns, op.constraints, op.indexes);
  const elements = op.columns.map((column) =>
    columnSpecification(
      column,
      { inPrimaryKey: shape.primaryKeyNames.has(column.name), isAutoincrement: column === shape.autoincrement },
      state,
    ),
  );
  if (shape.primaryKey) elements.push(constraintClause(shape.primaryKey, state));
  for (const constraint of shape.constraints) elements.push(constraintClause(constraint, state));

  const table = qualifiedName(op.table, op.schema, state);
  const statements = createTypeStatements(op.columns, state);
  statements.push(`CREATE TABLE ${op.ifNotExists ? 'IF NOT EXISTS ' : ''}${table} (\n    ${elements.join(SEPARATOR)}\n)`);
  for (const index of shape.indexes) statements.push(createIndexStatement(op.table, op.schema, index, undefined, state));
  if (op.comment) statements.push(tableCommentStatement(op.table, op.schema, op.comment, state));
  for (const column of op.columns) {
    if (column.comment) statements.push(columnCommentStatement(op.table, op.schema, column.name, column.comment, state));
  }
  return statements;
}
