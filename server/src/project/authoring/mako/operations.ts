/** Python's operators and str methods over template values (the subset templates use). */
import { PyError, PyFunction, PyList, PyObject, PyTuple, UNDEFINED, iterate, pyEquals, repr, str, typeName, type PyArgs, type PyValue } from './values';

export function binaryOperation(operator: string, left: PyValue, right: PyValue): PyValue {
  if (operator === '%' && typeof left === 'string') return percentFormat(left, right);
  if (typeof left === 'number' && typeof right === 'number') {
    if (operator === '+') return left + right;
    if (operator === '-') return left - right;
    if (operator === '*') return left * right;
    if (operator === '//' && right !== 0) return Math.floor(left / right);
    if (operator === '%' && right !== 0) return ((left % right) + right) % right;
  }
  if (operator === '+') {
    if (typeof left === 'string' && typeof right === 'string') return left + right;
    if (left instanceof PyTuple && right instanceof PyTuple) return new PyTuple([...left.items, ...right.items]);
    if (left instanceof PyList && right instanceof PyList) return new PyList([...left.items, ...right.items]);
  }
  if (operator === '*' && typeof left === 'string' && typeof right === 'number') return left.repeat(Math.max(0, right));
  throw new PyError(`unsupported operand type(s) for ${operator}: '${typeName(left)}' and '${typeName(right)}'`);
}

export function compare(operator: string, left: PyValue, right: PyValue): boolean {
  switch (operator) {
    case '==':
      return pyEquals(left, right);
    case '!=':
      return !pyEquals(left, right);
    case 'is':
      return left === right;
    case 'is not':
      return left !== right;
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
  }
  if ((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string')) {
    if (operator === '<') return left < right;
    if (operator === '>') return left > right;
    if (operator === '<=') return left <= right;
    if (operator === '>=') return left >= right;
  }
  throw new PyError(`'${operator}' not supported between '${typeName(left)}' and '${typeName(right)}'`);
}

function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyError("'in <string>' requires string as left operand");
    return container.includes(item);
  }
  return iterate(container).some((member) => pyEquals(member, item));
}

export function subscript(target: PyValue, index: PyValue): PyValue {
  if (typeof index !== 'number') throw new PyError(`${typeName(target)} indices must be integers`);
  const items = typeof target === 'string' ? [...target] : target instanceof PyTuple || target instanceof PyList ? target.items : undefined;
  if (!items) throw new PyError(`'${typeName(target)}' object is not subscriptable`);
  const at = index < 0 ? items.length + index : index;
  if (at < 0 || at >= items.length) throw new PyError(`${typeName(target)} index out of range`);
  return items[at];
}

/** `"text %s" % value` with %s, %r, %d/%i and %%, positional only. */
export function percentFormat(template: string, values: PyValue): string {
  const items: PyValue[] = values instanceof PyTuple ? [...values.items] : [values];
  let used = 0;
  const text = template.replace(/%([-0 ]?)(\d*)([srdi%])/g, (_whole, flag: string, width: string, type: string) => {
    if (type === '%') return '%';
    if (used >= items.length) throw new PyError('not enough arguments for format string');
    const value = items[used++];
    let out: string;
    if (type === 's') out = str(value);
    else if (type === 'r') out = repr(value);
    else if (typeof value === 'number' || typeof value === 'boolean') out = String(Math.trunc(Number(value)));
    else throw new PyError(`%${type} format: a real number is required, not ${typeName(value)}`);
    if (width) out = flag === '-' ? out.padEnd(Number(width)) : out.padStart(Number(width), flag === '0' && type !== 's' ? '0' : ' ');
    return out;
  });
  if (used < items.length) throw new PyError('not all arguments converted during string formatting');
  return text;
}

function method(name: string, call: (args: PyArgs) => PyValue): PyFunction {
  return new PyFunction(name, call);
}

function stringArgument(args: PyArgs, index: number, what: string): string {
  const value = args.positional[index];
  if (typeof value !== 'string') throw new PyError(`${what}() argument must be str, not ${typeName(value ?? null)}`);
  return value;
}

function stripChars(args: PyArgs): string | undefined {
  const chars = args.positional[0];
  return chars === undefined || chars === null ? undefined : stringArgument(args, 0, 'strip');
}

function stripped(text: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars ?? ' \t\n\r\x0b\x0c';
  let start = 0;
  let end = text.length;
  while (left && start < end && set.includes(text[start])) start += 1;
  while (right && end > start && set.includes(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

function stringMethod(text: string, name: string): PyFunction | undefined {
  switch (name) {
    case 'join':
      return method(name, (args) => iterate(args.positional[0] ?? null).map((item) => {
        if (typeof item !== 'string') throw new PyError(`sequence item: expected str instance, ${typeName(item)} found`);
        return item;
      }).join(text));
    case 'upper':
      return method(name, () => text.toUpperCase());
    case 'lower':
      return method(name, () => text.toLowerCase());
    case 'strip':
      return method(name, (args) => stripped(text, stripChars(args), true, true));
    case 'lstrip':
      return method(name, (args) => stripped(text, stripChars(args), true, false));
    case 'rstrip':
      return method(name, (args) => stripped(text, stripChars(args), false, true));
    case 'replace':
      return method(name, (args) => text.split(stringArgument(args, 0, 'replace')).join(stringArgument(args, 1, 'replace')));
    case 'startswith':
      return method(name, (args) => text.startsWith(stringArgument(args, 0, 'startswith')));
    case 'endswith':
      return method(name, (args) => text.endsWith(stringArgument(args, 0, 'endswith')));
    case 'splitlines':
      return method(name, () => new PyList(text.split(/\r\n|\n|\r/).filter((line, index, all) => index < all.length - 1 || line !== '')));
    case 'split':
      return method(name, (args) => {
        const separator = args.positional[0];
        if (separator === undefined || separator === null) return new PyList(text.split(/\s+/).filter((part) => part !== ''));
        return new PyList(text.split(stringArgument(args, 0, 'split')));
      });
    case 'format':
      return undefined;
  }
  return undefined;
}

export function attributeOf(target: PyValue, name: string): PyValue {
  if (target instanceof PyObject) {
    if (name in target.attributes) return target.attributes[name];
  } else if (typeof target === 'string') {
    const found = stringMethod(target, name);
    if (found) return found;
  } else if (target === UNDEFINED) {
    throw new PyError(`an undefined name has no attribute '${name}'`);
  }
  throw new PyError(`'${typeName(target)}' object has no attribute '${name}' (or it is not supported)`);
}
