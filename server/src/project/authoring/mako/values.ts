/**
 * The Python values a migration template handles, as plain JS: str, int, bool, None, tuples,
 * lists, callables and attribute bags (the `config` object, the `re` module). Mako's `UNDEFINED`
 * (a name the template uses but Alembic does not pass, like `imports` without autogenerate) is
 * falsy and refuses to print, as in Mako.
 */
import { stringRepr } from '../../../common/pythonRepr';

/** Raised while evaluating; the renderer adds the template line. */
export class PyError extends Error {}

export const UNDEFINED: unique symbol = Symbol('UNDEFINED');

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export class PyList {
  constructor(readonly items: PyValue[]) {}
}

export type PyArgs = { positional: PyValue[]; keywords: Record<string, PyValue> };

export class PyFunction {
  constructor(
    readonly name: string,
    readonly call: (args: PyArgs) => PyValue,
  ) {}
}

/** An object with attributes (a module, `config`, `context`); `text` is its `str()` when it has one. */
export class PyObject {
  constructor(
    readonly typeName: string,
    readonly attributes: Record<string, PyValue>,
    readonly text?: string,
  ) {}
}

export type PyValue = string | number | boolean | null | typeof UNDEFINED | PyTuple | PyList | PyFunction | PyObject;

export function truthy(value: PyValue): boolean {
  if (value === null || value === UNDEFINED || value === false || value === 0 || value === '') return false;
  if (value instanceof PyTuple || value instanceof PyList) return value.items.length > 0;
  return true;
}

export function repr(value: PyValue): string {
  if (value === UNDEFINED) throw new PyError('Undefined');
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return stringRepr(value);
  if (value instanceof PyTuple) return value.items.length === 1 ? `(${repr(value.items[0])},)` : `(${value.items.map(repr).join(', ')})`;
  if (value instanceof PyList) return `[${value.items.map(repr).join(', ')}]`;
  if (value instanceof PyFunction) return `<function ${value.name}>`;
  throw new PyError(`repr() of ${value.typeName} is not supported`);
}

/** Python's `str()`; Mako's default filter. */
export function str(value: PyValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof PyObject) {
    if (value.text === undefined) throw new PyError(`str() of ${value.typeName} is not supported`);
    return value.text;
  }
  return repr(value);
}

export function typeName(value: PyValue): string {
  if (value === null) return 'NoneType';
  if (value === UNDEFINED) return 'Undefined';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof PyTuple) return 'tuple';
  if (value instanceof PyList) return 'list';
  if (value instanceof PyFunction) return 'function';
  return value.typeName;
}

/** The items of an iterable (str, tuple, list); anything else is Python's TypeError. */
export function iterate(value: PyValue): PyValue[] {
  if (typeof value === 'string') return [...value];
  if (value instanceof PyTuple || value instanceof PyList) return [...value.items];
  throw new PyError(`'${typeName(value)}' object is not iterable`);
}

export function pyEquals(a: PyValue, b: PyValue): boolean {
  if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof PyList && b instanceof PyList)) {
    return a.items.length === b.items.length && a.items.every((item, index) => pyEquals(item, b.items[index]));
  }
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === Number(b);
  return a === b;
}
