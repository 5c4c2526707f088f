/**
 * Evaluates the right-hand side of a header assignment to literal strings, None, sequences or
 * references to imported constants. Anything else is reported with its range; nothing is guessed.
 */
import { emptyList } from '../common/emptyList';
import type { Problem } from '../common/problem';
import type { LineIndex } from '../common/range';
import { childrenOf, decodeStringLiteral, textOf, type SyntaxNode } from './parser';
import type { HeaderItem, HeaderValue, HeaderVariableName } from './headerTypes';
import { joinModule, type ImportBinding } from './imports';

export interface ValueContext {
  file: string;
  source: string;
  lines: LineIndex;
  bindings: ReadonlyMap<string, ImportBinding>;
  /** Module-level names assigned a plain string literal earlier in the file. */
  localStrings: ReadonlyMap<string, string>;
  problems: Problem[];
}

const SEQUENCE_NODES = new Set(['TupleExpression', 'ArrayExpression', 'SetExpression']);
const WRONG_TYPE_NODES = new Set(['Number', 'Boolean', 'DictionaryExpression', 'Ellipsis', 'Bytes']);
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', 'Comment']);

/** What each variable accepts, for the wrong-type message. */
const EXPECTED: Record<HeaderVariableName, string> = {
  revision: 'a string',
  down_revision: 'None, a string, or a tuple or list of strings',
  branch_labels: 'None, a string, or a tuple or list of strings',
  depends_on: 'None, a string, or a tuple or list of strings',
};

/** `valueNodes`: the nodes after the last `=` (several for an unparenthesised tuple `a = "x", "y"`). */
export function evaluateHeaderValue(variable: HeaderVariableName, valueNodes: SyntaxNode[], ctx: ValueContext): HeaderValue {
  const meaningful = valueNodes.filter((node) => !PUNCTUATION.has(node.name));
  const first = valueNodes[0];
  const last = valueNodes[valueNodes.length - 1];
  const range = ctx.lines.rangeOf(first.from, last.to);
  const isFlatTuple = valueNodes.some((node) => node.name === ',');
  const single = unwrapParens(meaningful[0]);
  // `down_revision = "a" if True else None` (ERP-BERHAN): a literal condition picks its branch.
  const taken = !isFlatTuple && meaningful.length === 1 ? takenBranch(single, ctx.source) : undefined;
  if (taken) return evaluateHeaderValue(variable, [taken], ctx);
  let value: HeaderValue;
  if (!isFlatTuple && meaningful.length === 1 && single.name === 'None') {
    value = { shape: 'none', items: emptyList(), range };
  } else if (isFlatTuple || (meaningful.length === 1 && SEQUENCE_NODES.has(single.name))) {
    const elements = isFlatTuple ? meaningful : childrenOf(single).filter((node) => !PUNCTUATION.has(node.name));
    value = { shape: 'sequence', items: elements.map((node) => evaluateItem(variable, node, ctx)), range };
  } else if (meaningful.length === 1) {
    const item = evaluateItem(variable, single, ctx);
    value = { shape: item.kind === 'invalid' ? 'invalid' : 'scalar', items: [item], range };
  } else {
    value = { shape: 'invalid', items: emptyList(), range };
    report(ctx, 'non-literal-value', 'warning', `The value of '${variable}' is not a literal; it cannot be read statically.`, first.from, last.to, { variable });
  }
  if (variable === 'revision' && (value.shape === 'none' || value.shape === 'sequence')) {
    report(ctx, 'invalid-value-type', 'error', `'revision' must be ${EXPECTED.revision}.`, first.from, last.to, { variable });
    return { shape: 'invalid', items: emptyList(), range };
  }
  return value;
}

/** The branch `x if <literal> else y` takes, by Python's truth of the literal; undefined otherwise. */
function takenBranch(node: SyntaxNode, source: string): SyntaxNode | undefined {
  if (node.name !== 'ConditionalExpression') return undefined;
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const ifAt = parts.findIndex((part) => part.name === 'if');
  const elseAt = parts.findIndex((part) => part.name === 'else');
  if (ifAt !== 1 || elseAt !== 3 || parts.length !== 5) return undefined;
  const condition = unwrapParens(parts[2]);
  const text = textOf(source, condition);
  let truth: boolean | undefined;
  if (condition.name === 'Boolean') truth = text === 'True';
  else if (condition.name === 'None') truth = false;
  else if (condition.name === 'Number' && /^[\d_]+$/.test(text)) truth = Number(text.replace(/_/g, '')) !== 0;
  else {
    const literal = stringLiteralOf(condition, source);
    if (literal !== undefined) truth = literal.length > 0;
  }
  if (truth === undefined) return undefined;
  return truth ? parts[0] : parts[4];
}

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenthesizedExpression') {
    const inner = childrenOf(current).filter((child) => !PUNCTUATION.has(child.name));
    if (inner.length !== 1) break;
    current = inner[0];
  }
  return current;
}

