/**
 * A `return` inside a part of a function the engine could not follow (a loop over rows a query
 * returns, an `if` on a run-time value) may end the function there, so the helper's return value
 * is not known. Without this the helper "fell off its end" for the engine and returned None:
 * xivo-manage-db's `server_default=find_default()`, whose default comes from a loop over a
 * query, printed ADD COLUMN without DEFAULT, and the lint called the column required without a
 * default. (The steps after such a statement stay as they are, after its opaque step, as for an
 * early return on a run-time condition.)
 */
import type { SourceRange } from '../../common/range';
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { InterpreterState } from './state';

/** The first opaque step (in run order) that holds a `return` of `fn`'s own body; undefined when none does. */
export function opaqueStepWithReturn(fn: SyntaxNode, steps: readonly Step[], state: InterpreterState): Extract<Step, { kind: 'opaque' }> | undefined {
  const returns: SourceRange[] = [];
  collectReturns(fn, state, returns, true);
  if (returns.length === 0) return undefined;
  for (const step of flatten(steps)) {
    if (step.kind === 'opaque' && returns.some((range) => contains(step.range, range))) return step;
  }
  return undefined;
}

function* flatten(steps: readonly Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    if (step.kind === 'autocommit') yield* flatten(step.steps);
    else if (step.kind === 'modeBranch') {
      yield* flatten(step.offline);
      yield* flatten(step.online);
    }
  }
}

/** The `return` statements of `node`'s own body (a nested function's or class's are theirs). */
function collectReturns(node: SyntaxNode, state: InterpreterState, into: SourceRange[], top: boolean): void {
  if (!top && (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition' || node.name === 'LambdaExpression')) return;
  if (node.name === 'ReturnStatement') into.push(state.rangeOf(node));
  for (const child of childrenOf(node)) collectReturns(child, state, into, false);
}

function contains(outer: SourceRange, inner: SourceRange): boolean {
  const before = (a: SourceRange['start'], b: SourceRange['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
