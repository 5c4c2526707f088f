/**
 * The expression evaluator: a syntax node in, a `Value` out. It knows Python literals and
 * operators, names bound in the module or the function, and hands calls to `calls.ts`.
 * It never throws and never runs anything: what it cannot know becomes an opaque value.
 */
import { stdlibConstant } from './stdlib';
import { childrenOf, decodeStringLiteral, type SyntaxNode } from '../../python/parser';
import { ARGUMENT_LIST_PUNCTUATION, type Arg, type CallArgs } from './args';
import { callMethod, callValue, getAttribute } from './calls';
import { sqlSubscript } from './sqlalchemy/postgresOperators';
import { evaluateComprehension } from './comprehensions';
import { formattedEnumMember } from './enumMembers';
import { evaluateBinary, evaluateUnary } from './operators';
import type { Frame, InterpreterState } from './state';
import { moduleNameOf } from './moduleName';
import { ByNodeType } from './nodeTypes';
import { ALL_PYTHON_BUILTINS, PYTHON_BUILTINS } from './symbols';
import { setOfValues } from './setLiterals';
import { markPathDependent, ownFileValue } from './fileReads';
import { formatWithSpec } from './formatSpec';
import { workspaceConstant } from './workspaceHelpers';
import { readEnvironmentVariable } from './processEnvironment';
import { equalityKey, NONE, opaque, pythonRepr, pythonStr, raising, str, stringSet, truthiness, type Value } from './values';

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', 'Comment']);

export function evaluate(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const handler = HANDLERS.of(node.type);
  if (handler) return handler(node, state, frame);
  if (node.type.isError) return opaque('the expression has a syntax error');
  return opaque(`unsupported Python expression (${describeNode(node.name)}): ${state.shortText(node)}`);
}

type Handler = (node: SyntaxNode, state: InterpreterState, frame: Frame) => Value;

