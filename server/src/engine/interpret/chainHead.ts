/**
 * The name an attribute, subscript or call chain starts from (`a` of `a.b[0].c()`); undefined when
 * it starts from anything else (a literal, a parenthesized expression).
 */
import type { SyntaxNode } from '../../python/parser';

export function chainHead(node: SyntaxNode | null): SyntaxNode | undefined {
  let current = node;
  while (current && (current.name === 'MemberExpression' || current.name === 'CallExpression')) current = current.firstChild;
  return current?.name === 'VariableName' ? current : undefined;
}
