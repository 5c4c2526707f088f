/**
 * SQLAlchemy's PostgreSQL operators of JSON, JSONB and ARRAY columns (ops.ts `PgOperator`), as
 * its PostgreSQL compiler prints them under `--sql`:
 * - `doc['k']` (JSONB, the subscript PostgreSQL 14 reads, which SQLAlchemy prints when it knows no
 *   server version) and `j -> 'k'` (JSON); `#>` for a path; `->>` / `#>>` for `.astext`;
 * - `.as_string()` and its kin: `CAST(doc ->> 'k' AS VARCHAR)`, the whole grouped as the index is;
 * - `?`, `?|`, `?&`, `@>`, `<@`, `&&` between their operands; ARRAY's `tags[1]`.
 * Each has SQLAlchemy's precedence (15 for the indexes and `->>`, 5 for the comparisons), and most
 * its "eager grouping": printed inside another operator's expression (the operands of `=`, `AND`,
 * a function's argument there), they are put in parentheses whatever the precedence says.
 */
import type { PgOperator, SqlExpr } from '../ops';

interface PgOperatorTraits {
  /** SQLAlchemy's precedence (operators._PRECEDENCE, or the custom_op's). */
  precedence: number;
  /** natural_self_precedent: not grouped under itself (`doc['a']['b']`). */
  selfPrecedent: boolean;
  /** eager_grouping: parenthesised when printed inside another operator expression. */
  eager: boolean;
}

const GETITEM: PgOperatorTraits = { precedence: 15, selfPrecedent: true, eager: true };
const JSONB_COMPARISON: PgOperatorTraits = { precedence: 5, selfPrecedent: true, eager: true };

export const PG_OPERATORS: Record<PgOperator, PgOperatorTraits> = {
  json_getitem: GETITEM,
  json_path_getitem: GETITEM,
  astext: GETITEM,
  path_astext: GETITEM,
  has_key: JSONB_COMPARISON,
  has_any: JSONB_COMPARISON,
  has_all: JSONB_COMPARISON,
  contains: JSONB_COMPARISON,
  contained_by: JSONB_COMPARISON,
  overlap: { precedence: 5, selfPrecedent: false, eager: false },
  // ARRAY's index: visit_getitem_binary, never eager.
  getitem: { precedence: 15, selfPrecedent: true, eager: false },
};

/** The key `isGrouped` compares operators by: SQLAlchemy compares operator objects by identity. */
export function pgGroupingKey(operator: PgOperator): string {
  return `\u0000pg ${operator}`;
}

export function pgTraitsOfKey(key: string): PgOperatorTraits | undefined {
  if (!key.startsWith('\u0000pg ')) return undefined;
  return PG_OPERATORS[key.slice(4) as PgOperator];
}

type PgBinary = Extract<SqlExpr, { kind: 'binary' }> & { pg: PgOperator };

/**
 * The printed text of a PostgreSQL operator expression, from its sides rendered by the caller
 * (each already grouped against the operator); `inOperator` says whether it stands inside another
 * operator expression, where an eager operator is parenthesised.
 */
export function renderPgBinary(expr: PgBinary, left: string, right: string, inOperator: boolean): string {
  const traits = PG_OPERATORS[expr.pg];
  if (expr.castTo !== undefined) {
    // visit_json_getitem_op_binary casts the index with ->> (#>>), eagerly grouped inside an operator.
    const arrow = expr.pg === 'json_path_getitem' ? '#>>' : '->>';
    return `${inOperator ? `(${left} ${arrow} ${right})` : `${left} ${arrow} ${right}`}`;
  }
  if (expr.operator === '[]') return `${left}[${right}]`;
  const text = `${left} ${expr.operator} ${right}`;
  return inOperator && traits.eager ? `(${text})` : text;
}

/** A JSONB subscript puts a function or cast on its left in parentheses (`(CAST(x AS JSONB))['a']`). */
export function subscriptGroupsLeft(expr: PgBinary): boolean {
  return expr.operator === '[]' && (expr.left.kind === 'function' || expr.left.kind === 'cast');
}
