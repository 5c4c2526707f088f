/**
 * What a custom env.py passes to `upgrade(op, tables, tester)` besides `op`.
 *
 * The value is followed when env.py's `context.run_migrations(..., tester=get_tester())` says it
 * with an expression the engine can evaluate in env.py's module scope (env.py read as a project
 * module, never run): every `run_migrations()` call of env.py passes the argument with the same
 * expression, whose names are not bound locally in the function around the call, and it evaluates
 * to a literal or to an object of the project's plain classes (pythonClasses.ts). Environment
 * variables it reads are the engine's own (processEnvironment.ts).
 *
 * **Assumption:** env.py reaches `run_migrations()`; a statement of env.py the engine cannot
 * follow that only assigns or returns a value (`db_url = app.config.get(...)`) neither raises nor changes the
 * objects the argument is built from. A condition, loop or call made for its effect that the engine
 * cannot follow leaves the argument unknown, as does an operation.
 *
 * Otherwise the argument is opaque and the reason quotes what env.py passes for it, so it says
 * where the value comes from (quay builds `tables` from its peewee models at run time).
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import { readModuleFile } from '../../project/pythonModules';
import { rawArguments, type RawArgument } from './args';
import { evaluate } from './evaluate';
import { findEnvPy } from './naming/targetMetadata';
import type { InterpreterState } from './state';
import { withinStatement } from './statements';
import { opaque, str, toLiteral, type Value } from './values';
import { moduleScope, type ModuleScope } from './workspaceModules';

/** The value env.py passes for `param`, or an opaque value whose reason says why it is not known. */
export function environmentArgument(param: string, state: InterpreterState): Value {
  const cache = (argumentCache.get(state) ?? argumentCache.set(state, new Map()).get(state))!;
  const known = cache.get(param);
  if (known) return known;
  const value = followArgument(param, state) ?? opaque(environmentArgumentReason(param, state));
  cache.set(param, value);
  return value;
}

/** One evaluation per migration: upgrade() and downgrade() receive the same object. */
const argumentCache = new WeakMap<InterpreterState, Map<string, Value>>();

function followArgument(param: string, state: InterpreterState): Value | undefined {
  const envPy = findEnvPy(state.file);
  const scope = envPy ? moduleScope(envPy, state) : undefined;
  if (!scope) return undefined;
  const expressions = passedExpressions(scope, param);
  if (expressions.length === 0 || new Set(expressions.map((expression) => scope.state.textOf(expression))).size !== 1) return undefined;
  if (expressions.some((expression) => boundLocally(expression, scope))) return perDatabase(expressions, scope);
  const problems = scope.state.problems.length;
  const depth = scope.state.helperDepth;
  scope.state.executedStatements = 0;
  try {
    const result = withinStatement(scope.state, () => evaluate(expressions[0], scope.state, scope.frame));
    if (result.effect) return undefined;
    // Steps env.py's code leaves: only assignments (or returns) of values the engine does not know may be among them.
    const followed = result.steps.every((step) => step.kind === 'opaque' && /^(?:[A-Za-z_][\w.]*\s*(?::[^=\n]*)?=(?!=)|return\b)/.test(step.source));
    if (!followed) return undefined;
    const value = result.value;
    return value.kind === 'pythonInstance' || value.kind === 'pythonClass' || toLiteral(value) !== undefined ? value : undefined;
  } finally {
    scope.state.problems.length = problems;
    scope.state.helperDepth = depth;
  }
}

/**
 * Alembic's multidb template: env.py reads the ini's `databases` option into a module constant
 * (`db_names = config.get_main_option("databases")`), loops over its names and passes each to
 * `run_migrations(engine_name=name)`, once per database. With one database listed that is the
 * name every migration receives; with several each migration runs once per database, on its own
 * connection, which one environment of the engine does not model (opaque, naming them).
 */