function evaluateItem(variable: HeaderVariableName, raw: SyntaxNode, ctx: ValueContext): HeaderItem {
  const node = unwrapParens(raw);
  const range = ctx.lines.rangeOf(node.from, node.to);
  const literal = stringLiteralOf(node, ctx.source);
  if (literal !== undefined) return { kind: 'string', value: literal, range };
  if (node.name === 'String' || node.name === 'ContinuedString') {
    report(ctx, 'python-syntax-error', 'error', `Malformed string literal in '${variable}'.`, node.from, node.to, { variable });
    return { kind: 'invalid', range };
  }
  if (WRONG_TYPE_NODES.has(node.name) || node.name === 'None') {
    const shown = textOf(ctx.source, node).slice(0, 40);
    report(ctx, 'invalid-value-type', 'error', `'${variable}' must be ${EXPECTED[variable]}; found ${shown}.`, node.from, node.to, { variable });
    return { kind: 'invalid', range };
  }
  if (node.name === 'VariableName') {
    const name = textOf(ctx.source, node);
    const local = ctx.localStrings.get(name);
    if (local !== undefined) return { kind: 'string', value: local, range };
    const binding = ctx.bindings.get(name);
    if (binding?.kind === 'name' && binding.name) {
      return { kind: 'reference', reference: { module: binding.module, name: binding.name, range }, range };
    }
  }
  if (node.name === 'MemberExpression') {
    const reference = memberReference(node, ctx);
    if (reference) return { kind: 'reference', reference: { ...reference, range }, range };
  }
  if (node.name === 'BinaryExpression') {
    const joined = concatenation(node, ctx);
    if (joined !== undefined) return { kind: 'string', value: joined, range };
  }
  const shown = textOf(ctx.source, node).slice(0, 40);
  report(ctx, 'non-literal-value', 'warning', `'${shown}' in '${variable}' is not a literal or an imported constant; it cannot be read statically.`, node.from, node.to, { variable });
  return { kind: 'invalid', range };
}

/**
 * `PREFIX + "2"`, `"a" + "b"`: Python's concatenation of strings the reader knows (literals and
 * this file's string constants); undefined for anything else.
 */
function concatenation(raw: SyntaxNode, ctx: ValueContext): string | undefined {
  const node = unwrapParens(raw);
  const literal = stringLiteralOf(node, ctx.source);
  if (literal !== undefined) return literal;
  if (node.name === 'VariableName') return ctx.localStrings.get(textOf(ctx.source, node));
  if (node.name !== 'BinaryExpression') return undefined;
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  if (parts.length !== 3 || textOf(ctx.source, parts[1]) !== '+') return undefined;
  const left = concatenation(parts[0], ctx);
  const right = left === undefined ? undefined : concatenation(parts[2], ctx);
  return left === undefined || right === undefined ? undefined : left + right;
}

/** Decodes `"x"`, `'x' "y"` (implicit concatenation); undefined for f-strings, bytes and malformed tokens. */
export function stringLiteralOf(node: SyntaxNode, source: string): string | undefined {
  if (node.name === 'String') {
    const raw = textOf(source, node);
    if (isBytesLiteral(raw)) return undefined;
    return decodeStringLiteral(raw);
  }
  if (node.name === 'ContinuedString') {
    let out = '';
    for (const part of childrenOf(node)) {
      const piece = stringLiteralOf(part, source);
      if (piece === undefined) return undefined;
      out += piece;
    }
    return out;
  }
  return undefined;
}

function isBytesLiteral(raw: string): boolean {
  for (const ch of raw) {
    if (ch === '"' || ch === "'") return false;
    if (ch === 'b' || ch === 'B') return true;
  }
  return false;
}

/** `cli.EXPAND_BRANCH` / `pkg.mod.NAME` where the root is an imported name. */
function memberReference(node: SyntaxNode, ctx: ValueContext): { module: string; name: string } | undefined {
  const chain: string[] = [];
  let current: SyntaxNode | null = node;
  while (current && current.name === 'MemberExpression') {
    const parts = childrenOf(current);
    const property = parts[parts.length - 1];
    if (parts.length !== 3 || property.name !== 'PropertyName') return undefined;
    chain.unshift(textOf(ctx.source, property));
    current = parts[0];
  }
  if (!current || current.name !== 'VariableName') return undefined;
  const binding = ctx.bindings.get(textOf(ctx.source, current));
  if (!binding) return undefined;
  let module = binding.kind === 'module' ? binding.module : joinModule(binding.module, binding.name ?? '');
  for (const middle of chain.slice(0, -1)) module = joinModule(module, middle);
  return { module, name: chain[chain.length - 1] };
}

function report(
  ctx: ValueContext,
  code: string,
  severity: Problem['severity'],
  message: string,
  from: number,
  to: number,
  data?: Record<string, unknown>,
): void {
  ctx.problems.push({ code, severity, message, file: ctx.file, range: ctx.lines.rangeOf(from, to), related: [], data });
}
