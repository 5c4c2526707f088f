/**
 * A parameter list's shape, which CPython's grammar checks and lezer's does not (`def f(a=1, b)`,
 * `def f(*)`, `def f(**k, a)`, `def f(*a, *b)`), and duplicate parameter names, which its symbol
 * table refuses (`def f(a, a)`, `lambda a, a: 1`).
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { insideBrackets, splitChildren } from './nodeParts';
import { nextCodeChar } from '../relaxed/codeScan';

export function parameterErrors(paramList: SyntaxNode, text: string): CompileError[] {
  const pieces = splitChildren(insideBrackets(paramList), ',');
  const errors: CompileError[] = [];
  const shape = shapeError(withDefSlashes(pieces, paramList, text), paramList.parent?.name === 'LambdaExpression' ? paramList.nextSibling : null, text);
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

/** A `/` of a def's parameters: lezer's tree keeps no node for it, only the text between two nodes holds it. */
type Slash = { readonly from: number; readonly to: number };

/** The pieces with a Slash where each `/` of a def is written, in order (a lambda's reach lezer as `*` nodes). */
function withDefSlashes(pieces: SyntaxNode[][], paramList: SyntaxNode, text: string): (SyntaxNode[] | Slash)[] {
  const children = childrenOf(paramList);
  const slashes: Slash[] = [];
  for (let index = 1; index < children.length; index++) {
    const gap = text.slice(children[index - 1].to, children[index].from);
    const at = gap.indexOf('/');
    if (at >= 0) slashes.push({ from: children[index - 1].to + at, to: children[index - 1].to + at + 1 });
  }
  if (slashes.length === 0) return pieces;
  const ordered: (SyntaxNode[] | Slash)[] = [...pieces, ...slashes];
  return ordered.sort((a, b) => startOf(a) - startOf(b));
}

function startOf(piece: SyntaxNode[] | Slash): number {
  return Array.isArray(piece) ? piece[0].from : piece.from;
}

/** Where a parameter ends for CPython: its annotation included, its default not. */
function annotatedEnd(piece: SyntaxNode[], name: SyntaxNode): number {
  const annotation = piece.find((child) => child.name === 'TypeDef');
  return annotation ? annotation.to : name.to;
}

/** `lambdaColon`: the `:` after a lambda's parameters (null for a def). */
function shapeError(pieces: (SyntaxNode[] | Slash)[], lambdaColon: SyntaxNode | null, text: string): CompileError | undefined {
  let sawDefault = false;
  let sawStar = false;
  let sawDoubleStar = false;
  let sawSlash = false;
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index];
    const at = Array.isArray(piece) ? piece[0] : piece;
    if (sawDoubleStar) return syntaxError(CompileStage.Parser, at.from, at.to, 'arguments cannot follow var-keyword argument');
    // A lambda's `/` reaches lezer as `*` (relaxed/lambdaPositionalOnly.ts): the real text tells.
    if (!Array.isArray(piece) || piece[0].name === '/' || text[at.from] === '/') {
      // CPython names the mistake only for a `/` followed by a comma (its invalid_parameters rule).
      if (index === 0) return syntaxError(CompileStage.Parser, at.from, at.to, text[nextCodeChar(text, at.to, 1)] === ',' ? 'at least one argument must precede /' : 'invalid syntax');
      if (sawSlash) return syntaxError(CompileStage.Parser, at.from, at.to, '/ may appear only once');
      if (sawStar || sawDoubleStar) return syntaxError(CompileStage.Parser, at.from, at.to, '/ must be ahead of *');
      sawSlash = true;
      continue;
    }
    const first = piece[0];
    if (first.name === '**') {
      sawDoubleStar = true;
      continue;
    }
    if (first.name === '*') {
      if (sawStar) return syntaxError(CompileStage.Parser, first.from, first.to, '* argument may appear only once');
      sawStar = true;
      if (piece.length === 1 && !namedParameterFollows(pieces, index)) {
        // CPython's lambda rule points at the token after the bare `*`; its def rule at the `*`.
        const following = pieces[index + 1];
        const at = lambdaColon ? ((Array.isArray(following) ? following[0] : following) ?? lambdaColon) : first;
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

function namedParameterFollows(pieces: (SyntaxNode[] | Slash)[], starIndex: number): boolean {
  const next = pieces[starIndex + 1];
  return Array.isArray(next) && next[0].name === 'VariableName';
}
