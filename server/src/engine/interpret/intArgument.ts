/** A Python int argument of a builtin or a method (a bool counts as 0 or 1): undefined when not given, null when not an int. */
import type { Value } from './values';

export function intArgument(value: Value | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  if (value.kind === 'num' && !value.float && Number.isSafeInteger(value.value)) return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  return null;
}
