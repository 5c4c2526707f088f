/**
 * `op.add_column`: ALTER TABLE ... ADD COLUMN, then what the column's flags imply as separate
 * statements (unique constraint, foreign keys, index, comment). Unlike create_table, no
 * CREATE TYPE is emitted for an enum column: Alembic does not fire the table events here.
 */
import type { AddColumnOp, ConstraintSpec } from '../../ops';
import type { RenderState } from '../context';
import { columnSpecification } from '../columns';
import { columnCommentStatement } from '../comments';
import { checkedInitially, checkedOnDelete, checkedOnUpdate, constraintClause } from '../constraints';
import { alembicTableName, qualifiedName, quoteIdentifier } from '../identifiers';
import { createIndexStatement } from '../indexes';
import { tableShape } from '../tables';

function inlineReference(fk: Extract<ConstraintSpec, { type: 'foreignKey' }>, state: RenderState): string {
  let text = ` REFERENCES ${qualifiedName(fk.referredTable, fk.referredSchema, state)} (${quoteIdentifier(fk.referredColumns[0] ?? '', state)})`;
  if (fk.match) text += ` MATCH ${fk.match}`;
  if (fk.onDelete !== undefined) text += ` ON DELETE ${checkedOnDelete(fk.onDelete, state)}`;
  if (fk.onUpdate !== undefined) text += ` ON UPDATE ${checkedOnUpdate(fk.onUpdate, state)}`;
  if (fk.deferrable !== undefined) text += fk.deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  if (fk.initially !== undefined) text += ` INITIALLY ${checkedInitially(fk.initially, state)}`;
  return text;
}

export function renderAddColumn(op: AddColumnOp, state: RenderState): string[] {
  const { column } = op;
  state.tableSchema = op.schema;
  const shape = tableShape(op.table, [column], [], []);
  if (shape.autoincrementProblem !== undefined) state.report('invalid-operation-option', shape.autoincrementProblem);
  // The ADD COLUMN is Alembic's own construct; the constraints after it are SQLAlchemy's.
  const table = qualifiedName(op.table, op.schema, state);
  const inPrimaryKey = column.primaryKey;
  // The column's own checks render inline; keep them out of the spec and append them last,
  // after PRIMARY KEY / REFERENCES, as Alembic does.
  let text = `ALTER TABLE ${alembicTableName(op.table, op.schema, state, op.quoted?.table)} ADD COLUMN ${op.ifNotExists ? 'IF NOT EXISTS ' : ''}`;
  text += columnSpecification({ ...column, checks: [] }, { inPrimaryKey, isAutoincrement: shape.autoincrement === column, ...(op.quoted?.column ? { quoteName: true as const } : {}) }, state);
  if (op.inlinePrimaryKey && inPrimaryKey) text += ' PRIMARY KEY';
  const foreignKeys = shape.constraints.filter((c): c is Extract<ConstraintSpec, { type: 'foreignKey' }> => c.type === 'foreignKey');
  const inlined = op.inlineReferences && foreignKeys.length === 1 ? foreignKeys[0] : undefined;
  if (inlined) text += inlineReference(inlined, state);
  for (const check of column.checks) text += ` ${constraintClause(check, state)}`;

  const statements = [text];
  for (const constraint of shape.constraints) {
    if (constraint !== inlined) statements.push(`ALTER TABLE ${table} ADD ${constraintClause(constraint, state)}`);
  }
  for (const index of shape.indexes) statements.push(createIndexStatement(op.table, op.schema, index, undefined, state));
  if (column.comment) statements.push(columnCommentStatement(op.table, op.schema, column.name, column.comment, state));
  return statements;
}
