/**
 * The output column names of a view's query, as PostgreSQL names them when it makes the view:
 * the view's own column list first (`CREATE VIEW v (a, b) AS ...`), then each select-list item's
 * alias, else the name PostgreSQL figures for the expression (a column's name, a function's, `case`,
 * `?column?`; its FigureColname rules, PostgreSQL 14 to 18). A set operation (UNION, ...) takes the
 * names of its first SELECT. `CREATE OR REPLACE VIEW` must keep the old names in the same positions
 * (42P16), so a name is only given when it is certain: a `*` (whose columns depend on the tables),
 * a function written in SQL-standard syntax (its name changed across versions) or any expression
 * kind not listed here makes the whole list unknown (undefined).
 */
import { field, isNode, list } from './parseTree';

/** A figured name and how strongly PostgreSQL holds to it (2: a real name, 1: a type's, 0: `?column?`). */
interface Figured {
  name: string;
  strength: 0 | 1 | 2;
}

/** Nodes PostgreSQL names `?column?` (FigureColnameInternal's default). */
const UNNAMED = new Set(['A_Const', 'BoolExpr', 'NullTest', 'BooleanTest', 'ParamRef']);

export function viewOutputColumns(query: unknown, aliases: unknown): string[] | undefined {
  let select = field(query, 'SelectStmt');
  // A set operation's columns are named by its leftmost SELECT (larg holds the statement's fields).
  while (isNode(select) && select.op !== undefined && select.op !== 'SETOP_NONE') select = select.larg;
  if (!isNode(select)) return undefined;
  // `VALUES (...)` as the query: column1, column2, ... (kept out: rare in views, and no name to keep).
  if (list(select.valuesLists).length > 0) return undefined;
  const names: string[] = [];
  for (const target of list(select.targetList)) {
    const item = field(target, 'ResTarget');
    if (!isNode(item)) return undefined;
    if (typeof item.name === 'string') {
      names.push(item.name);
      continue;
    }
    const figured = figure(item.val);
    if (!figured) return undefined;
    names.push(figured.name);
  }
  const given = list(aliases).map((alias) => field(field(alias, 'String'), 'sval'));
  if (given.some((alias) => typeof alias !== 'string') || given.length > names.length) return undefined;
  return names.map((name, at) => (at < given.length ? (given[at] as string) : name));
}

function figure(value: unknown): Figured | undefined {
  if (!isNode(value)) return undefined;
  const [kind] = Object.keys(value);
  const node = value[kind];
  if (UNNAMED.has(kind)) return { name: '?column?', strength: 0 };
  if (!isNode(node)) return undefined;
  switch (kind) {
    case 'ColumnRef':
      return lastName(list(node.fields));
    case 'A_Indirection': {
      // `(x).field` is named by its last field name; a subscript leaves the name to what came before.
      const steps = list(node.indirection);
      for (let at = steps.length - 1; at >= 0; at--) {
        const step = steps[at];
        if (isNode(step) && 'A_Indices' in step) continue;
        const name = field(field(step, 'String'), 'sval');
        return typeof name === 'string' ? { name, strength: 2 } : undefined;
      }
      return figure(node.arg);
    }
    case 'FuncCall':
      // TRIM, SUBSTRING, EXTRACT, ... written in SQL syntax: named after an internal function in
      // some versions and after the keyword in others.
      if (node.funcformat === 'COERCE_SQL_SYNTAX') return undefined;
      return lastName(list(node.funcname));
    case 'A_Expr':
      return { name: node.kind === 'AEXPR_NULLIF' ? 'nullif' : '?column?', strength: node.kind === 'AEXPR_NULLIF' ? 2 : 0 };
    case 'TypeCast': {
      const inner = figure(node.arg);
      if (!inner) return undefined;
      if (inner.strength === 2) return inner;
      const typeName = lastName(list(field(node.typeName, 'names')));
      return typeName ? { name: typeName.name, strength: 1 } : inner;
    }
    case 'CollateClause':
      return figure(node.arg);
    case 'CaseExpr': {
      if (node.defresult === undefined) return { name: 'case', strength: 1 };
      const otherwise = figure(node.defresult);
      if (!otherwise) return undefined;
      return otherwise.strength === 2 ? otherwise : { name: 'case', strength: 1 };
    }
    case 'SubLink':
      if (node.subLinkType === 'EXISTS_SUBLINK') return { name: 'exists', strength: 2 };
      if (node.subLinkType === 'ARRAY_SUBLINK') return { name: 'array', strength: 2 };
      return undefined;
    case 'GroupingFunc':
      return { name: 'grouping', strength: 2 };
    case 'A_ArrayExpr':
      return { name: 'array', strength: 2 };
    case 'RowExpr':
      return { name: 'row', strength: 2 };
    case 'CoalesceExpr':
      return { name: 'coalesce', strength: 2 };
    case 'MinMaxExpr':
      return node.op === 'IS_GREATEST' ? { name: 'greatest', strength: 2 } : node.op === 'IS_LEAST' ? { name: 'least', strength: 2 } : undefined;
    default:
      return undefined;
  }
}

/** The last of a list of name parts (`schema.table.column`, `schema.function`); a `*` has none. */
function lastName(parts: unknown[]): Figured | undefined {
  const name = field(field(parts[parts.length - 1], 'String'), 'sval');
  return typeof name === 'string' ? { name, strength: 2 } : undefined;
}