const EXPRESSIONS: Record<string, Handler> = {
  Number: (node, state) => parseNumber(state.textOf(node)),
  // A function value like a def's: called, its parameters are bound and its body evaluated (callHelper).
  LambdaExpression: (node, state, frame) => ({ kind: 'function', node, name: '<lambda>', closure: frame, home: state }),
  String: (node, state) => {
    const plain = plainStringLiteral(state.source, node.from, node.to);
    if (plain !== undefined) return str(plain);
    const text = state.textOf(node);
    // A bytes literal is no str: str(b'x') is "b'x'", and SQL text takes no bytes.
    if (/^[rRuU]?[bB]|^[rR][bB]/.test(text)) return opaque(`a bytes literal (${state.shortText(node)}): the engine models text strings only`);
    const value = decodeStringLiteral(text);
    return value === undefined ? opaque(undecodedReason(text, 'malformed string literal')) : str(value);
  },
  FormatString: evaluateFormatString,
  ContinuedString: (node, state, frame) => {
    let out = '';
    for (const part of childrenOf(node)) {
      if (part.name === 'Comment') continue;
      const value = evaluate(part, state, frame);
      if (value.kind !== 'str') return value.kind === 'opaque' ? value : opaque('string concatenation of a non-string');
      out += value.value;
    }
    return str(out);
  },
  Boolean: (node, state) => ({ kind: 'bool', value: state.textOf(node) === 'True' }),
  None: () => NONE,
  VariableName: (node, state, frame) => {
    const name = state.textOf(node);
    // Both differ from file to file of the same text: a result made with them is the file's own.
    if (name === '__file__' && !frame.lookup(name)) return ownFileValue(state);
    if (name === '__name__' && !frame.lookup(name)) {
      markPathDependent(state);
      return moduleNameOf(state) ?? lookupName(name, frame);
    }
    return workspaceValue(lookupName(name, frame), state);
  },
  ParenthesizedExpression: (node, state, frame) => {
    const inner = childrenOf(node).filter((part) => !PUNCTUATION.has(part.name));
    return inner.length === 1 ? evaluate(inner[0], state, frame) : opaque(`unsupported parenthesized expression: ${state.shortText(node)}`);
  },
  // `(dialect := op.get_bind().dialect.name) == "postgresql"` (marzneshin): the value, bound to the name as it is given.
  NamedExpression: (node, state, frame) => {
    const [target, operator, value] = childrenOf(node).filter((part) => part.name !== 'Comment');
    if (target?.name !== 'VariableName' || operator?.name !== 'AssignOp' || !value) return opaque(`unsupported named expression: ${state.shortText(node)}`);
    const result = evaluate(value, state, frame);
    let scope = frame;
    while (scope.comprehension && scope.parent) scope = scope.parent;
    scope.set(state.textOf(target), result);
    return result;
  },
  TupleExpression: (node, state, frame) => evaluateSequence(node, state, frame, true),
  ArrayExpression: (node, state, frame) => evaluateSequence(node, state, frame, false),
  SetExpression: (node, state, frame) => {
    const members = evaluateSequence(node, state, frame, false);
    // A set of strings iterates in an order Python decides at run time (setLiterals.ts for the others).
    if (members.kind !== 'seq') return members;
    return members.items.length > 0 && members.items.every((item) => item.kind === 'str') ? stringSet(members.items.map((item) => (item as { value: string }).value)) : setOfValues(members.items);
  },
  DictionaryExpression: evaluateDictionary,
  MemberExpression: evaluateMember,
  CallExpression: (node, state, frame) => {
    const callee = node.firstChild;
    const argList = callee && lastSiblingOf(callee);
    if (!callee || !argList || argList.name !== 'ArgList') return opaque(`malformed call: ${state.shortText(node)}`);
    const args = evaluateArguments(argList, state, frame);
    // Python's call machinery refuses it before the callee runs, whatever the callee takes.
    if (args.repeatedKeyword !== undefined) return raising(`TypeError: ${state.shortText(callee)}() got multiple values for keyword argument '${args.repeatedKeyword}'`);
    // Each child access makes a node object (and lastChild walks the children): taken once.
    const property = callee.name === 'MemberExpression' ? callee.lastChild : null;
    if (property?.name === 'PropertyName') {
      const object = callee.firstChild;
      if (object) {
        const target = evaluate(object, state, frame);
        return callMethod(target, state.textOf(property), args, state, node, callee);
      }
    }
    return callValue(evaluate(callee, state, frame), args, state, node);
  },
  BinaryExpression: evaluateBinaryNode,
  ArrayComprehensionExpression: evaluateComprehension,
  SetComprehensionExpression: evaluateComprehension,
  DictionaryComprehensionExpression: evaluateComprehension,
  ComprehensionExpression: evaluateComprehension,
  UnaryExpression: (node, state, frame) => {
    const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
    if (parts.length !== 2) return opaque(`unsupported unary expression: ${state.shortText(node)}`);
    return evaluateUnary(state.textOf(parts[0]), evaluate(parts[1], state, frame));
  },
  ConditionalExpression: (node, state, frame) => {
    const parts = childrenOf(node).filter((part) => !['if', 'else', 'Comment'].includes(part.name));
    if (parts.length !== 3) return opaque('malformed conditional expression');
    const condition = truthiness(evaluate(parts[1], state, frame));
    if (condition === undefined) return opaque(`the value depends on a condition known only at run time: ${state.shortText(parts[1])}`);
    return evaluate(condition ? parts[0] : parts[2], state, frame);
  },
};

const HANDLERS = new ByNodeType<Handler | undefined>((name) => (Object.hasOwn(EXPRESSIONS, name) ? EXPRESSIONS[name] : undefined));

/**
 * The value of a literal that `decodeStringLiteral` would return as its body unchanged: no prefix,
 * one quote character on each side (not triple-quoted) and no backslash. Taken from the source
 * directly, without slicing the literal first; undefined for anything else.
 */
function plainStringLiteral(source: string, from: number, to: number): string | undefined {
  const quote = source.charCodeAt(from);
  if ((quote !== 34 /* " */ && quote !== 39) /* ' */ || to - from < 2 || source.charCodeAt(to - 1) !== quote) return undefined;
  if (to - from >= 3 && source.charCodeAt(from + 1) === quote && source.charCodeAt(from + 2) === quote) return undefined;
  const body = source.slice(from + 1, to - 1);
  return body.includes('\\') ? undefined : body;
}

