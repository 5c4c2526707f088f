/** `CREATE INDEX` as SQLAlchemy's PostgreSQL dialect writes it, with every postgresql_* option. */
import type { IndexSpec, Literal, SqlExpr } from '../ops';
import type { RenderState } from './context';
import { isGrouped, renderExpr, renderUngrouped } from './expressions';
import { qualifiedName, quoteIdentifier, quoteObjectName } from './identifiers';
import { textSql } from './text';

const EXPR_KINDS = new Set(['text', 'literal', 'function', 'literalColumn', 'column', 'binary', 'unary', 'cast', 'case']);

/** Dialect options hold Python literals or SQL expressions; expressions carry a known `kind`. */
export function isSqlExpr(value: Literal | SqlExpr | undefined): value is SqlExpr {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    EXPR_KINDS.has((value as { kind: string }).kind)
  );
}

function stringList(value: Literal | SqlExpr | undefined): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

function record(value: Literal | SqlExpr | undefined): { [key: string]: Literal } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isSqlExpr(value)) return {};
  return value as { [key: string]: Literal };
}

/** A WHERE given as a plain string is coerced to text by SQLAlchemy; render it verbatim. */
function whereSql(value: Literal | SqlExpr, state: RenderState): string {
  if (typeof value === 'string') return textSql(value, undefined, state);
  if (isSqlExpr(value)) return value.kind === 'literal' && typeof value.value === 'string' ? textSql(value.value, undefined, state) : renderUngrouped(value, state);
  return String(value);
}

/** Storage parameters (`WITH (fillfactor = 50, deduplicate_items = false)`), shared with CREATE TABLE. */
export function withClauseOptions(options: { [key: string]: Literal }): string {
  return Object.entries(options)
    .map(([key, value]) => {
      if (value === null) return key;
      if (typeof value === 'boolean') return `${key} = ${value ? 'true' : 'false'}`;
      return `${key} = ${String(value)}`;
    })
    .join(', ');
}

export function dialectRecord(value: Literal | SqlExpr | undefined): { [key: string]: Literal } {
  return record(value);
}

export function createIndexStatement(
  table: string,
  schema: string | undefined,
  index: IndexSpec,
  ifNotExists: boolean | undefined,
  state: RenderState,
): string {
  const options = index.dialectOptions;
  const name = index.name ?? '';
  if (!index.name) state.report('missing-operation-field', 'An index needs a name to be created.');
  const ops = record(options.postgresql_ops);
  const columns = index.columns.map((column) => {
    // SQLAlchemy self-groups every expression that is not a column: an operator's in parentheses.
    const sql = typeof column === 'string' ? quoteIdentifier(column, state) : isGrouped(column, undefined) ? `(${renderExpr(column, state)})` : renderExpr(column, state);
    // postgresql_ops is keyed by column name, or by the SQL of a text() expression.
    const key = typeof column === 'string' ? column : column.kind === 'text' ? column.sql : undefined;
    const opclass = key !== undefined ? ops[key] : undefined;
    return typeof opclass === 'string' ? `${sql} ${opclass}` : sql;
  });
  let text = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX `;
  if (options.postgresql_concurrently) text += 'CONCURRENTLY ';
  if (ifNotExists) text += 'IF NOT EXISTS ';
  text += `${quoteObjectName(name, state, 'index', index.quote)} ON ${qualifiedName(table, schema, state)} `;
  const using = options.postgresql_using;
  if (typeof using === 'string' && using) text += `USING ${using.toLowerCase()} `;
  text += `(${columns.join(', ')})`;
  const include = stringList(options.postgresql_include);
  if (include.length > 0) text += ` INCLUDE (${include.map((column) => quoteIdentifier(column, state)).join(', ')})`;
  const nulls = options.postgresql_nulls_not_distinct;
  if (nulls === true) text += ' NULLS NOT DISTINCT';
  if (nulls === false) text += ' NULLS DISTINCT';
  const storage = record(options.postgresql_with);
  if (Object.keys(storage).length > 0) text += ` WITH (${withClauseOptions(storage)})`;
  const tablespace = options.postgresql_tablespace;
  if (typeof tablespace === 'string') text += ` TABLESPACE ${quoteIdentifier(tablespace, state)}`;
  const where = options.postgresql_where;
  if (where !== undefined && where !== null) text += ` WHERE ${whereSql(where, state)}`;
  return text;
}
