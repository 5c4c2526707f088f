/** Python builtins and the importable modules a template may use (`<%! import re %>`). */
import { PyError, PyFunction, PyList, PyObject, PyTuple, iterate, repr, str, truthy, typeName, type PyArgs, type PyValue } from './values';

function one(args: PyArgs, name: string): PyValue {
  if (args.positional.length !== 1) throw new PyError(`${name}() takes exactly one argument`);
  return args.positional[0];
}

export const BUILTINS: Record<string, PyValue> = {
  repr: new PyFunction('repr', (args) => repr(one(args, 'repr'))),
  str: new PyFunction('str', (args) => (args.positional.length ? str(one(args, 'str')) : '')),
  len: new PyFunction('len', (args) => iterate(one(args, 'len')).length),
  bool: new PyFunction('bool', (args) => truthy(one(args, 'bool'))),
  int: new PyFunction('int', (args) => {
    const value = one(args, 'int');
    if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
    if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value.trim());
    throw new PyError(`invalid literal for int(): ${repr(value)}`);
  }),
  list: new PyFunction('list', (args) => new PyList(args.positional.length ? iterate(one(args, 'list')) : [])),
  tuple: new PyFunction('tuple', (args) => new PyTuple(args.positional.length ? iterate(one(args, 'tuple')) : [])),
  sorted: new PyFunction('sorted', (args) => {
    const items = iterate(one(args, 'sorted'));
    if (!items.every((item) => typeof item === 'string') && !items.every((item) => typeof item === 'number')) throw new PyError('sorted() of mixed values is not supported');
    return new PyList([...items].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0)));
  }),
  isinstance: new PyFunction('isinstance', () => {
    throw new PyError('isinstance() is not supported');
  }),
};

/** Python's regular expressions in the forms templates use, as JS ones (named groups renamed). */
function jsRegex(pattern: PyValue, flags = 'u'): RegExp {
  if (typeof pattern !== 'string') throw new PyError(`expected a str pattern, got ${typeName(pattern)}`);
  if (/\(\?[aiLmsux]+\)|\\[AZ]|\(\?P=/.test(pattern)) throw new PyError(`the regular expression ${repr(pattern)} uses syntax that is not supported`);
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
  } catch (error) {
    throw new PyError(`bad regular expression ${repr(pattern)}: ${(error as Error).message}`);
  }
}

function stringArgument(value: PyValue | undefined, what: string): string {
  if (typeof value !== 'string') throw new PyError(`${what}: expected str, got ${typeName(value ?? null)}`);
  return value;
}

const RE_MODULE = new PyObject('module', {
  split: new PyFunction('split', (args) => {
    if (args.positional.length > 2 || Object.keys(args.keywords).length) throw new PyError('re.split() with maxsplit or flags is not supported');
    const text = stringArgument(args.positional[1], 're.split()');
    return new PyList(text.split(jsRegex(args.positional[0], 'gu')).map((part) => (part === undefined ? null : part)));
  }),
  sub: new PyFunction('sub', (args) => {
    if (args.positional.length !== 3 || Object.keys(args.keywords).length) throw new PyError('re.sub() with count or flags is not supported');
    const replacement = stringArgument(args.positional[1], 're.sub()');
    if (/\\g<|\\\d/.test(replacement)) throw new PyError('group references in re.sub() replacements are not supported');
    return stringArgument(args.positional[2], 're.sub()').replace(jsRegex(args.positional[0], 'gu'), () => replacement);
  }),
  escape: new PyFunction('escape', (args) => stringArgument(args.positional[0], 're.escape()').replace(/[^\p{L}\p{N}_]/gu, (char) => `\\${char}`)),
});

/** Modules `import NAME` may bring in; anything else is refused with the template line. */
export const MODULES: Record<string, PyObject> = { re: RE_MODULE };