/**
 * The last child after `first` (a call's argument list after its callee): `lastChild` of a node
 * in a tree buffer searches the children from the first one, through the callee's subtree.
 */
function lastSiblingOf(first: SyntaxNode): SyntaxNode | null {
  let last = first.nextSibling;
  if (!last) return null;
  for (let next = last.nextSibling; next; next = next.nextSibling) last = next;
  return last;
}

/** A name imported from the project's own modules stands for its value there when that is plain data. */
function workspaceValue(value: Value, state: InterpreterState): Value {
  if (value.kind !== 'symbol') return value;
  // False whenever Python runs the code (only type checkers see it true): `if not TYPE_CHECKING:`.
  if (value.qname === 'typing.TYPE_CHECKING' || value.qname === 'typing_extensions.TYPE_CHECKING') return { kind: 'bool', value: false };
  return stdlibConstant(value.qname) ?? workspaceConstant(value.qname, state) ?? value;
}

function describeNode(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function lookupName(name: string, frame: Frame): Value {
  const bound = frame.lookup(name);
  if (bound) return bound;
  // Alembic's proxies, even when the file forgot to import them (Alembic fails later, not here).
  if (name === 'op') return { kind: 'symbol', qname: 'alembic.op', text: 'op' };
  if (name === 'context') return { kind: 'symbol', qname: 'alembic.context', text: 'context' };
  if (name === '__name__') return opaque('depends on the module name (__name__)');
  if (PYTHON_BUILTINS.has(name)) return { kind: 'symbol', qname: `builtins.${name}`, text: name };
  if (ALL_PYTHON_BUILTINS.has(name)) return opaque(`uses Python's built-in ${name}, which the engine does not follow`);
  return opaque(`uses the name ${name}, which is not defined in this file`);
}

function parseNumber(text: string): Value {
  // Plain decimal integers (most numbers a migration writes: lengths, precisions) skip the patterns.
  if (isDecimalDigits(text)) return integerOf(text);
  const clean = text.replace(/_/g, '');
  if (isDecimalDigits(clean)) return integerOf(clean);
  if (/[jJ]$/.test(clean)) return opaque('complex number literal');
  if (/^0[xX]/.test(clean)) return { kind: 'num', value: parseInt(clean.slice(2), 16) };
  if (/^0[oO]/.test(clean)) return { kind: 'num', value: parseInt(clean.slice(2), 8) };
  if (/^0[bB]/.test(clean)) return { kind: 'num', value: parseInt(clean.slice(2), 2) };
  const value = Number(clean);
  if (Number.isNaN(value)) return opaque(`malformed number ${text}`);
  // A point or an exponent makes a Python float (`2.0`, `1e3`).
  return /[.eE]/.test(clean) ? { kind: 'num', value, float: true } : { kind: 'num', value };
}

/** A decimal int literal; beyond 2**53 its digits are kept, since the number is rounded. */
function integerOf(digits: string): Value {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? { kind: 'num', value } : { kind: 'num', value, exact: digits.replace(/^0+(?=\d)/, '') };
}

function isDecimalDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function evaluateSequence(node: SyntaxNode, state: InterpreterState, frame: Frame, tuple: boolean): Value {
  return sequenceOf(childrenOf(node), state, frame, tuple);
}

/** The items of a display's parts (`a, *b, c`), punctuation skipped and starred items spread. */
export function sequenceOf(nodes: readonly SyntaxNode[], state: InterpreterState, frame: Frame, tuple: boolean): Value {
  const items: Value[] = [];
  const parts = nodes.filter((part) => !PUNCTUATION.has(part.name));
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].name === '*' && parts[i + 1]) {
      const spread = evaluate(parts[++i], state, frame);
      if (spread.kind === 'seq') items.push(...spread.items);
      else return spread.kind === 'opaque' ? spread : opaque(`cannot unpack ${state.shortText(parts[i])}`);
    } else {
      items.push(evaluate(parts[i], state, frame));
    }
  }
  return { kind: 'seq', items, tuple };
}

