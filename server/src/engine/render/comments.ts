/** `COMMENT ON TABLE/COLUMN ... IS ...`: Alembic emits comments as separate statements on PostgreSQL. */
import type { RenderState } from './context';
import { alembicTableName, qualifiedName, quoteIdentifier } from './identifiers';
import { stringLiteral } from './literals';

function commentValue(comment: string | null, state: RenderState): string {
  return comment === null ? 'NULL' : stringLiteral(comment, state);
}

export function tableCommentStatement(table: string, schema: string | undefined, comment: string | null, state: RenderState): string {
  return `COMMENT ON TABLE ${qualifiedName(table, schema, state)} IS ${commentValue(comment, state)}`;
}

/**
 * `by: 'alembic'` for alter_column's comment (Alembic's own construct, dotted schema parts
 * quoted separately); `'sqlalchemy'` for the comments create_table and add_column emit.
 */
export function columnCommentStatement(
  table: string,
  schema: string | undefined,
  column: string,
  comment: string | null,
  state: RenderState,
  by: 'alembic' | 'sqlalchemy' = 'sqlalchemy',
): string {
  const tableName = by === 'alembic' ? alembicTableName(table, schema, state) : qualifiedName(table, schema, state);
  return `COMMENT ON COLUMN ${tableName}.${quoteIdentifier(column, state)} IS ${commentValue(comment, state)}`;
}
