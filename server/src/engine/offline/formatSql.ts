/**
 * `--format`: pretty-prints one statement with sql-formatter's PostgreSQL dialect. A statement
 * the formatter cannot parse (a DO block it does not know, a psql meta-command) is kept exactly
 * as Alembic prints it rather than failing the whole output.
 *
 * sql-formatter builds its dialect tables when first loaded (tens of milliseconds), so it is
 * required on first use only: runs without `--format` never pay for it.
 */
type Format = (sql: string, options: { language: 'postgresql' }) => string;
let format: Format | undefined;

export function formatStatement(sql: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  format ??= (require('sql-formatter') as { format: Format }).format;
  try {
    return format(sql, { language: 'postgresql' });
  } catch {
    return sql;
  }
}
