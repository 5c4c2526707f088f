/**
 * Dialect keywords of a schema construct (`postgresql_not_valid=True`, `mysql_engine=...`): the
 * ones whose values the engine holds as literals (or `sa.text()` SQL), for the renderer to read.
 */
import type { Literal } from '../../ops';
import type { CallArgs } from '../args';
import { toLiteral } from '../values';

export function dialectOptionsOf(args: CallArgs): { [key: string]: Literal } {
  const options: { [key: string]: Literal } = {};
  for (const [key, arg] of args.keywords) {
    if (!/^(postgresql|mysql|sqlite|mssql|oracle)_/.test(key)) continue;
    const literal = toLiteral(arg.value);
    if (literal !== undefined) options[key] = literal;
    else if (arg.value.kind === 'sql' && arg.value.expr.kind === 'text') options[key] = arg.value.expr.sql;
  }
  return options;
}
