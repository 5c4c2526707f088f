/**
 * Lezer's Python tree keeps call arguments, parameters, bare tuples and assignment targets flat:
 * `f(a=1, *b)` is ArgList("(", VariableName, AssignOp, Number, ",", "*", VariableName, ")").
 * These helpers cut such child lists into the pieces Python's grammar sees.
 */
import { childrenOf, isParseError, type SyntaxNode } from '../parser';

/** The children of `node` cut at each token named `separator` (empty pieces are kept out). */
export function splitChildren(children: SyntaxNode[], separator: string): SyntaxNode[][] {
  const pieces: SyntaxNode[][] = [[]];
  for (const child of children) {
    if (child.name === separator) pieces.push([]);
    else pieces[pieces.length - 1].push(child);
  }
  return pieces.filter((piece) => piece.length > 0);
}

/**
 * A call's arguments cut at its commas, except those of a generator's `for` target
 * (`f(k for k, v in items)` is one argument).
 */
export function splitArguments(children: SyntaxNode[]): SyntaxNode[][] {
  const pieces: SyntaxNode[][] = [[]];
  let inLoopTarget = false;
  for (const child of children) {
    if (child.name === 'for') inLoopTarget = true;
    else if (child.name === 'in') inLoopTarget = false;
    if (child.name === ',' && !inLoopTarget) pieces.push([]);
    else pieces[pieces.length - 1].push(child);
  }
  return pieces.filter((piece) => piece.length > 0);
}

/** The children between a bracketed node's brackets (a ParamList of a lambda has none). */
export function insideBrackets(node: SyntaxNode): SyntaxNode[] {
  return childrenOf(node).filter((child) => !['(', ')', '[', ']', '{', '}', 'Comment'].includes(child.name));
}

/** How many `separator` tokens sit directly in `children`. */
export function countTokens(children: SyntaxNode[], name: string): number {
  return children.filter((child) => child.name === name).length;
}

export function spanOf(piece: SyntaxNode[]): { from: number; to: number } {
  return { from: piece[0].from, to: piece[piece.length - 1].to };
}

/** The first syntax error lezer left in a tree (a snippet parsed on its own), if any. */
export function firstParseError(node: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  node.cursor().iterate((ref) => {
    if (found) return false;
    if (ref.type.isError && isParseError(ref.node)) found = ref.node;
    return undefined;
  });
  return found;
}
