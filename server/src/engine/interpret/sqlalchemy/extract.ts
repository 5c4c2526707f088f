/**
 * `sa.extract("year", expr)`: SQLAlchemy's Extract, printed `EXTRACT(year FROM expr)` with the
 * field as written (its compiler maps the known fields to themselves and prints any other string
 * as it is: `sa.extract("nonsense", col)` prints too, and PostgreSQL refuses it at run time). Its
 * type is Integer, whatever the field.
 */
import type { SqlType } from '../../ops';
import type { CallArgs } from '../args';
import { opaque, raising, type Value } from '../values';
import { toSqlExpr } from './expressions';

const INTEGER: SqlType = { name: 'Integer', args: [], kwargs: {} };

export function buildExtract(args: CallArgs): Value {
  if (args.unknownSplat) return opaque(`sa.extract() with arguments that are not static: ${args.unknownSplat}`);
  const unknown = [...args.keywords.keys()].find((key) => key !== 'field' && key !== 'expr');
  if (unknown !== undefined) return raising(`extract() got an unexpected keyword argument '${unknown}' (TypeError)`);
  if (args.positional.length > 2) return raising(`extract() takes 2 positional arguments but ${args.positional.length} were given (TypeError)`);
  const field = args.positional[0]?.value ?? args.keywords.get('field')?.value;
  const operand = args.positional[1]?.value ?? args.keywords.get('expr')?.value;
  if (field === undefined || operand === undefined) return raising(`extract() missing a required argument: '${field === undefined ? 'field' : 'expr'}' (TypeError)`);
  if (field.kind === 'opaque') return field;
  if (operand.kind === 'opaque') return operand;
  // SQLAlchemy prints the field with `%s`: another object's str() (a text(), a number) is not followed,
  // nor a `%`, which the pyformat paramstyle would have to double.
  if (field.kind !== 'str') return opaque('sa.extract() of a field that is not a literal string');
  if (field.value.includes('%')) return opaque('sa.extract() of a field with a % sign');
  const expr = toSqlExpr(operand);
  if (!expr || (expr.kind === 'literal' && expr.value !== null && typeof expr.value === 'object') || expr.kind === 'tuple') return opaque('sa.extract() of something other than a SQL expression or a plain Python value');
  return { kind: 'sql', expr: { kind: 'extract', field: field.value, expr }, type: INTEGER };
}
