/**
 * One walk of the tree for the compile-time errors CPython raises where lezer's grammar is more
 * permissive than Python's. Iterative (tree.iterate), so a deeply nested expression costs no stack.
 */
import { childrenOf, type SyntaxNode, type Tree } from '../parser';
import type { CompileError } from './compileError';
import { callArgumentErrors, isClassBases } from './callArguments';
import { parameterErrors } from './parameters';
import { assignmentErrors, augmentedAssignmentError, starredGroupError, targetErrors } from './assignmentTargets';
import { scopeErrors } from './scopeStatements';
import { futureFeatureErrors } from './futureFeatures';
import { refusedTokenErrors } from './refusedTokens';
import { hasBackslash, numberLiteralErrors, stringLiteralErrors } from './literals';
import { matchPatternErrors } from './matchPatterns';
import { mappingKeyErrors, matchSubjectErrors } from './matchGrammar';
import { formatFieldLambdaErrors } from './formatFieldLambda';
import { tryHandlerErrors } from './tryHandlers';

/**
 * `placed`: false for an expression parsed on its own, away from the function or loop it is
 * written in (a relaxed decorator's): the checks of where a statement or expression may stand
 * are then left out, as they would judge the wrong place.
 */
export function grammarErrors(tree: Tree, text: string, placed = true): CompileError[] {
  const errors: CompileError[] = [...futureFeatureErrors(tree.topNode, text)];
  const scopeErrorsIfPlaced = placed ? scopeErrors : (): CompileError[] => [];
  tree.iterate({
    enter(ref) {
      // By the node's type and text first: making a node object for every node of the tree was
      // most of these checks' time, and most nodes (and most literals) can hold no error.
      const name = ref.name;
      if (!CHECKED.has(name)) return;
      if (name === 'Number' && !numberMayBeRefused(text, ref.from, ref.to)) return;
      if ((name === 'String' || name === 'FormatString') && !hasBytesPrefix(text, ref.from) && !hasBackslash(text, ref.from, ref.to)) return;
      const found = errorsAt(ref.node, text, scopeErrorsIfPlaced);
      if (found.length > 0) errors.push(...found);
    },
  });
  return errors;
}

/** The node types errorsAt looks at. */
const CHECKED = new Set([
  'ArgList', 'ParamList', 'AssignStatement', 'UpdateStatement', 'DeleteStatement', 'ParenthesizedExpression', 'ForStatement',
  'WithStatement', 'ArrayComprehensionExpression', 'SetComprehensionExpression', 'DictionaryComprehensionExpression',
  'ComprehensionExpression', 'ReturnStatement', 'BreakStatement', 'ContinueStatement', 'ScopeStatement', 'YieldStatement',
  'YieldExpression', 'AwaitExpression', 'Number', 'String', 'FormatString', 'ContinuedString', 'MatchStatement', 'CompareOp', 'RaiseStatement',
  'StatementGroup', 'MappingPattern', 'LambdaExpression', 'TryStatement',
]);

/** numberLiteralErrors answers only for a number starting with 0 or holding an underscore. */
function numberMayBeRefused(text: string, from: number, to: number): boolean {
  if (text.charCodeAt(from) === 48) return true;
  const underscore = text.indexOf('_', from);
  return underscore >= 0 && underscore < to;
}

/** stringLiteralErrors answers for a lone string only when its prefix (at most two letters) holds a b, or it holds a backslash. */
function hasBytesPrefix(text: string, from: number): boolean {
  for (let at = from; at < from + 2; at++) {
    const c = text.charCodeAt(at) | 32;
    if (c === 98) return true;
    if (c < 97 || c > 122) return false;
  }
  return false;
}

function errorsAt(node: SyntaxNode, text: string, scopeErrors: (node: SyntaxNode) => CompileError[]): CompileError[] {
  switch (node.name) {
    case 'ArgList':
      return node.parent?.name === 'CallExpression' || isClassBases(node) ? callArgumentErrors(node, text, isClassBases(node)) : [];
    case 'ParamList':
      return parameterErrors(node, text);
    case 'AssignStatement':
      return assignmentErrors(node, text);
    case 'UpdateStatement': {
      const error = augmentedAssignmentError(node, text);
      return error ? [error] : [];
    }
    case 'DeleteStatement':
      return targetErrors(childrenOf(node).filter((child) => child.name !== 'del' && child.name !== 'Comment'), 'delete', text);
    case 'ParenthesizedExpression': {
      const error = starredGroupError(node);
      return error ? [error] : [];
    }
    case 'ForStatement':
      return [...targetErrors(loopTarget(node), 'assign', text), ...scopeErrors(node)];
    case 'WithStatement':
      // Lezer's grammar already refuses a `with ... as` target that is not a name or a tuple.
      return scopeErrors(node);
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression':
      return scopeErrors(node);
    case 'ReturnStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ScopeStatement':
    case 'YieldStatement':
    case 'YieldExpression':
    case 'AwaitExpression':
      return scopeErrors(node);
    case 'Number':
      return numberLiteralErrors(node, text);
    case 'String':
    case 'FormatString':
      return node.parent?.name === 'ContinuedString' ? [] : stringLiteralErrors(node, text);
    case 'ContinuedString':
      return stringLiteralErrors(node, text);
    case 'MatchStatement':
      return [...matchSubjectErrors(node, text), ...matchPatternErrors(node, text)];
    case 'MappingPattern':
      return mappingKeyErrors(node, text);
    case 'LambdaExpression':
      return node.parent?.name === 'FormatReplacement' ? formatFieldLambdaErrors(node, text) : [];
    case 'TryStatement':
      return tryHandlerErrors(node, text);
    case 'CompareOp':
    case 'RaiseStatement':
    case 'StatementGroup':
      return refusedTokenErrors(node, text);
    default:
      return [];
  }
}

/** The children between a `for` statement's `for` and `in`. */
function loopTarget(statement: SyntaxNode): SyntaxNode[] {
  const target: SyntaxNode[] = [];
  let inside = false;
  for (const part of childrenOf(statement)) {
    if (part.name === 'for') inside = true;
    else if (part.name === 'in') break;
    else if (inside && part.name !== 'Comment') target.push(part);
  }
  return target;
}
