/**
 * `@compiles(...)` hooks (sqlalchemy.ext.compiler): SQLAlchemy prints the construct a hook is
 * registered for through the hook, for every statement compiled after the module defining it is
 * imported. The engine does not follow hooks, so the operations of a migration under one become
 * opaque steps (never SQL that differs from Alembic's), each carrying its operation for the safety
 * lint: the hook changes the statement's text, not what it does to the schema or the locks it takes.
 *
 * Two places register hooks a migration is compiled under: the migration file itself (qinling adds
 * IF NOT EXISTS to every CREATE TABLE) and env.py, which Alembic runs before any migration
 * (AudiusProject's discovery provider adds IF NOT EXISTS to CREATE TABLE / CREATE INDEX / ADD COLUMN
 * and IF EXISTS to the DROPs of the same, for every migration of the history).
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Operation, Step } from '../ops';
import { ZERO_RANGE } from '../../common/range';
import type { InterpreterState } from './state';
import { statementsOf } from './statements';
import { moduleScope } from './workspaceModules';
import { findEnvPy } from './naming/targetMetadata';
import { stableAnswer } from '../../common/stableFiles';

/** One hook in effect for a migration: where it is written, and what its text shows it adds. */
export interface CompilerHook {
  /** `this file's @compiles(CreateTable)` / `env.py's @compiles(DropIndex)`, for the reason. */
  label: string;
  /** The constructs it is registered for, as the decorators name them (last dotted part). */
  constructs: string[];
  /** Operation kinds the hook makes print IF NOT EXISTS / IF EXISTS (by the constructs it is registered for). */
  guards: Map<Operation['kind'], 'ifNotExists' | 'ifExists'>;
}

