/**
 * Token sequences lezer's grammar accepts and CPython's parser does not: Python 2's `<>` and
 * `raise E, value`, and an empty statement between two `;` (`a = 1;; b`).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

export function refusedTokenErrors(node: SyntaxNode, text: string): CompileError[] {
  const error = refusedTokenError(node, text);
  return error ? [error] : [];
}

function refusedTokenError(node: SyntaxNode, text: string): CompileError | undefined {
  switch (node.name) {
    case 'CompareOp':
      return text.slice(node.from, node.to) === '<>' ? syntaxError(CompileStage.Parser, node.from, node.to, 'invalid syntax') : undefined;
    case 'RaiseStatement': {
      const comma = childrenOf(node).find((child) => child.name === ',');
      return comma ? syntaxError(CompileStage.Parser, comma.from, comma.to, 'invalid syntax') : undefined;
    }
    case 'StatementGroup': {
      let previous = '';
      for (const child of childrenOf(node)) {
        if (child.name === 'Comment') continue;
        if (child.name === ';' && previous === ';') return syntaxError(CompileStage.Parser, child.from, child.to, 'invalid syntax');
        previous = child.name;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

