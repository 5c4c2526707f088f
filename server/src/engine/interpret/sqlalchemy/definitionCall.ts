/**
 * Runs a function of the application's code (a type's method, a `@compiles` hook) for the value
 * it returns, with some arguments the engine cannot know: what it returns, or opaque with the first
 * statement it could not follow. A function that runs migration operations is not such a helper.
 */
import type { SyntaxNode } from '../../../python/parser';
import type { Arg, CallArgs } from '../args';
import type { Frame, InterpreterState } from '../state';
import { callHelper, withinStatement } from '../statements';
import { opaque, type Value } from '../values';

export function returnedValue(definition: SyntaxNode, name: string, closure: Frame, positional: readonly Value[], state: InterpreterState): Value {
  const args: CallArgs = {
    positional: positional.map((value): Arg => ({ value, node: definition })),
    keywords: new Map(),
    node: definition,
  };
  const fn: Extract<Value, { kind: 'function' }> = { kind: 'function', node: definition, name, closure };
  // Its statements are its own: they do not count against the migration's statement budget.
  const saved = state.executedStatements;
  state.executedStatements = 0;
  try {
    const result = withinStatement(state, () => callHelper(fn, args, state, definition));
    if (result.effect) return opaque(result.effect);
    // A statement it could not follow (a condition known only at run time) says why; an
    // operation it runs is a migration step, which such a helper should not make.
    const unknown = result.steps.find((step) => step.kind === 'opaque');
    if (unknown?.kind === 'opaque') return opaque(unknown.reason);
    if (result.steps.length > 0) return opaque('it runs migration operations');
    return result.value;
  } finally {
    state.executedStatements = saved;
  }
}
