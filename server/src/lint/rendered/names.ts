/**
 * Which names the rendered-operation shortcut (renderedActions.ts) may take as they are: a name
 * SQLAlchemy prints without quotes and PostgreSQL's parser gives back unchanged in every place
 * the templates put it. Anything else (a quoted name, one longer than the parser keeps, a
 * PostgreSQL keyword SQLAlchemy does not quote) sends the operation to the real parser.
 */
import { requiresQuotes } from '../../engine/render/identifiers';

/** PostgreSQL's NAMEDATALEN - 1: the scanner truncates longer identifiers. */
const MAX_NAME_BYTES = 63;

/**
 * PostgreSQL keywords that are not "unreserved" and that SQLAlchemy's list of reserved words does
 * not quote (PostgreSQL 17's kwlist.h: the col_name and type_func_name keywords, and the reserved
 * `lateral` and `system_user`). Some are legal as a column name and not as a table name; none is
 * worth the reasoning: such a name is left to the parser.
 */
const KEYWORDS = new Set(
  (
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like ' +
    'natural notnull outer overlaps right similar tablesample verbose lateral system_user ' +
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int ' +
    'integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar ' +
    'json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay ' +
    'position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes ' +
    'xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/** True when `name` is printed bare and parsed back as itself wherever a template puts it. */
export function isPlainName(name: string | undefined): name is string {
  return typeof name === 'string' && name !== '' && name.length <= MAX_NAME_BYTES && !requiresQuotes(name) && !KEYWORDS.has(name);
}

/** Every name plain (and at least one: an empty column list does not parse). */
export function arePlainNames(names: readonly unknown[]): names is string[] {
  return names.length > 0 && names.every((name) => typeof name === 'string' && isPlainName(name));
}

/** A table as SQLAlchemy and Alembic print it when both parts are plain: `schema.table` or `table`. */
export function printedTable(table: string, schema: string | undefined): string {
  return schema ? `${schema}.${table}` : table;
}

/** A relation as the lint names it (toActions.ts `relationName`): qualified only outside `public`. */
export function lintRelation(name: string, schema: string | undefined): string {
  return schema && schema !== 'public' ? `${schema}.${name}` : name;
}

/** The table and schema of an operation when both are plain names; undefined otherwise. */
export function plainTable(table: string, schema: string | undefined): { printed: string; relation: string; schema: string | undefined } | undefined {
  if (!isPlainName(table) || (schema !== undefined && !isPlainName(schema))) return undefined;
  return { printed: printedTable(table, schema), relation: lintRelation(table, schema), schema };
}
