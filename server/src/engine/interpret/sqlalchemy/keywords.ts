/** Reading literal keyword arguments of a SQLAlchemy construct call. */
import type { Literal } from '../../ops';
import type { CallArgs } from '../args';
import { toLiteral } from '../values';

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

export function numberOf(args: CallArgs, key: string): number | undefined {
  const literal = literalOf(args, key);
  return typeof literal === 'number' ? literal : undefined;
}
