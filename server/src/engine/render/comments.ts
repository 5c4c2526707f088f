/** `COMMENT ON TABLE/COLUMN ... IS ...`: Alembic emits comments as separate statements on PostgreSQL. */
import type { RenderState } from './context';
import { qualifiedName, quoteIdentifier } from './identifiers';
import { stringLiteral } from './literals';

function commentValue(comment: string | null, state: RenderState): string {
  return comment === null ? 'NULL' : stringLiteral(comment, state);
}

export function tableCommentStatement(table: string, schema: string | undefined, comment: string | null, state: RenderState): string {
  return `COMMENT ON TABLE ${qualifiedName(table, schema, state)} IS ${commentValue(comment, state)}`;
}

export function columnCommentStatement(
  table: string,
  schema: string | undefined,
  column: string,
  comment: string | null,
  state: RenderState,
): string {
  return `COMMENT ON COLUMN ${qualifiedName(table, schema, state)}.${quoteIdentifier(column, state)} IS ${commentValue(comment, state)}`;
}
