/**
 * A parameter list's shape, which CPython's grammar checks and lezer's does not (`def f(a=1, b)`,
 * `def f(*)`, `def f(**k, a)`, `def f(*a, *b)`), and duplicate parameter names, which its symbol
 * table refuses (`def f(a, a)`, `lambda a, a: 1`).
 */
import type { SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { insideBrackets, splitChildren } from './nodeParts';

export function parameterErrors(paramList: SyntaxNode, text: string): CompileError[] {
  const pieces = splitChildren(insideBrackets(paramList), ',');
  const errors: CompileError[] = [];
  const shape = shapeError(pieces, paramList.parent?.name === 'LambdaExpression' ? paramList.nextSibling : null, text);
  if (shape) return [shape];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const name = piece.find((child) => child.name === 'VariableName');
    if (!name) continue;
    const spelled = text.slice(name.from, name.to);
    if (seen.has(spelled)) {
      errors.push(syntaxError(CompileStage.SymbolTable, name.from, annotatedEnd(piece, name), `duplicate argument '${spelled}' in function definition`));
      break;
    }
    seen.add(spelled);
  }
  return errors;
}

/** Where a parameter ends for CPython: its annotation included, its default not. */
function annotatedEnd(piece: SyntaxNode[], name: SyntaxNode): number {
  const annotation = piece.find((child) => child.name === 'TypeDef');
  return annotation ? annotation.to : name.to;
}

/** `lambdaColon`: the `:` after a lambda's parameters (null for a def). */
function shapeError(pieces: SyntaxNode[][], lambdaColon: SyntaxNode | null, text: string): CompileError | undefined {
  let sawDefault = false;
  let sawStar = false;
  let sawDoubleStar = false;
  let sawSlash = false;
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index];
    const first = piece[0];
    if (sawDoubleStar) return syntaxError(CompileStage.Parser, first.from, first.to, 'arguments cannot follow var-keyword argument');
    // A lambda's `/` reaches lezer as `*` (relaxed/lambdaPositionalOnly.ts): the real text tells.
    if (first.name === '/' || text[first.from] === '/') {
      if (sawSlash) return syntaxError(CompileStage.Parser, first.from, first.to, '/ may appear only once');
      if (sawStar || sawDoubleStar) return syntaxError(CompileStage.Parser, first.from, first.to, '/ must be ahead of *');
      sawSlash = true;
      continue;
    }
    if (first.name === '**') {
      sawDoubleStar = true;
      continue;
    }
    if (first.name === '*') {
      if (sawStar) return syntaxError(CompileStage.Parser, first.from, first.to, '* argument may appear only once');
      sawStar = true;
      if (piece.length === 1 && !namedParameterFollows(pieces, index)) {
        // CPython's lambda rule points at the token after the bare `*`; its def rule at the `*`.
        const at = lambdaColon ? (pieces[index + 1]?.[0] ?? lambdaColon) : first;
        return syntaxError(CompileStage.Parser, at.from, at.to, 'named arguments must follow bare *');
      }
      continue;
    }
    const hasDefault = piece.some((child) => child.name === 'AssignOp');
    if (hasDefault) sawDefault = true;
    else if (sawDefault && !sawStar) {
      const name = piece.find((child) => child.name === 'VariableName') ?? first;
      return syntaxError(CompileStage.Parser, name.from, annotatedEnd(piece, name), 'non-default argument follows default argument');
    }
  }
  return undefined;
}

function namedParameterFollows(pieces: SyntaxNode[][], starIndex: number): boolean {
  const next = pieces[starIndex + 1];
  return next !== undefined && next[0].name === 'VariableName';
}
