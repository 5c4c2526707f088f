/**
 * `sa.type_coerce(expression, type_)`: SQLAlchemy's TypeCoerce, which prints its expression
 * unchanged (no CAST) and groups as it does, while the operators around it and the Python values
 * compared with it take `type_` (`type_coerce(col, sa.String) + "x"` is `col || 'x'`, a divisor
 * coerced to Numeric is cast to it). A Python value given to it is a bind of `type_`, as
 * `sa.literal(value, type_)` makes one. Only SQLAlchemy's and PostgreSQL's own types are followed:
 * an application's type may bind and print values in ways of its own.
 */
import type { SqlExpr } from '../../ops';
import type { CallArgs } from '../args';
import { isSqlAlchemyPostgresqlType } from '../../render/types';
import { opaque, raising, type Value } from '../values';
import { toSqlType } from './types';

/** Expressions whose printing and grouping the renderer follows through a TypeCoerce; others (tuples, selects, labels) are refused. */
const COERCIBLE: ReadonlySet<SqlExpr['kind']> = new Set(['column', 'function', 'binary', 'literalColumn', 'cast', 'case', 'extract', 'text', 'typeCoerce']);

export function buildTypeCoerce(args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.type_coerce() with arguments that are not static: ${args.unknownSplat}`);
  const unknown = [...args.keywords.keys()].find((key) => key !== 'expression' && key !== 'type_');
  if (unknown !== undefined) return raising(`type_coerce() got an unexpected keyword argument '${unknown}' (TypeError)`);
  if (args.positional.length > 2) return raising(`type_coerce() takes 2 positional arguments but ${args.positional.length} were given (TypeError)`);
  const inner = args.positional[0]?.value ?? args.keywords.get('expression')?.value;
  const typeArg = args.positional[1]?.value ?? args.keywords.get('type_')?.value;
  if (inner === undefined || typeArg === undefined) return raising(`type_coerce() missing 1 required positional argument: '${inner === undefined ? 'expression' : 'type_'}' (TypeError)`);
  if (inner.kind === 'opaque') return inner;
  if (typeArg.kind === 'opaque') return typeArg;
  const type = toSqlType(typeArg);
  if (type === undefined) return opaque('sa.type_coerce() to a type the engine does not know');
  if (!isSqlAlchemyPostgresqlType(type) || type.ddl !== undefined) return opaque(`sa.type_coerce() to the type ${type.name}, which is not SQLAlchemy's own: how it binds and prints values is not followed`);
  // A Python value is a bind of the type, printed by its literal processor (a str to an Integer prints 5; an int to a String fails to compile, as sa.literal(5, sa.String) does).
  if (inner.kind === 'str' || (inner.kind === 'num' && !inner.float)) return { kind: 'sql', expr: { kind: 'literal', value: inner.value, construct: true, bindType: type } };
  if (inner.kind !== 'sql') return opaque(`sa.type_coerce() of a ${inner.kind === 'none' ? 'None (SQLAlchemy makes it NULL, not a bind)' : 'Python value other than a str or an int'}: not followed`);
  if (inner.label !== undefined || !COERCIBLE.has(inner.expr.kind) || (inner.expr.kind === 'column' && inner.expr.label !== undefined)) return opaque(`sa.type_coerce() of ${inner.label !== undefined || inner.expr.kind === 'column' ? 'a labelled expression' : `a ${inner.expr.kind} expression`}: not followed`);
  return { kind: 'sql', expr: { kind: 'typeCoerce', expr: inner.expr, type }, type };
}
