/**
 * What CPython calls an expression in its "cannot assign to ..." / "cannot delete ..." messages
 * (pegen's _PyPegen_get_expr_name), from lezer's node names.
 */
import type { SyntaxNode } from '../parser';

const NAMES: Record<string, string> = {
  CallExpression: 'function call',
  Number: 'literal',
  String: 'literal',
  Ellipsis: 'ellipsis',
  None: 'None',
  UnaryExpression: 'expression',
  ConditionalExpression: 'conditional expression',
  LambdaExpression: 'lambda',
  DictionaryExpression: 'dict literal',
  SetExpression: 'set display',
  ArrayComprehensionExpression: 'list comprehension',
  SetComprehensionExpression: 'set comprehension',
  DictionaryComprehensionExpression: 'dict comprehension',
  ComprehensionExpression: 'generator expression',
  AwaitExpression: 'await expression',
  YieldExpression: 'yield expression',
  NamedExpression: 'named expression',
  FormatString: 'f-string expression',
};

/** CPython's name for an expression that is no target, or undefined when lezer's node is not known here. */
export function expressionName(node: SyntaxNode, text: string): string | undefined {
  if (node.name === 'Boolean') return text.slice(node.from, node.to);
  if (node.name === 'BinaryExpression') return isComparison(node) ? 'comparison' : 'expression';
  if (node.name === 'ContinuedString') return hasChild(node, 'FormatString') ? 'f-string expression' : 'literal';
  return NAMES[node.name];
}

function isComparison(node: SyntaxNode): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'CompareOp' || child.name === 'in' || child.name === 'is') return true;
  }
  return false;
}

function hasChild(node: SyntaxNode, name: string): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) return true;
  return false;
}

/**
 * Whether the expression is what CPython's grammar calls a `bitwise_or` (an operand of a comparison):
 * not a comparison, `not`, `and`/`or`, conditional, lambda or assignment expression.
 */
export function isBitwiseOrLevel(node: SyntaxNode): boolean {
  if (node.name === 'BinaryExpression') return !isComparison(node) && !hasChild(node, 'and') && !hasChild(node, 'or');
  if (node.name === 'UnaryExpression') return !hasChild(node, 'not');
  return !['ConditionalExpression', 'LambdaExpression', 'NamedExpression', 'YieldExpression'].includes(node.name);
}