function evaluateDictionary(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const parts = childrenOf(node).filter((part) => !['{', '}', ',', 'Comment'].includes(part.name));
  const entries: { key: Value; value: Value }[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].name === '**' && parts[i + 1]) {
      const spread = evaluate(parts[++i], state, frame);
      if (spread.kind !== 'dict') return spread.kind === 'opaque' ? spread : opaque(`cannot unpack ${state.shortText(parts[i])}`);
      entries.push(...spread.entries);
    } else if (parts[i + 1]?.name === ':' && parts[i + 2]) {
      entries.push({ key: evaluate(parts[i], state, frame), value: evaluate(parts[i + 2], state, frame) });
      i += 2;
    } else {
      return opaque(`unsupported dictionary expression: ${state.shortText(node)}`);
    }
  }
  return { kind: 'dict', entries };
}

function evaluateMember(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const object = node.firstChild;
  const last = node.lastChild;
  if (!object || !last) return opaque('malformed attribute access');
  const target = evaluate(object, state, frame);
  if (last.name === 'PropertyName') return workspaceValue(getAttribute(target, state.textOf(last), state, node), state);
  const inner = childrenOf(node).slice(1).filter((part) => !['[', ']', 'Comment'].includes(part.name));
  if (inner.some((part) => part.name === ':')) return sliced(target, inner, state, frame, node);
  if (inner.length !== 1) return opaque(`unsupported subscript: ${state.shortText(node)}`);
  return subscript(target, evaluate(inner[0], state, frame), state, node);
}

/** `s[start:stop:step]` of a string, list or tuple, as Python slices (rucio's `schema[:-1]`). */
function sliced(target: Value, inner: SyntaxNode[], state: InterpreterState, frame: Frame, node: SyntaxNode): Value {
  // The parts between the colons, each an expression or nothing: [start, stop, step].
  const bounds: (SyntaxNode | undefined)[] = [undefined];
  for (const part of inner) {
    if (part.name === ':') bounds.push(undefined);
    else if (bounds[bounds.length - 1] === undefined) bounds[bounds.length - 1] = part;
    else return opaque(`unsupported subscript: ${state.shortText(node)}`);
  }
  if (bounds.length > 3) return opaque(`unsupported subscript: ${state.shortText(node)}`);
  const numbers: (number | undefined)[] = [];
  for (const bound of bounds) {
    const value = bound ? evaluate(bound, state, frame) : NONE;
    if (value.kind === 'opaque') return value;
    if (value.kind === 'none') numbers.push(undefined);
    else if (value.kind === 'num' && Number.isInteger(value.value)) numbers.push(value.value);
    else return opaque(`slice bounds that are not integers: ${state.shortText(node)}`);
  }
  if (target.kind === 'opaque') return target;
  if (target.kind !== 'str' && target.kind !== 'seq') return opaque(`unsupported slice of ${target.kind}: ${state.shortText(node)}`);
  // Python slices a str by code points.
  const items: readonly unknown[] = target.kind === 'str' ? Array.from(target.value) : target.items;
  const positions = slicePositions(items.length, numbers[0], numbers[1], numbers[2]);
  if (positions === undefined) return raising('slice step cannot be zero');
  if (target.kind === 'str') return str(positions.map((at) => items[at] as string).join(''));
  return { kind: 'seq', items: positions.map((at) => target.items[at]), tuple: target.tuple };
}

/** The positions a slice takes from a sequence of `length` items (CPython's PySlice_AdjustIndices); undefined for a zero step. */
export function slicePositions(length: number, start: number | undefined, stop: number | undefined, step = 1): number[] | undefined {
  if (step === 0) return undefined;
  const clamp = (value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (value < 0) return Math.max(value + length, step < 0 ? -1 : 0);
    return Math.min(value, step < 0 ? length - 1 : length);
  };
  const first = clamp(start, step < 0 ? length - 1 : 0);
  const end = clamp(stop, step < 0 ? -1 : length);
  const positions: number[] = [];
  for (let at = first; step > 0 ? at < end : at > end; at += step) positions.push(at);
  return positions;
}

