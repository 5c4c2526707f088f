/**
 * `col.collate("C")`, `sa.collate(expr, "C")` (and SQLAlchemy 2.1's `collation_schema`): the
 * binary `expr COLLATE "C"`, of SQLAlchemy's precedence 4, the collation quoted as an identifier
 * where PostgreSQL's rules need it (`"C"`, `posix`, `pg_catalog."C"`). The result keeps the
 * operand's type (a String's with the collation, which binds a compared value the same way).
 */
import type { SqlExpr, SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { requiresQuotes } from '../../render/identifiers';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

/** The collation as the compiler prints it; the renderer doubles any `%` of the quoted name, as it does for a literal column. */
function collationName(name: string, schema: string | undefined): string {
  const quote = (part: string): string => (requiresQuotes(part) ? `"${part.replace(/"/g, '""')}"` : part);
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

/** `operand.collate(collation, collation_schema=None)`, given the operand; `what` names the call in messages. */
export function collateOf(operand: SqlExpr, operandType: SqlType | undefined, args: CallArgs, what: string): Value {
  if (args.unknownSplat) return opaque(`${what} with arguments that are not static: ${args.unknownSplat}`);
  const unknown = [...args.keywords.keys()].find((key) => key !== 'collation' && key !== 'collation_schema');
  if (unknown !== undefined) return raising(`${what} got an unexpected keyword argument '${unknown}' (TypeError)`);
  if (args.positional.length > 2) return raising(`${what} takes too many positional arguments (TypeError)`);
  const collation = args.positional[0]?.value ?? args.keywords.get('collation')?.value;
  const schema = args.positional[1]?.value ?? args.keywords.get('collation_schema')?.value;
  if (collation === undefined) return raising(`${what} missing 1 required positional argument: 'collation' (TypeError)`);
  if (collation.kind === 'opaque') return collation;
  if (schema?.kind === 'opaque') return schema;
  // SQLAlchemy quotes the collation as a name: anything but a str fails there (TypeError, AttributeError).
  if (collation.kind === 'sql' || collation.kind === 'num' || collation.kind === 'none' || collation.kind === 'bool') return raising(`${what} of a collation that is not a string: SQLAlchemy fails quoting it (TypeError or AttributeError)`);
  if (collation.kind !== 'str') return opaque(`${what} of a collation that is not a literal string`);
  if (schema !== undefined && schema.kind !== 'none' && schema.kind !== 'str') return opaque(`${what} of a collation_schema that is not a literal string`);
  const sql = collationName(collation.value, schema?.kind === 'str' ? schema.value : undefined);
  const expr: SqlExpr = { kind: 'binary', operator: 'COLLATE', left: operand, right: { kind: 'literalColumn', sql } };
  return { kind: 'sql', expr, ...(operandType ? { type: operandType } : {}) };
}

const STRING: SqlType = { name: 'String', args: [], kwargs: {} };

/** `sa.collate(expression, collation, collation_schema=None)`. */
export function buildCollate(args: CallArgs): Value {
  const first = args.positional[0]?.value ?? args.keywords.get('expression')?.value;
  if (first === undefined) return raising("collate() missing 1 required positional argument: 'expression' (TypeError)");
  if (first.kind === 'opaque') return first;
  const operand = toSqlExpr(first);
  if (!operand || operand.kind === 'tuple' || (operand.kind === 'literal' && operand.value !== null && typeof operand.value === 'object')) return opaque('sa.collate() of something other than a SQL expression or a plain Python value');
  const keywords = new Map([...args.keywords].filter(([key]) => key !== 'expression'));
  const rest: CallArgs = { ...args, positional: args.positional.slice(args.keywords.has('expression') ? 0 : 1), keywords };
  // A Python str is bound as a String; a SQL expression keeps its own type.
  const type = first.kind === 'sql' ? first.type : first.kind === 'str' ? STRING : undefined;
  return collateOf(operand, type, rest, 'collate()');
}