/** The `@compiles(...)` decorators of `decorated` that apply to PostgreSQL. */
function compilerDecorators(decorated: SyntaxNode, state: InterpreterState): SyntaxNode[] {
  return childrenOf(decorated).filter((decorator) => {
    if (decorator.name !== 'Decorator') return false;
    const name = /^@\s*([A-Za-z_][\w.]*)\s*\(/.exec(state.textOf(decorator))?.[1];
    if (name === undefined) return false;
    const [head, ...rest] = name.split('.');
    const bound = state.module.lookup(head);
    if (bound?.kind !== 'symbol' || [bound.qname, ...rest].join('.') !== 'sqlalchemy.ext.compiler.compiles') return false;
    const dialects = dialectsOfHook(decorator, state);
    return dialects.length === 0 || dialects.includes('postgresql');
  });
}

/** The dialect names a `@compiles(construct, "name", ...)` decorator lists after the construct (none: every dialect). */
function dialectsOfHook(decorator: SyntaxNode, state: InterpreterState): string[] {
  const args = argumentsOf(decorator);
  return args.filter((part) => part.name === 'String').map((part) => state.textOf(part).replace(/^[rRuU]?(['"])(.*)\1$/s, '$2'));
}

function argumentsOf(decorator: SyntaxNode): SyntaxNode[] {
  const list = childrenOf(decorator).find((part) => part.name === 'ArgList');
  return list ? childrenOf(list).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
}

/**
 * The DDL constructs whose hook adds a guard the lint must know: CREATE ... IF NOT EXISTS makes
 * nothing when the object is there, DROP ... IF EXISTS drops nothing when it is not.
 */
const GUARDED: Record<string, { kind: Operation['kind']; guard: 'ifNotExists' | 'ifExists'; text: RegExp }> = {
  CreateTable: { kind: 'createTable', guard: 'ifNotExists', text: /\bIF\s+NOT\s+EXISTS\b/i },
  CreateIndex: { kind: 'createIndex', guard: 'ifNotExists', text: /\bIF\s+NOT\s+EXISTS\b/i },
  AddColumn: { kind: 'addColumn', guard: 'ifNotExists', text: /\bIF\s+NOT\s+EXISTS\b/i },
  DropTable: { kind: 'dropTable', guard: 'ifExists', text: /\bIF\s+EXISTS\b/i },
  DropIndex: { kind: 'dropIndex', guard: 'ifExists', text: /\bIF\s+EXISTS\b/i },
  DropColumn: { kind: 'dropColumn', guard: 'ifExists', text: /\bIF\s+EXISTS\b/i },
};

/**
 * The hook `decorated` registers when it is a `@compiles(...)` function for PostgreSQL, else
 * undefined. Whatever construct it is for counts (a type of the application's, say): the engine
 * prints none of them through it.
 */
export function compilerHookOf(decorated: SyntaxNode, state: InterpreterState, where: string): CompilerHook | undefined {
  const decorators = compilerDecorators(decorated, state);
  if (decorators.length === 0) return undefined;
  const fn = childrenOf(decorated).find((part) => part.name === 'FunctionDefinition');
  const body = fn ? state.textOf(fn) : '';
  const guards = new Map<Operation['kind'], 'ifNotExists' | 'ifExists'>();
  const constructs: string[] = [];
  for (const decorator of decorators) {
    const construct = argumentsOf(decorator)[0];
    const name = construct ? state.textOf(construct) : '';
    constructs.push(name.slice(name.lastIndexOf('.') + 1));
    const guarded = GUARDED[name.slice(name.lastIndexOf('.') + 1)];
    // Read from the hook's own text: the recipe appends the clause with re.sub or a format.
    if (guarded && guarded.text.test(body)) guards.set(guarded.kind, guarded.guard);
  }
  return { label: `${where} ${state.shortText(decorators[0])}`, constructs, guards };
}

/** By env.py content hash: what its hooks are depends on nothing else. */
const envHooksByHash = new Map<string, CompilerHook[]>();

/** The hooks env.py registers before Alembic runs the migration at `state.file` (none: an empty list). */
export function envPyCompilerHooks(state: InterpreterState): CompilerHook[] {
  const envPy = findEnvPy(state.file);
  if (!envPy) return [];
  // Every migration asks (twice: upgrade and downgrade); within a stretch of stable files (a cold
  // check's batch) env.py is read and its hooks found once, and each migration still records what
  // its reading depends on.
  const found = stableAnswer(`envPyCompilerHooks:${envPy}`, () => readEnvPyHooks(envPy));
  if (!found) return [];
  for (const [path, hash] of found.dependencies) state.dependencies.set(path, hash);
  return found.hooks;
}

function readEnvPyHooks(envPy: string): { hooks: CompilerHook[]; dependencies: Map<string, string> } | undefined {
  // What reading env.py depends on is recorded apart, then given to every migration that asks.
  const recorder = { dependencies: new Map<string, string>() };
  const scope = moduleScope(envPy, recorder);
  const dependencies = recorder.dependencies;
  if (!scope) return undefined;
  let hooks = envHooksByHash.get(scope.hash);
  if (!hooks) {
    hooks = statementsOf(scope.top).flatMap((statement) => (statement.name === 'DecoratedStatement' ? [compilerHookOf(statement, scope.state, "env.py's")] : [])).filter((hook): hook is CompilerHook => hook !== undefined);
    if (envHooksByHash.size > 100) envHooksByHash.clear();
    envHooksByHash.set(scope.hash, hooks);
  }
  return { hooks, dependencies };
}

/** Every operation of `steps` as an opaque step carrying its operation: SQLAlchemy prints it through `hooks`. */
export function throughCompilerHooks(steps: Step[], hooks: CompilerHook[]): Step[] {
  const reasonFor = (operation: Operation): string => {
    // The hook of the operation's own statement when one is (DropIndex for a drop_index), else the first.
    const construct = Object.entries(GUARDED).find(([, guarded]) => guarded.kind === operation.kind)?.[0];
    const hook = hooks.find((candidate) => construct !== undefined && candidate.constructs.includes(construct)) ?? hooks[0];
    return `${hook.label} hook changes how SQLAlchemy prints its statements, which the engine does not follow`;
  };
  const guarded = (operation: Operation): Operation => {
    const guard = hooks.map((hook) => hook.guards.get(operation.kind)).find((found) => found !== undefined);
    return guard ? ({ ...operation, [guard]: true } as Operation) : operation;
  };
  const walk = (inner: Step[]): Step[] =>
    inner.map((step): Step => {
      if (step.kind === 'operation') return { kind: 'opaque', reason: reasonFor(step.operation), range: step.operation.range ?? ZERO_RANGE, source: '', hooked: guarded(step.operation) };
      if (step.kind === 'autocommit') return { ...step, steps: walk(step.steps) };
      if (step.kind === 'modeBranch') return { ...step, offline: walk(step.offline), online: walk(step.online) };
      return step;
    });
  return walk(steps);
}