function subscript(target: Value, index: Value, state: InterpreterState, node: SyntaxNode): Value {
  if (target.kind === 'opaque') {
    if (target.queryResult) state.effect(target.reason);
    return target;
  }
  if (index.kind === 'opaque') return index;
  if ((target.kind === 'seq' || target.kind === 'str') && index.kind === 'num' && Number.isInteger(index.value)) {
    // Python indexes a str by code points (an emoji is one character, two UTF-16 units).
    const items: readonly unknown[] = target.kind === 'seq' ? target.items : Array.from(target.value);
    const position = index.value < 0 ? items.length + index.value : index.value;
    if (position < 0 || position >= items.length) return opaque(`index out of range: ${state.shortText(node)}`);
    return target.kind === 'seq' ? target.items[position] : str(items[position] as string);
  }
  if (target.kind === 'dict') {
    const key = equalityKey(index);
    const entry = target.entries.find((candidate) => equalityKey(candidate.key) === key && key !== undefined);
    return entry ? entry.value : opaque(`key not found: ${state.shortText(node)}`);
  }
  if (target.kind === 'sql') {
    const element = sqlSubscript(target, index);
    if (element) return element;
  }
  return getAttribute(target, pythonStr(index) ?? '', state, node, true);
}

function evaluateBinaryNode(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  if (parts.length < 3) return opaque(`malformed expression: ${state.shortText(node)}`);
  const left = parts[0];
  const right = parts[parts.length - 1];
  const operator = parts
    .slice(1, -1)
    .map((part) => state.textOf(part))
    .join(' ');
  // `and` / `or` short-circuit like Python, which keeps `if not is_offline and ...` decidable.
  if (operator === 'and' || operator === 'or') {
    const leftValue = evaluate(left, state, frame);
    const truth = truthiness(leftValue);
    if (truth === undefined) {
      const rightValue = evaluate(right, state, frame);
      const rightTruth = truthiness(rightValue);
      if (operator === 'and' && rightTruth === false) return rightValue;
      if (operator === 'or' && rightTruth === true) return rightValue;
      return leftValue.kind === 'mode' ? opaque('the condition combines offline mode with another test') : leftValue;
    }
    if (operator === 'and') return truth ? evaluate(right, state, frame) : leftValue;
    return truth ? leftValue : evaluate(right, state, frame);
  }
  if (COMPARISONS.has(operator) && left.name === 'BinaryExpression') {
    const chain = comparisonChain(node, state);
    if (chain) return evaluateComparisonChain(chain, node, state, frame);
  }
  const leftValue = evaluate(left, state, frame);
  const rightValue = evaluate(right, state, frame);
  const setting = environmentMembership(operator, leftValue, rightValue, state);
  if (setting) return setting;
  return evaluateBinary(operator, leftValue, rightValue, () => state.shortText(node));
}

/**
 * `"NAME" in os.environ` (fabric8-analytics' env.py picks its target_metadata so): whether the
 * variable is set in the engine's environment, as `os.environ.get()` reads it, recorded as a
 * dependency. Undefined for any other membership test.
 */
function environmentMembership(operator: string, left: Value, right: Value, state: InterpreterState): Value | undefined {
  if (operator !== 'in' && operator !== 'not in') return undefined;
  if (left.kind !== 'str' || right.kind !== 'symbol' || right.qname !== 'os.environ') return undefined;
  const set = readEnvironmentVariable(left.value, state) !== undefined;
  return { kind: 'bool', value: operator === 'in' ? set : !set };
}

/** Python's comparison operators, as the operator text of a BinaryExpression joins them. */
const COMPARISONS = new Set(['<', '>', '==', '>=', '<=', '!=', '<>', 'in', 'not in', 'is', 'is not']);

interface ComparisonChain {
  operands: SyntaxNode[];
  operators: string[];
}

/**
 * `a < b <= c`: lezer nests a chain to the left, as if it were `(a < b) <= c`, but Python reads
 * it as `a < b and b <= c` with `b` evaluated once. Undefined when the left operand is not itself
 * a comparison (a parenthesized one is a ParenthesizedExpression, not part of the chain).
 */
