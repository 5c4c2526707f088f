/**
 * What a view's query reads, from its libpg-query parse tree: each table it names, and the columns
 * of that table it certainly references. PostgreSQL records a dependency of the view on each of
 * them (and on every column a `*` expanded to when the view was made), and then refuses to change
 * the type of such a column (0A000) or to drop it or the table without CASCADE (2BP01).
 *
 * Only what is certain is kept: a column named with its table or alias (`t.name`, `t.*`), or
 * without one when the query reads exactly one table and nothing else (no subquery, function or
 * common table expression in a FROM list, which could own the name) and the name is not one of
 * the query's own output names (`ORDER BY total`). A name that may belong elsewhere is left out,
 * so a finding built on it is never a guess.
 */
import { field, isNode, list, relationName } from './parseTree';

export interface ViewRead {
  table: string;
  columns: string[];
  /** `*` or `table.*`: every column the table had when the view was made. */
  allColumns: boolean;
}

interface Scan {
  relations: { table: string; alias: string; relname: string }[];
  columnRefs: unknown[][];
  /** FROM items that are not tables (subqueries, functions, VALUES, ...): they may own a bare name. */
  otherSources: number;
  withNames: Set<string>;
  outputNames: Set<string>;
}

export function viewReadsOf(query: unknown): ViewRead[] {
  const scan: Scan = { relations: [], columnRefs: [], otherSources: 0, withNames: new Set(), outputNames: new Set() };
  walk(query, scan);
  const tables = scan.relations.filter((relation) => !(scan.withNames.has(relation.relname) && !relation.table.includes('.')));
  const reads = new Map<string, ViewRead>();
  const readOf = (table: string): ViewRead => {
    let read = reads.get(table);
    if (!read) reads.set(table, (read = { table, columns: [], allColumns: false }));
    return read;
  };
  for (const relation of tables) readOf(relation.table);
  const distinct = [...reads.keys()];
  const single = distinct.length === 1 && tables.length === 1 && scan.otherSources === 0 && scan.withNames.size === 0 ? distinct[0] : undefined;
  for (const fields of scan.columnRefs) {
    const parts = fields.map((item) => (isNode(item) && 'A_Star' in item ? '*' : field(field(item, 'String'), 'sval')));
    if (parts.some((part) => typeof part !== 'string')) continue;
    const [column, ...qualifiers] = (parts as string[]).reverse();
    // A bare `*` is starredTables' (it depends on the SELECT it stands in).
    if (column === '*' && qualifiers.length === 0) continue;
    let table: string | undefined;
    if (qualifiers.length === 0) {
      if (single === undefined || scan.outputNames.has(column)) continue;
      table = single;
    } else {
      const name = qualifiers[0];
      const matching = new Set(tables.filter((relation) => relation.alias === name).map((relation) => relation.table));
      if (matching.size !== 1) continue;
      table = [...matching][0];
    }
    const read = readOf(table);
    if (column === '*') read.allColumns = true;
    else if (!read.columns.includes(column)) read.columns.push(column);
  }
  // A bare `*` stands for every column of the tables in its own SELECT's FROM list (joins
  // included), not of those in its subqueries.
  for (const table of starredTables(query)) if (!scan.withNames.has(table) || table.includes('.')) readOf(table).allColumns = true;
  return [...reads.values()];
}

/** The tables whose every column a bare `*` in a select list stands for, in every SELECT of the query. */
function starredTables(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) starredTables(item, found);
    return found;
  }
  if (!isNode(value)) return found;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'SelectStmt' && isNode(child) && list(child.targetList).some(isBareStar)) found.push(...fromTables(child.fromClause));
    starredTables(child, found);
  }
  return found;
}

function isBareStar(target: unknown): boolean {
  const fields = list(field(field(field(field(target, 'ResTarget'), 'val'), 'ColumnRef'), 'fields'));
  return fields.length === 1 && isNode(fields[0]) && 'A_Star' in fields[0];
}

/** The tables of a FROM list, through joins, not into subqueries. */
function fromTables(value: unknown, found: string[] = []): string[] {
  for (const item of Array.isArray(value) ? value : [value]) {
    const relation = field(item, 'RangeVar');
    if (isNode(relation)) found.push(relationName(relation));
    const join = field(item, 'JoinExpr');
    if (isNode(join)) fromTables([join.larg, join.rarg], found);
  }
  return found;
}

function walk(value: unknown, scan: Scan): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, scan);
    return;
  }
  if (!isNode(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'RangeVar' && isNode(child)) {
      const relname = String(child.relname ?? '');
      const alias = field(field(child, 'alias'), 'aliasname');
      scan.relations.push({ table: relationName(child), alias: typeof alias === 'string' ? alias : relname, relname });
      continue;
    }
    if (key === 'ColumnRef' && isNode(child)) {
      scan.columnRefs.push(list(child.fields));
      continue;
    }
    if ((key === 'RangeSubselect' || key === 'RangeFunction' || key === 'RangeTableFunc' || key === 'RangeTableSample') && isNode(child)) scan.otherSources++;
    if (key === 'CommonTableExpr' && isNode(child) && typeof child.ctename === 'string') scan.withNames.add(child.ctename);
    if (key === 'ResTarget' && isNode(child) && typeof child.name === 'string') scan.outputNames.add(child.name);
    if (key === 'SelectStmt' && isNode(child) && list(child.valuesLists).length > 0) scan.otherSources++;
    walk(child, scan);
  }
}

