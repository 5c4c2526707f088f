/** Python literal values as SQLAlchemy renders them with `literal_binds` on PostgreSQL. */
import type { Literal } from '../ops';
import type { RenderState } from './context';
import { pythonFloatRepr, pythonNumberText } from '../../common/pythonFloat';

/** A string literal: single quotes doubled (offline PostgreSQL does not double backslashes). */
export function stringLiteral(value: string, state: RenderState): string {
  return "'" + state.percents(value.replace(/'/g, "''")) + "'";
}

/**
 * A scalar literal without a column type (server defaults, function arguments, bindparams);
 * lists and dicts have none. Python's int/float distinction is lost in JavaScript numbers, so
 * a float with an integral value (`2.0`) prints as `2` (common/pythonFloat.ts).
 */
export function scalarLiteral(value: Literal, state: RenderState, isFloat = false): string | undefined {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return isFloat ? pythonFloatRepr(value) : pythonNumberText(value);
  if (typeof value === 'string') return stringLiteral(value, state);
  return undefined;
}
