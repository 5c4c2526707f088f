/** Reading literal keyword arguments of a SQLAlchemy construct call. */
import type { Literal } from '../../ops';
import type { CallArgs } from '../args';
import { toLiteral, truthiness } from '../values';

export function literalOf(args: CallArgs, key: string): Literal | undefined {
  const value = args.keywords.get(key)?.value;
  return value ? toLiteral(value) : undefined;
}

export function stringOf(args: CallArgs, key: string): string | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'string' ? literal : undefined;
}

export function boolOf(args: CallArgs, key: string): boolean | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'boolean' ? literal : undefined;
}

/**
 * A keyword SQLAlchemy tests for truth only (`deferrable`: `"DEFERRABLE" if deferrable else "NOT
 * DEFERRABLE"` when not None): Python's truth of any literal, so `deferrable='True'` (Innopoints)
 * and `deferrable=1` count; undefined when left out, None, or known only at run time.
 */
export function truthOf(args: CallArgs, key: string): boolean | undefined {
  const value = args.keywords.get(key)?.value;
  if (value === undefined || value.kind === 'none') return undefined;
  return truthiness(value);
}

/**
 * An integer option of a Sequence or Identity as SQL prints it: a number, or the exact digits of
 * an int literal beyond 2**53; null when it is given but is neither (a float, an inexact result).
 */
export function integerOptionOf(args: CallArgs, key: string): number | string | undefined | null {
  const value = args.keywords.get(key)?.value;
  if (value === undefined || value.kind === 'none') return undefined;
  if (value.kind !== 'num' || value.float) return null;
  if (value.exact !== undefined) return value.exact;
  return Number.isSafeInteger(value.value) ? value.value : null;
}

export function numberOf(args: CallArgs, key: string): number | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'number' ? literal : undefined;
}
