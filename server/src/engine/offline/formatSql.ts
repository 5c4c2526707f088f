/**
 * `--format`: pretty-prints one statement with sql-formatter's PostgreSQL dialect. A statement
 * the formatter cannot parse (a DO block it does not know, a psql meta-command) is kept exactly
 * as Alembic prints it rather than failing the whole output.
 *
 * sql-formatter builds its dialect tables when first loaded (tens of milliseconds), so it is
 * required on first use only: runs without `--format` never pay for it. In dist/ it is a bundle
 * of its own next to this code (sqlFormatter.js, built from sqlFormatterEntry.ts), so the CLI and
 * server bundles do not carry (and compile) it at every start; from source, the package itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Format = (sql: string, options: { language: 'postgresql' }) => string;
let format: Format | undefined;

function loadFormatter(): Format {
  const bundled = path.join(__dirname, 'sqlFormatter.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = (fs.existsSync(bundled) ? require(bundled) : require('sql-formatter')) as { format: Format };
  return loaded.format;
}

export function formatStatement(sql: string): string {
  format ??= loadFormatter();
  try {
    return format(sql, { language: 'postgresql' });
  } catch {
    return sql;
  }
}
