/**
 * String values env.py computes from what is known when Alembic runs it, for the configure()
 * keywords (python/envPy.ts). CKAN's extension template names each plugin's version table after
 * the folder of its env.py:
 *
 *     name = os.path.basename(os.path.dirname(__file__))
 *     context.configure(..., version_table=u'{}_alembic_version'.format(name))
 *
 * Followed: `__file__` (Alembic loads env.py from `os.path.join(script_location, "env.py")`, with
 * script_location as written in the configuration), `os.path.dirname` / `basename` / `abspath` /
 * `realpath` of it (as Python's posixpath computes them), and a string built from known strings by
 * `'...'.format(a, b)` (`{}` and `{0}` fields), `'...' % a` / `% (a, b)` (`%s` only), an f-string
 * of bare names, or `+`. Anything else is not known.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { stringLiteralOf } from './headerValue';
import { basenamePosix, dirnamePosix } from '../common/posixPath';

export interface StringContext {
  /** Module-level names already known (literals, or strings computed by this reader). */
  known(name: string): string | boolean | null | undefined;
  /** env.py's `__file__` as Alembic loads it; undefined when not known. */
  dunderFile?: string;
  /** The absolute path of env.py (what `os.path.abspath(__file__)` gives). */
  absoluteFile?: string;
  /** env.py has a plain `import os`. */
  importsOs: boolean;
}

/** The string `node` evaluates to, or undefined when it is not one of the forms above. */
export function envPyString(text: string, node: SyntaxNode, context: StringContext): string | undefined {
  switch (node.name) {
    case 'String':
      return stringLiteralOf(node, text);
    case 'VariableName': {
      if (textOf(text, node) === '__file__') return context.dunderFile;
      const value = context.known(textOf(text, node));
      return typeof value === 'string' ? value : undefined;
    }
    case 'ParenthesizedExpression': {
      const inner = childrenOf(node).filter((part) => part.name !== '(' && part.name !== ')');
      return inner.length === 1 ? envPyString(text, inner[0], context) : undefined;
    }
    case 'FormatString':
      return formatStringOf(text, node, context);
    case 'BinaryExpression':
      return binaryOf(text, node, context);
    case 'CallExpression':
      return callOf(text, node, context);
    default:
      return undefined;
  }
}

function argumentsOf(node: SyntaxNode): SyntaxNode[] | undefined {
  const args = childrenOf(node).find((part) => part.name === 'ArgList');
  if (!args) return undefined;
  const parts = childrenOf(args).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
  // Positional arguments only.
  return parts.some((part) => part.name === 'AssignOp' || part.name === '*' || part.name === '**') ? undefined : parts;
}

function callOf(text: string, node: SyntaxNode, context: StringContext): string | undefined {
  const callee = node.firstChild;
  const args = argumentsOf(node);
  if (!callee || callee.name !== 'MemberExpression' || !args) return undefined;
  const calleeText = textOf(text, callee).replace(/\s/g, '');
  const pathFunction = /^os\.path\.(dirname|basename|abspath|realpath)$/.exec(calleeText)?.[1];
  if (pathFunction) {
    if (!context.importsOs || args.length !== 1) return undefined;
    if (pathFunction === 'abspath' || pathFunction === 'realpath') {
      return args[0].name === 'VariableName' && textOf(text, args[0]) === '__file__' ? context.absoluteFile : undefined;
    }
    const path = envPyString(text, args[0], context);
    if (path === undefined) return undefined;
    return pathFunction === 'dirname' ? dirnamePosix(path) : basenamePosix(path);
  }
  // `'{}_alembic_version'.format(name)`: the receiver is a string literal.
  const receiver = callee.firstChild;
  const method = callee.lastChild;
  if (!receiver || receiver.name !== 'String' || method?.name !== 'PropertyName' || textOf(text, method) !== 'format') return undefined;
  const template = stringLiteralOf(receiver, text);
  const values = args.map((arg) => envPyString(text, arg, context));
  if (template === undefined || values.some((value) => value === undefined)) return undefined;
  return formatFields(template, values as string[]);
}

/** str.format with `{}` / `{N}` fields and `{{` / `}}` only. */
function formatFields(template: string, values: string[]): string | undefined {
  let automatic = 0;
  let numbered = false;
  let failed = false;
  const out = template.replace(/\{\{|\}\}|\{(\d*)\}|[{}]/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (index === undefined) {
      failed = true;
      return '';
    }
    // Python refuses to mix automatic and manual numbering (ValueError).
    if (index === '' ? numbered : automatic > 0) failed = true;
    const at = index === '' ? automatic++ : ((numbered = true), Number(index));
    if (at >= values.length) failed = true;
    return values[at] ?? '';
  });
  return failed ? undefined : out;
}

function binaryOf(text: string, node: SyntaxNode, context: StringContext): string | undefined {
  const [left, operator, right] = childrenOf(node).filter((part) => part.name !== 'Comment');
  if (!left || !operator || !right) return undefined;
  const op = textOf(text, operator);
  if (op === '+') {
    const a = envPyString(text, left, context);
    const b = envPyString(text, right, context);
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  if (op !== '%') return undefined;
  const template = envPyString(text, left, context);
  if (template === undefined) return undefined;
  const operands = right.name === 'TupleExpression' || (right.name === 'ParenthesizedExpression' && childrenOf(right).some((part) => part.name === ',')) ? childrenOf(right).filter((part) => !['(', ')', ','].includes(part.name)) : [right];
  const values = operands.map((operand) => envPyString(text, operand, context));
  if (values.some((value) => value === undefined)) return undefined;
  let at = 0;
  let failed = false;
  const out = template.replace(/%%|%s|%./g, (match) => {
    if (match === '%%') return '%';
    if (match !== '%s' || at >= values.length) {
      failed = true;
      return '';
    }
    return values[at++]!;
  });
  // Python raises when arguments are left over ("not all arguments converted").
  return failed || at !== values.length ? undefined : out;
}

function formatStringOf(text: string, node: SyntaxNode, context: StringContext): string | undefined {
  const source = textOf(text, node);
  // f'...' or f"..." on one line, no raw prefix, no escapes, fields that are bare names.
  const match = /^[fF](['"])(.*)\1$/s.exec(source);
  if (!match || match[2].includes('\\') || match[2].includes(match[1])) return undefined;
  let failed = false;
  const out = match[2].replace(/\{\{|\}\}|\{([A-Za-z_]\w*)\}|[{}]/g, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const value = name === undefined ? undefined : context.known(name);
    if (typeof value !== 'string') {
      failed = true;
      return '';
    }
    return value;
  });
  return failed ? undefined : out;
}
