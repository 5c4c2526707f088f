/**
 * Compares two CatalogSnapshots object by object: each object becomes one entry (a key naming it,
 * `column billing.customers.name`, and a description of everything compared about it), so a
 * difference names the object and what differs. Column order is not compared (a column dropped
 * and added back lands at the end, which no query notices); everything else is.
 */
import type { CatalogSnapshot, ColumnInfo } from './types';

export interface CatalogDifference {
  /** `only-left`: exists in the first snapshot only; `only-right`: in the second only; `changed`: in both, described differently. */
  kind: 'only-left' | 'only-right' | 'changed';
  /** `table`, `column`, `constraint`, `index`, `sequence`, `enum`, `schema`. */
  object: string;
  /** Qualified name: `billing.customers.name`, `billing.ix_invoices_customer`. */
  name: string;
  left?: string;
  right?: string;
}

function describeColumn(column: ColumnInfo): string {
  const parts = [column.type, column.nullable ? 'NULL' : 'NOT NULL'];
  if (column.identity) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (column.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.comment !== undefined) parts.push(`COMMENT '${column.comment}'`);
  return parts.join(' ');
}

const withComment = (text: string, comment: string | undefined) => (comment === undefined ? text : `${text} COMMENT '${comment}'`);

/** Every object of a snapshot as `object name` -> description. */
export function catalogEntries(snapshot: CatalogSnapshot): Map<string, string> {
  const entries = new Map<string, string>();
  for (const schema of snapshot.schemas) entries.set(`schema ${schema.name}`, withComment('schema', schema.comment));
  for (const table of snapshot.tables) {
    const qualified = `${table.schema}.${table.name}`;
    entries.set(`table ${qualified}`, withComment(table.kind + (table.definition ? ` AS ${table.definition.trim()}` : ''), table.comment));
    for (const column of table.columns) entries.set(`column ${qualified}.${column.name}`, describeColumn(column));
  }
  for (const constraint of snapshot.constraints) {
    entries.set(`constraint ${constraint.schema}.${constraint.table}.${constraint.name}`, withComment(constraint.definition, constraint.comment));
  }
  for (const index of snapshot.indexes) entries.set(`index ${index.schema}.${index.name}`, withComment(index.definition, index.comment));
  for (const sequence of snapshot.sequences) {
    const { type, start, increment, min, max, cycle, ownedBy } = sequence;
    entries.set(
      `sequence ${sequence.schema}.${sequence.name}`,
      `${type} START ${start} INCREMENT ${increment} MINVALUE ${min} MAXVALUE ${max}${cycle ? ' CYCLE' : ''}${ownedBy ? ` OWNED BY ${ownedBy}` : ''}`,
    );
  }
  for (const type of snapshot.enums) entries.set(`enum ${type.schema}.${type.name}`, withComment(`(${type.labels.map((label) => `'${label}'`).join(', ')})`, type.comment));
  return entries;
}

export function diffCatalogs(left: CatalogSnapshot, right: CatalogSnapshot): CatalogDifference[] {
  const a = catalogEntries(left);
  const b = catalogEntries(right);
  const differences: CatalogDifference[] = [];
  const split = (key: string) => {
    const space = key.indexOf(' ');
    return { object: key.slice(0, space), name: key.slice(space + 1) };
  };
  for (const [key, description] of a) {
    const other = b.get(key);
    if (other === undefined) differences.push({ kind: 'only-left', ...split(key), left: description });
    else if (other !== description) differences.push({ kind: 'changed', ...split(key), left: description, right: other });
  }
  for (const [key, description] of b) if (!a.has(key)) differences.push({ kind: 'only-right', ...split(key), right: description });
  return differences.sort((x, y) => `${x.object} ${x.name}`.localeCompare(`${y.object} ${y.name}`));
}
