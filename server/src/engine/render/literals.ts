/** Python literal values as SQLAlchemy renders them with `literal_binds` on PostgreSQL. */
import type { Literal } from '../ops';
import type { RenderState } from './context';

/** A string literal: single quotes doubled (offline PostgreSQL does not double backslashes). */
export function stringLiteral(value: string, state: RenderState): string {
  return "'" + state.percents(value.replace(/'/g, "''")) + "'";
}

/** Python's repr of a float for the common cases (`1.0`, `1.5`, `1e+20`). */
export function pythonFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const text = String(value);
  return text.replace(/e\+?/, (m) => (m === 'e' ? 'e' : 'e+'));
}

/** A scalar literal; lists and dicts have no literal rendering and return undefined. */
export function scalarLiteral(value: Literal, state: RenderState, floatHint = false): string | undefined {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return floatHint || !Number.isInteger(value) ? pythonFloat(value) : String(value);
  if (typeof value === 'string') return stringLiteral(value, state);
  return undefined;
}