function comparisonChain(node: SyntaxNode, state: InterpreterState): ComparisonChain | undefined {
  const operands: SyntaxNode[] = [];
  const operators: string[] = [];
  let current: SyntaxNode = node;
  for (;;) {
    const parts = childrenOf(current).filter((part) => part.name !== 'Comment');
    const operator = parts.slice(1, -1).map((part) => state.textOf(part)).join(' ');
    if (parts.length < 3 || !COMPARISONS.has(operator)) break;
    operands.unshift(parts[parts.length - 1]);
    operators.unshift(operator);
    if (parts[0].name !== 'BinaryExpression') {
      operands.unshift(parts[0]);
      return operands.length > 2 ? { operands, operators } : undefined;
    }
    current = parts[0];
  }
  // The innermost expression is not a comparison (`a + b < c < d`): it is the first operand.
  operands.unshift(current);
  return operands.length > 2 ? { operands, operators } : undefined;
}

/** Each comparison in turn, stopping at the first false one, whose value is the chain's (as Python's `and`). */
function evaluateComparisonChain(chain: ComparisonChain, node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  let left = evaluate(chain.operands[0], state, frame);
  for (let at = 0; at < chain.operators.length; at++) {
    const right = evaluate(chain.operands[at + 1], state, frame);
    const result = evaluateBinary(chain.operators[at], left, right, () => state.shortText(node));
    if (at === chain.operators.length - 1) return result;
    const truth = truthiness(result);
    if (truth === false) return result;
    if (truth === undefined) return result.kind === 'opaque' ? result : opaque(`the truth of ${state.shortText(node)} is known only at run time`);
    left = right;
  }
  return left;
}

/** Why decodeStringLiteral gave no value: a named escape (`\N{BULLET}`) it refuses, or `fallback`. */
function undecodedReason(literal: string, fallback: string): string {
  return /\\N\{/.test(literal) ? `a named Unicode escape (${/\\N\{[^}]*\}?/.exec(literal)?.[0]}): the engine has no Unicode name table to decode it` : fallback;
}

function evaluateFormatString(node: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const raw = state.textOf(node);
  const replacements = childrenOf(node).filter((part) => part.name === 'FormatReplacement');
  // Decode the literal parts once, with a marker standing for each replacement field.
  let template = '';
  let cursor = node.from;
  for (const field of replacements) {
    template += state.source.slice(cursor, field.from) + '\u0000';
    cursor = field.to;
  }
  template += state.source.slice(cursor, node.to);
  const prefixLength = /^[a-zA-Z]*/.exec(raw)?.[0].length ?? 0;
  const prefix = raw.slice(0, prefixLength).replace(/[fF]/g, '');
  const decoded = decodeStringLiteral(prefix + template.slice(prefixLength));
  if (decoded === undefined) return opaque(undecodedReason(raw, 'malformed f-string'));
  const pieces = decoded.split('\u0000').map((piece) => piece.replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
  let out = pieces[0];
  for (let i = 0; i < replacements.length; i++) {
    const formatted = formatField(replacements[i], state, frame);
    if (formatted.kind !== 'str') return formatted;
    out += formatted.value + (pieces[i + 1] ?? '');
  }
  return str(out);
}

function formatField(field: SyntaxNode, state: InterpreterState, frame: Frame): Value {
  const parts = childrenOf(field).filter((part) => !['{', '}', 'Comment'].includes(part.name));
  const expression = parts[0];
  if (!expression) return opaque('empty f-string field');
  const value = evaluate(expression, state, frame);
  // A value known only by its str() (a quoted_name) is formatted as that text.
  if (value.kind === 'opaque' && value.text === undefined) return value;
  const conversion = parts.find((part) => part.name === 'FormatConversion');
  const specNode = parts.find((part) => part.name === 'FormatSpec');
  const spec = specNode ? state.textOf(specNode).slice(1) : '';
  // A spec with fields of its own (`{x:{width}}`) is not evaluated.
  if (spec.includes('{')) return opaque(`f-string format specification :${spec} is not evaluated`);
  // `{name=}` (Python 3.8) prints the expression's text as written, through the `=` and the spaces
  // after it, then the value's repr() unless a conversion or a format specification says otherwise.
  const selfDoc = parts.find((part) => part.name === 'FormatSelfDoc');
  const shown = selfDoc ? state.source.slice(field.from + 1, selfDoc.nextSibling?.from ?? selfDoc.to) : '';
  const conversionText = conversion ? state.textOf(conversion) : selfDoc && spec === '' ? '!r' : undefined;
  if (conversionText !== undefined && conversionText !== '!r' && conversionText !== '!s') return opaque(`f-string conversion ${conversionText} is not evaluated`);
  let text: string | undefined;
  if (conversionText !== undefined) {
    const converted = conversionText === '!r' ? pythonRepr(value) : pythonStr(value);
    text = converted === undefined ? undefined : formatWithSpec(str(converted), spec);
  } else if (spec !== '') {
    text = value.kind === 'enumMember' ? undefined : formatWithSpec(value, spec);
    if (text === undefined) return opaque(`f-string format specification :${spec} of ${state.shortText(expression)} is not one the engine reproduces`);
  } else text = value.kind === 'enumMember' ? formattedEnumMember(value) : pythonStr(value);
  return text === undefined ? opaque(`f-string field is not a literal: ${state.shortText(expression)}`) : str(shown + text);
}

/** What each child of an argument list is: part of an argument, punctuation, or the `for` of a generator. */
const ARGUMENT_PARTS = new ByNodeType<'argument' | 'punctuation' | 'for'>((name) => (name === 'for' ? 'for' : ARGUMENT_LIST_PUNCTUATION.has(name) ? 'punctuation' : 'argument'));

/**
 * Evaluates an ArgList, expanding `*seq` and `**dict` of known values. The arguments are split
 * as `rawArguments` splits them, in one walk of the children and without an object per argument:
 * this runs for every call of every migration.
 */
export function evaluateArguments(argList: SyntaxNode, state: InterpreterState, frame: Frame): CallArgs {
  const args: CallArgs = { positional: [], keywords: NO_KEYWORDS, node: argList };
  const parts: SyntaxNode[] = [];
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    const part = ARGUMENT_PARTS.of(child.type);
    // `f(x for x in xs)`: the argument list itself is a generator expression.
    if (part === 'for') {
      args.positional.push({ value: evaluateComprehension(argList, state, frame), node: argList });
      return args;
    }
    if (part === 'argument') parts.push(child);
  }
  // Made at the first keyword: many calls have none (`sa.Integer()`, `op.f("name")`).
  let keywords: Map<string, Arg> | undefined;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const name = part.name;
    if (name === '*' || name === '**') {
      const target = parts[++i];
      if (target) keywords = spreadArgument(args, keywords, name === '*', target, evaluate(target, state, frame), state);
    } else if (name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      const node = parts[i + 2];
      if (keywords === undefined) args.keywords = keywords = new Map<string, Arg>();
      const keyword = state.source.slice(part.from, part.to);
      // Written twice is a SyntaxError (compileChecks); here the first came from a `**dict`.
      if (keywords.has(keyword)) args.repeatedKeyword ??= keyword;
      keywords.set(keyword, { value: evaluate(node, state, frame), node });
      i += 2;
    } else {
      args.positional.push({ value: evaluate(part, state, frame), node: part });
    }
  }
  return args;
}

