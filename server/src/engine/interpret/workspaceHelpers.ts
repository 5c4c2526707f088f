/**
 * Helper functions and constants from the project's own modules (`from myapp.migration_utils
 * import add_audit_columns`, `utils.load_table(...)`, `from .constants import TABLE`), read
 * statically through workspaceModules.ts and run like a helper defined in the migration: nothing
 * is imported or executed.
 *
 * A helper runs in its own module's scope (its imports and constants), bounded by the same
 * limits as local helpers (LIMITS.helperDepth, LIMITS.statements). What it does is reported at
 * the call in the migration: its operations and opaque steps take the call's range (a range in
 * another file would point at the wrong text), and an opaque reason says which helper it came
 * from. A helper that queries the database, reflects it or calls what the engine cannot follow
 * stays opaque with that reason. A decorated helper stays opaque: the decorator may change what
 * it does (`@raise_if_offline`).
 *
 * Constants are taken when they are plain data (strings, numbers, lists, dicts, a column type),
 * copied once per migration, so one that appends to an imported list cannot change what the next
 * one reads.
 */
import { boundOnceInModule } from './moduleBindings';
import * as nodePath from 'node:path';
import { ownString } from '../../common/ownedStrings';
import type { SourceRange } from '../../common/range';
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { CallArgs } from './args';
import { migrationFileOf, onBehalfOf } from './configOptions';
import { firstOpaqueReason } from './controlFlow';
import { Frame, LIMITS, type InterpreterState } from './state';
import { bindParameters, CALL_TYPE_ERROR, callLambda, runStatements, statementsOf } from './statements';
import { classify } from './symbols';
import { fromLiteral, NONE, opaque, raising, toLiteral, type Value } from './values';
import { lookupWorkspaceName } from './workspaceModules';

/** Module heads that are never the project's own code (the standard library, modelled libraries). */
const NOT_PROJECT = new Set(['datetime', 'zoneinfo', 'uuid', 'os', 'sys', 'json', 'time', 'random', 're', 'enum', 'typing', 'decimal', 'textwrap', 'pathlib', 'collections', 'itertools', 'functools', 'logging', 'warnings', 'alembic', 'sqlalchemy', 'sqlmodel']);

/**
 * Answers by qualified name, as `classify` does: every `sa` and `op` a migration names is asked
 * about (the regular expressions were 56 ms of a 7.7 s one-thread cold check of 5,000 revisions).
 */
const projectNames = new Map<string, boolean>();
const PROJECT_NAMES_LIMIT = 10_000;

