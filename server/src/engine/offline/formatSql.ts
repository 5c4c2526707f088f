/**
 * `--format`: pretty-prints one statement with sql-formatter's PostgreSQL dialect. A statement
 * the formatter cannot parse (a DO block it does not know, a psql meta-command) is kept exactly
 * as Alembic prints it rather than failing the whole output.
 */
import { format } from 'sql-formatter';

export function formatStatement(sql: string): string {
  try {
    return format(sql, { language: 'postgresql' });
  } catch {
    return sql;
  }
}