/** The keywords of a call without any: shared, and read-only to every reader of `CallArgs`. */
const NO_KEYWORDS: ReadonlyMap<string, Arg> = new Map();

/** Adds `*seq` or `**dict` to the arguments; returns the keyword map, made when the dict adds the first. */
function spreadArgument(args: CallArgs, keywords: Map<string, Arg> | undefined, star: boolean, node: SyntaxNode, value: Value, state: InterpreterState): Map<string, Arg> | undefined {
  if (star && value.kind === 'seq') {
    for (const item of value.items) args.positional.push({ value: item, node });
  } else if (!star && value.kind === 'dict' && value.entries.every((entry) => entry.key.kind === 'str')) {
    // Against the keywords given before this dict only: a dict holds each key once.
    const before = keywords === undefined ? undefined : new Set(keywords.keys());
    for (const entry of value.entries) {
      if (keywords === undefined) args.keywords = keywords = new Map<string, Arg>();
      const keyword = (entry.key as { value: string }).value;
      if (before?.has(keyword)) args.repeatedKeyword ??= keyword;
      keywords.set(keyword, { value: entry.value, node });
    }
  } else {
    args.unknownSplat = value.kind === 'opaque' ? value.reason : `arguments unpacked from ${state.shortText(node)}`;
  }
  return keywords;
}