function perDatabase(expressions: SyntaxNode[], scope: ModuleScope): Value | undefined {
  if (!expressions.every((expression) => expression.name === 'VariableName' && loopBinds(expression, scope.state.textOf(expression), scope))) return undefined;
  const option = [...scope.assignments.values()].find((value) => /^(?:context\.)?config\.get_main_option\(\s*["']databases["']\s*(?:,[^)]*)?\)$/.test(scope.state.textOf(value).replace(/\s+/g, ' ')));
  if (!option) return undefined;
  const listed = withinStatement(scope.state, () => evaluate(option, scope.state, scope.frame)).value;
  if (listed.kind !== 'str') return undefined;
  const names = listed.value.split(/,\s*/).filter((name) => name.length > 0);
  if (names.length === 1) return str(names[0]);
  return opaque(`env.py runs every migration once per database of the ini's databases option (${names.join(', ') || 'none listed'}), each on its own connection: the engine follows one database per environment`);
}

/** Whether an enclosing `for` of the function around `expression` binds `name`. */
function loopBinds(expression: SyntaxNode, name: string, scope: ModuleScope): boolean {
  for (let node: SyntaxNode | null = expression.parent; node && node.name !== 'FunctionDefinition'; node = node.parent) {
    if (node.name !== 'ForStatement') continue;
    const targets: string[] = [];
    for (const child of childrenOf(node)) {
      if (child.name === 'in') break;
      if (child.name === 'VariableName') targets.push(scope.state.textOf(child));
    }
    if (targets.includes(name)) return true;
  }
  return false;
}

/**
 * True when env.py calls `run_migrations()` and no call passes `param` (nor `**kwargs`, which
 * may hold it): Alembic then calls `upgrade()` without it, and Python takes the parameter's
 * default (nonebot-plugin-orm's `def upgrade(name: str = "")`, held-out sweep AV).
 */
export function omittedByEnvironment(param: string, state: InterpreterState): boolean {
  const envPy = findEnvPy(state.file);
  const scope = envPy ? moduleScope(envPy, state) : undefined;
  if (!scope) return false;
  const calls = runMigrationsArguments(scope);
  return calls.length > 0 && !calls.some((args) => args.some((arg) => arg.kind === 'doubleStar' || (arg.kind === 'keyword' && arg.name === param)));
}

/**
 * Alembic calls the migration's function with the keywords env.py gives `run_migrations()`
 * (`step.migration_fn(**kw)`): a keyword every call passes that the function has no parameter for
 * (and no `**kwargs` to take it) makes Python raise TypeError before the body runs (a migration
 * under the multidb template written as `def upgrade():`). The message Python gives, or undefined
 * when env.py's calls are not all known (a `**kwargs` among them) or none is written.
 */
export function unexpectedEnvironmentKeyword(name: string, params: readonly string[], takesAnyKeyword: boolean, state: InterpreterState): string | undefined {
  if (takesAnyKeyword) return undefined;
  const envPy = findEnvPy(state.file);
  const scope = envPy ? moduleScope(envPy, state) : undefined;
  if (!scope) return undefined;
  const calls = runMigrationsArguments(scope);
  if (calls.length === 0 || calls.some((args) => args.some((arg) => arg.kind === 'doubleStar' || arg.kind === 'star'))) return undefined;
  const everyCall = calls[0].filter((arg) => arg.kind === 'keyword' && calls.every((args) => args.some((other) => other.kind === 'keyword' && other.name === arg.name)));
  const unexpected = everyCall.find((arg) => arg.name !== undefined && !params.includes(arg.name));
  return unexpected ? `TypeError: ${name}() got an unexpected keyword argument '${unexpected.name}' (env.py passes it to run_migrations(), and Alembic calls ${name}() with it)` : undefined;
}

/** Some `run_migrations(...)` call of env.py passes keywords (or `**kwargs`): Alembic calls the migration's functions with them. */
export function passesKeywords(state: InterpreterState): boolean {
  const envPy = findEnvPy(state.file);
  const scope = envPy ? moduleScope(envPy, state) : undefined;
  return scope !== undefined && runMigrationsArguments(scope).some((args) => args.some((arg) => arg.kind !== 'positional'));
}

/** The expressions env.py's `run_migrations(...)` calls pass for `param` (every call must pass it). */
function passedExpressions(scope: ModuleScope, param: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const args of runMigrationsArguments(scope)) {
    const passed = args.find((arg) => arg.kind === 'keyword' && arg.name === param);
    if (!passed) return [];
    found.push(passed.node);
  }
  return found;
}

/** The arguments of each `run_migrations(...)` call in env.py, in the order they are written. */
function runMigrationsArguments(scope: ModuleScope): RawArgument[][] {
  const calls: RawArgument[][] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'CallExpression') {
      const callee = node.firstChild;
      const argList = node.lastChild;
      if (callee && argList?.name === 'ArgList' && /(?:^|\.)run_migrations$/.test(scope.state.textOf(callee))) calls.push(rawArguments(scope.state.source, argList));
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(scope.top);
  return calls;
}

/** A name of the expression that the function around it binds itself (a parameter, an assignment, a loop or import). */
function boundLocally(expression: SyntaxNode, scope: ModuleScope): boolean {
  let fn: SyntaxNode | null = expression.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  if (!fn) return false;
  const text = scope.state.textOf(fn);
  const names = new Set<string>();
  const collect = (node: SyntaxNode): void => {
    if (node.name === 'VariableName') names.add(scope.state.textOf(node));
    for (const child of childrenOf(node)) collect(child);
  };
  collect(expression);
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const binding = new RegExp(`(?:^|[^.\\w])${escaped}\\s*(?::[^=\\n]*)?(?:[-+*/%|&^@]|//|<<|>>|\\*\\*)?=(?!=)|\\bfor\\b[^\\n]*\\b${escaped}\\b[^\\n]*\\bin\\b|\\bas\\s+${escaped}\\b|\\bimport\\b[^\\n]*\\b${escaped}\\b|\\b(?:global|nonlocal)\\b[^\\n]*\\b${escaped}\\b`, 'm');
    const params = /^[^(]*\(([^)]*)\)/.exec(text)?.[1] ?? '';
    if (binding.test(text) || new RegExp(`\\b${escaped}\\b`).test(params)) return true;
  }
  return false;
}

/** The reason for a parameter the environment passes; names env.py's expressions for it when found. */
export function environmentArgumentReason(param: string, state: InterpreterState): string {
  const base = `uses the argument ${param} that the environment passes to the function`;
  const envPy = findEnvPy(state.file);
  const module = envPy ? readModuleFile(envPy) : undefined;
  if (!envPy || !module) return base;
  state.dependencies.set(envPy, module.hash);
  const passed = new Set<string>();
  for (const call of module.text.matchAll(/\brun_migrations\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
    const match = new RegExp(`(?:^|[(,\\s])${param}\\s*=\\s*([^,]+?)\\s*(?:,|$)`).exec(call[1].replace(/\s+/g, ' ').trim());
    if (match) passed.add(match[1]);
  }
  if (passed.size === 0) return base;
  return `${base} (env.py: ${[...passed].map((expression) => `${param}=${expression}`).join(', or ')}, computed when env.py runs)`;
}
