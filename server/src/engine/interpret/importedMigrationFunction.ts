/**
 * A migration whose `upgrade` or `downgrade` is a function of another module
 * (`from .common import upgrade`, `from myapp.steps import *`, `upgrade = common.upgrade`):
 * Alembic imports the file and calls that function as it calls one defined in it. It is run here
 * as a call to the project's helper is (workspaceHelpers.ts), placed at the statement that binds
 * the name: its operations print as the call's, and what the engine cannot follow in it is an
 * opaque step naming it. Lens had taken such a migration for one with no `upgrade()` at all.
 */
import type { SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { CallArgs } from './args';
import { callValue } from './calls';
import { passesKeywords } from './environmentArguments';
import type { InterpreterState } from './state';
import { opaqueStep, statementsOf, withinStatement } from './statements';
import type { Value } from './values';
import { starImportSource } from './starImports';
import { anchoredName, lookupWorkspaceName, moduleScope } from './workspaceModules';

/** A value bound to the name that is not a function of this file: one of another module, or a name imported from one. */
export function isForeignFunction(bound: Value | undefined, state: InterpreterState): bound is Extract<Value, { kind: 'function' | 'symbol' }> {
  if (bound?.kind === 'function') return bound.home !== undefined && bound.home !== state;
  return bound?.kind === 'symbol' && !/^(?:alembic|sqlalchemy)\b/.test(bound.qname);
}

/** A name imported from a project module, as the function it is there (its `__name__` is the def's); the value itself otherwise. */
export function resolvedFunction(bound: Extract<Value, { kind: 'function' | 'symbol' }>, state: InterpreterState): Extract<Value, { kind: 'function' | 'symbol' }> {
  if (bound.kind !== 'symbol') return bound;
  const found = lookupWorkspaceName(bound.qname, state);
  return found?.kind === 'value' && found.value.kind === 'function' ? found.value : bound;
}

/** The module's last top-level statement that may bind `name`: an import naming it (or `*`), or an assignment to it. */
export function bindingStatement(name: string, script: SyntaxNode, state: InterpreterState): SyntaxNode | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const imports = new RegExp(`\\bimport\\b[\\s\\S]*(?:\\b${escaped}\\b|\\*)`);
  let found: SyntaxNode | undefined;
  for (const statement of statementsOf(script)) {
    const text = state.textOf(statement);
    if ((statement.name === 'ImportStatement' && imports.test(text)) || (statement.name === 'AssignStatement' && statement.firstChild?.name === 'VariableName' && state.textOf(statement.firstChild) === name)) found = statement;
  }
  return found;
}

/** The steps of calling `bound` as Alembic calls the migration's function, at `binding`. */
export function importedFunctionSteps(name: string, bound: Extract<Value, { kind: 'function' | 'symbol' }>, binding: SyntaxNode, state: InterpreterState): Step[] {
  const described = bound.kind === 'function' ? `${bound.name}() of another module` : bound.qname;
  // Alembic passes env.py's run_migrations() keywords; the call below passes none.
  if (passesKeywords(state)) return [opaqueStep(state, binding, `${name} is ${described}, called with the keywords env.py passes to run_migrations(), which the engine does not follow`)];
  const args: CallArgs = { positional: [], keywords: new Map(), node: binding };
  const result = withinStatement(state, () => callValue(bound, args, state, binding));
  if (result.effect) return [...result.steps, opaqueStep(state, binding, `${name} is ${described}: ${result.effect}`)];
  if (result.value.kind === 'opaque' && (result.value.raises || result.steps.length === 0)) {
    const step = opaqueStep(state, binding, `${name} is ${described}: ${result.value.reason}`);
    return [...result.steps, result.value.raises && step.kind === 'opaque' ? { ...step, raises: true } : step];
  }
  return result.steps;
}

/**
 * A migration that neither defines nor assigns `name` but star-imports a module
 * (`from .common import *`): the function that import binds, when the engine can tell which
 * module's it is (its `__all__` honoured), at the import; otherwise the import, with why not.
 */
export function starImportedFunction(name: string, script: SyntaxNode, state: InterpreterState): { bound: Extract<Value, { kind: 'function' }>; binding: SyntaxNode } | { binding: SyntaxNode; reason: string } | undefined {
  const stars = statementsOf(script).filter((statement) => statement.name === 'ImportStatement' && /\bimport\s*\*/.test(state.textOf(statement)));
  const binding = stars[stars.length - 1];
  if (!binding) return undefined;
  const own = { file: state.file, state, top: script, classes: new Map<string, SyntaxNode>(), frame: state.module, assignments: new Map<string, SyntaxNode>() };
  const source = starImportSource(own, name, (file) => moduleScope(file, state));
  const found = source === undefined ? undefined : lookupWorkspaceName(anchoredName(source, name), state);
  if (found?.kind === 'value' && found.value.kind === 'function') return { bound: found.value, binding };
  return { binding, reason: `${name} is not defined in this file, and which function \`${state.shortText(binding)}\` binds to it is not known to the engine` };
}
