/**
 * PostgreSQL's text-search functions in SQLAlchemy 2 (`sqlalchemy/dialects/postgresql/ext.py`,
 * registered whenever the dialect is loaded, which Alembic's PostgreSQL support always does): given
 * more than one argument, `to_tsvector`, `to_tsquery`, `plainto_tsquery`, `phraseto_tsquery` and
 * `websearch_to_tsquery` bind their first as REGCONFIG; `ts_headline` does when it has two or more
 * and the second is not a tsquery. A Python value there (`func.to_tsvector("english", col)`) is a
 * REGCONFIG bind, which has no literal renderer: `--sql` fails with CompileError, while a live run
 * binds the string. A column, `sa.text()` or `literal_column()` is left as written.
 */
import type { SqlExpr } from '../ops';

const FIRST_IS_REGCONFIG = new Set(['to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery']);
const RETURNS_TSQUERY = new Set(['to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery']);

/** Whether the function's first argument is a plain Python value SQLAlchemy binds as REGCONFIG. */
export function bindsRegconfig(name: string, args: readonly SqlExpr[]): boolean {
  const lower = name.toLowerCase();
  const first = args[0];
  if (first?.kind !== 'literal' || first.construct || first.inline) return false;
  if (FIRST_IS_REGCONFIG.has(lower)) return args.length > 1;
  if (lower === 'ts_headline') return args.length >= 2 && !isTsquery(args[1]);
  return false;
}

function isTsquery(expr: SqlExpr): boolean {
  if (expr.kind === 'function') return RETURNS_TSQUERY.has(expr.name.toLowerCase());
  return expr.kind === 'cast' && expr.type.name.toUpperCase() === 'TSQUERY';
}