function projectName(qname: string): boolean {
  let known = projectNames.get(qname);
  if (known === undefined) {
    known = classify(qname).kind === 'application' && !NOT_PROJECT.has(qname.replace(/^[.@]+/, '').split(/[.#/]/)[0]);
    // The key owns its characters: a slice of a migration's text would keep the text alive.
    if (projectNames.size < PROJECT_NAMES_LIMIT) projectNames.set(ownString(qname), known);
  }
  return known;
}

/**
 * Calls `qname` when it names a function of a workspace module; undefined when it does not
 * (the caller keeps its own reason for the call).
 */
export function callWorkspaceFunction(qname: string, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value | undefined {
  if (!projectName(qname)) return undefined;
  const found = lookupWorkspaceName(qname, state);
  if (!found || found.kind !== 'value' || found.value.kind !== 'function') return undefined;
  return callForeignHelper(found.value, found.scope.state, args, state, node);
}

/** The value of a workspace constant that is plain data; undefined otherwise. */
export function workspaceConstant(qname: string, state: InterpreterState): Value | undefined {
  if (!projectName(qname)) return undefined;
  const cache = (constantCache.get(state) ?? constantCache.set(state, new Map()).get(state))!;
  if (cache.has(qname)) return cache.get(qname);
  const found = lookupWorkspaceName(qname, state);
  const name = qname.slice(Math.max(qname.lastIndexOf('.'), qname.lastIndexOf('#')) + 1);
  const once = found?.kind === 'value' && (found.classAttribute ? !assignedOutsideClass(found.scope.state.source, found.classAttribute) : boundOnceInModule(found.scope.top, found.scope.state, name));
  const value = found?.kind === 'value' && isPlainData(found.value) && once ? copyOf(found.value) : undefined;
  cache.set(qname, value);
  return value;
}

/** Per interpretation: a file sees one copy of each constant, as Python binds one object per import. */
const constantCache = new WeakMap<InterpreterState, Map<string, Value | undefined>>();

/** `Class.NAME = ...` (or `+=`, or a dict changed in place) in the module: the defined value is not the one Python sees. */
function assignedOutsideClass(source: string, attribute: string): boolean {
  const escaped = attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const assigned = new RegExp(`\\b${escaped}[ \\t]*(?:[-+*/%|&^@]|//|<<|>>|\\*\\*)?=(?!=)|setattr\\(`).test(source);
  // A dict attribute changed in place: `meta.naming_convention["fk"] = ...`, `.update(...)`.
  const mutated = new RegExp(`\\b${escaped}[ \\t]*\\[[^\\]\\n]*\\][ \\t]*=(?!=)|\\b${escaped}\\.(?:update|setdefault|pop|popitem|clear)\\(`).test(source);
  return assigned || mutated;
}

function isPlainData(value: Value): boolean {
  return value.kind === 'type' || toLiteral(value) !== undefined;
}

function copyOf(value: Value | undefined): Value | undefined {
  if (!value || value.kind === 'type') return value;
  const literal = toLiteral(value);
  return literal === undefined ? undefined : fromLiteral(literal);
}

function decorated(node: SyntaxNode): string | undefined {
  const parent = node.parent;
  if (parent?.name !== 'DecoratedStatement') return undefined;
  return childrenOf(parent).find((part) => part.name === 'Decorator')?.name ?? 'decorator';
}

/**
 * Calls a function value defined in another module (`fn.home`): a method of a project class, a
 * function a project decorator made. Its decorators, if any, were read where it was defined.
 */
export function callFunctionOfModule(fn: Extract<Value, { kind: 'function' }>, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  return callForeignHelper(fn, fn.home ?? state, args, state, node, fn.method !== undefined);
}

/**
 * Runs `fn`, defined in the module whose state is `home`, for a call in `state`'s file at `node`.
 */
function callForeignHelper(fn: Extract<Value, { kind: 'function' }>, home: InterpreterState, args: CallArgs, state: InterpreterState, node: SyntaxNode, decoratorsRead = false): Value {
  const where = `${fn.name}() in ${nodePath.basename(home.file)}`;
  if (!decoratorsRead && decorated(fn.node)) return fail(state, `calls the decorated helper ${where}, whose decorator the engine does not follow`);
  if (state.helperDepth >= LIMITS.helperDepth) return fail(state, `helper ${where} nests too deeply to follow`);
  const saved = { effects: home.effects, steps: home.pendingSteps, executed: home.executedStatements, depth: home.helperDepth, problems: home.problems.length };
  home.effects = [];
  home.pendingSteps = [];
  home.executedStatements = state.executedStatements;
  home.helperDepth = state.helperDepth + 1;
  try {
    const frame = new Frame(fn.closure ?? home.module);
    const problem = bindParameters(fn.node, args, home, frame);
    if (problem?.startsWith(CALL_TYPE_ERROR)) return raising(problem);
    if (problem) return fail(state, `cannot follow ${where}: ${problem}`);
    // A lambda (the migration's, called back by a helper) is its body's value, in its own file.
    const lambda = fn.node.name === 'LambdaExpression';
    const body = lambda ? undefined : childrenOf(fn.node).find((part) => part.name === 'Body');
    if (!lambda && !body) return NONE;
    const result = onBehalfOf(home, migrationFileOf(state), () =>
      lambda ? { steps: [] as Step[], returnValue: callLambda(fn.node, home, frame) } : runStatements(statementsOf(body!), home, frame),
    );
    const range = state.rangeOf(node);
    const source = state.textOf(node);
    const produced = [...home.pendingSteps, ...result.steps];
    // The migration's own function, called back by a helper: its steps are at their own lines of
    // the migration already, and stay there through every helper call they pass back through.
    const inMigration = home.file === migrationFileOf(state);
    if (inMigration) for (const step of produced) atOwnLines.add(step);
    const steps = inMigration ? produced : produced.map((step) => relocate(step, range, source, where));
    state.pendingSteps.push(...steps);
    // The helper's first statement the engine could not follow explains the call best.
    const unknown = firstOpaqueReason(steps);
    if (unknown !== undefined) state.effect(unknown);
    for (const effect of home.effects) state.effect(`${effect} (in ${where})`);
    state.executedStatements = home.executedStatements;
    return result.returnValue ?? NONE;
  } finally {
    home.effects = saved.effects;
    home.pendingSteps = saved.steps;
    home.executedStatements = saved.executed;
    home.helperDepth = saved.depth;
    // Problems found in the helper's own file are not this migration's; in the migration's own
    // function, called back by a helper, they are.
    if (home.file !== migrationFileOf(state)) home.problems.length = saved.problems;
  }
}

function fail(state: InterpreterState, reason: string): Value {
  state.effect(reason);
  return opaque(reason);
}

/** Steps of the migration's own functions, run as a helper's callback: never moved to a call. */
const atOwnLines = new WeakSet<Step>();

/** A step produced in another file, moved to the call: every range in it becomes the call's. */
function relocate(step: Step, range: SourceRange, source: string, where: string): Step {
  if (atOwnLines.has(step)) return step;
  switch (step.kind) {
    case 'opaque':
      return { kind: 'opaque', reason: `${step.reason} (in ${where})`, range, source };
    case 'autocommit':
      return { kind: 'autocommit', steps: step.steps.map((inner) => relocate(inner, range, source, where)), range };
    case 'modeBranch':
      return {
        kind: 'modeBranch',
        offline: step.offline.map((inner) => relocate(inner, range, source, where)),
        online: step.online.map((inner) => relocate(inner, range, source, where)),
        range,
      };
    case 'operation':
      return { kind: 'operation', operation: withRanges(step.operation, range) };
    case 'print':
      return { kind: 'print', text: step.text, range };
  }
}

/** A copy of a plain operation object with every `range` (at any depth) replaced. */
function withRanges<T>(value: T, range: SourceRange): T {
  if (Array.isArray(value)) return value.map((item) => withRanges(item, range)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = key === 'range' || key === 'nameRange' ? range : withRanges(item, range);
  return out as T;
}
