/**
 * The static interpreter: Python migration source in, operation values out. It parses once,
 * binds the module's imports, constants and functions, then runs `upgrade()` and
 * `downgrade()` over that tree without ever executing user Python. It never throws: what it
 * cannot know becomes an opaque step with the reason, and every problem has an exact range.
 */
import { startMigrationFunction } from './autocommitTry';
import { undecodableOnDisk } from './undecodableFile';
import { sysPathConsulted, sysPathDependency, sysPathFor } from '../../common/environmentSysPaths';
import { environmentScriptDependency, registeredEnvPyFor } from '../../common/environmentScripts';
import { environmentArgument, omittedByEnvironment, unexpectedEnvironmentKeyword } from './environmentArguments';
import type { Problem } from '../../common/problem';
import { type SourceRange } from '../../common/range';
import { childrenOf, parsePython, type SyntaxNode } from '../../python/parser';
import type { Step } from '../ops';
import type { ModuleDependency } from '../../project/pythonModules';
import { assignTargets, bindImports, deleteTargets } from './bindings';
import { markMigration } from './moduleName';
import { reportOpaqueSteps } from './problems';
import { applyNaming } from './naming/applyNaming';
import { addSpatialIndexes } from './sqlalchemy/spatialIndexes';
import { classDefinitionValue } from './sqlalchemy/enumClasses';
import { Frame, InterpreterState } from './state';
import { decidedBranch, opaqueStep, runStatements, statementsOf, withinStatement } from './statements';
import { evaluate } from './evaluate';
import { taintChangedNames } from './taint';
import { reportImportTimeProxies, usesProxy } from './importTimeProxies';
import { missingImportedName } from './missingImport';
import { offlineLiteralBinds, offlineParamstyle } from './naming/offlineParamstyle';
import { logDependencies } from './dependencyLog';
import { isPathDependent } from './fileReads';
import { compileErrors } from '../../python/compileErrors';
import { compilerHookOf, envPyCompilerHooks, throughCompilerHooks, type CompilerHook } from './compilerHooks';
import { syntaxProblems } from '../../python/syntaxProblems';
import { bindingStatement, importedFunctionSteps, isForeignFunction, resolvedFunction, starImportedFunction } from './importedMigrationFunction';

export interface FunctionSteps {
  steps: Step[];
  /** The whole `def` (from `def` to the end of the body). */
  range: SourceRange;
  params: string[];
}

export interface InterpretedMigration {
  upgrade?: FunctionSteps;
  downgrade?: FunctionSteps;
  problems: Problem[];
  /** Workspace modules read to understand it (custom types): a cached result is valid while they are unchanged. */
  dependencies?: ModuleDependency[];
  /** `pyformat` when env.py's offline configure() keeps psycopg2's paramstyle (`%` doubled in `--sql`; naming/offlineParamstyle.ts). */
  offlineParamstyle?: 'pyformat';
  /** False when env.py's offline configure() does not set literal_binds=True: `--sql` prints bind placeholders. */
  offlineLiteralBinds?: false;
  /**
   * What module-level code does through the migration context when Alembic imports the file
   * (STRR's `enum.create(op.get_bind(), checkfirst=True)` under the imports): Alembic imports
   * every file of the folder inside `upgrade`/`downgrade`/`stamp`, whatever the range, so this
   * runs before any migration of every such command. Absent when the module does nothing so.
   */
  importTime?: Step[];
  /** The `def` name of the function bound to `upgrade` / `downgrade` when it is another (`upgrade = _up`). */
  upgradeName?: string;
  downgradeName?: string;
  /** Read `__file__`, `__name__` or a file: the result holds for this file's path only, not for every file of the same text. */
  pathDependent?: true;
}

export function interpretMigration(path: string, text: string): InterpretedMigration {
  const state = new InterpreterState(path, text);
  markMigration(state);
  try {
    return interpret(state);
  } catch (error) {
    // Defensive: statements already degrade to opaque steps; this guards the module walk.
    state.report('opaque-step', 'information', `the engine cannot interpret this file: internal error ${(error as Error).message}`, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    return withDependencies({ problems: state.problems }, state);
  }
}

function interpret(state: InterpreterState): InterpretedMigration {
  const tree = parsePython(state.source);
  // A file CPython refuses to compile (TabError, `import *` in a function) is never imported:
  // Alembic fails every command over the folder (the syntax problem itself is the index's).
  const undecodable = undecodableOnDisk(state.file, state.source);
  const uncompilable = undecodable ?? compileErrors(state.file, state.source, tree, state.lines)[0];
  if (undecodable) importFailures.set(state, { reason: `Python cannot compile this file: ${undecodable.message}`, range: undecodable.range });
  else if (uncompilable) {
    const message = uncompilable.message.replace(/\.$/, '');
    importFailures.set(state, { reason: `Python cannot compile this file (${message})`, range: uncompilable.range });
  }
  // So is a file with a syntax error anywhere (Python 2's `print "x"` in a branch never taken):
  // every command over the folder fails. Its functions are still read as far as they parse, for
  // the editor, where a half-typed file is the usual case.
  const unparsable = uncompilable ? undefined : syntaxProblems(state.file, tree, state.lines, 1, state.source)[0];
  const functions = bindModule(tree.topNode, state);
  reportImportTimeProxies(tree.topNode, state);
  const result: InterpretedMigration = { problems: [] };
  const upgrade = migrationFunction('upgrade', functions, tree.topNode, state);
  const downgrade = migrationFunction('downgrade', functions, tree.topNode, state);
  if (upgrade) result.upgrade = 'node' in upgrade ? runFunction(upgrade.node, state) : upgrade.steps;
  if (downgrade) result.downgrade = 'node' in downgrade ? runFunction(downgrade.node, state) : downgrade.steps;
  // Alembic's `-- Running <name> ...` line names the function by its __name__.
  const upgradeName = upgrade && ('node' in upgrade ? definedNameOf(upgrade.node, state) : upgrade.definedName);
  const downgradeName = downgrade && ('node' in downgrade ? definedNameOf(downgrade.node, state) : downgrade.definedName);
  if (upgradeName !== undefined && upgradeName !== 'upgrade') result.upgradeName = upgradeName;
  if (downgradeName !== undefined && downgradeName !== 'downgrade') result.downgradeName = downgradeName;
  if (!upgrade) {
    const firstLine = state.lines.rangeOf(0, Math.max(0, state.source.indexOf('\n') < 0 ? state.source.length : state.source.indexOf('\n')));
    state.report('missing-upgrade', 'error', 'this migration has no upgrade() function; Alembic fails when it runs it', firstLine);
  }
  for (const fn of [result.upgrade, result.downgrade]) if (fn) reportOpaqueSteps(fn.steps, state);
  // Offline the import itself fails: every --sql command over the folder fails; a live run goes on.
  const offlineFailure = failsOfflineAtImport.get(state);
  const importTime: Step[] = offlineFailure ? [{ kind: 'modeBranch', offline: [offlineFailure], online: [], range: offlineFailure.range }] : [];
  importTime.push(...(importTimeSteps.get(state) ?? []));
  const failure = importFailures.get(state) ?? (unparsable && { reason: `Python cannot compile this file (${unparsable.message.replace(/\.$/, '')})`, range: unparsable.range });
  // The import fails in Alembic too: raises, so --allow-opaque does not print a script around it.
  if (failure) result.importTime = [{ kind: 'opaque', reason: `${failure.reason}: Alembic cannot import it, and every command over the folder fails`, range: failure.range, source: '', raises: true }];
  else if (importTime.length > 0) {
    applyNaming(importTime, state);
    result.importTime = importTime;
  }
  if (offlineParamstyle(state) === 'pyformat') result.offlineParamstyle = 'pyformat';
  if (!offlineLiteralBinds(state)) result.offlineLiteralBinds = false;
  result.problems = dedupe(state.problems);
  return withDependencies(result, state);
}

function definedNameOf(node: SyntaxNode, state: InterpreterState): string | undefined {
  const name = childrenOf(node).find((part) => part.name === 'VariableName');
  return name ? state.textOf(name) : undefined;
}

/**
 * What Alembic calls as `upgrade` / `downgrade`: the module's last binding of the name, a `def` or
 * an assignment (`upgrade = _upgrade`, assembl); one bound to something the engine cannot run (a
 * function of another module) is one opaque step, not a missing function.
 */
function migrationFunction(name: string, functions: Map<string, SyntaxNode>, script: SyntaxNode, state: InterpreterState): { node: SyntaxNode } | { steps: FunctionSteps; definedName?: string } | undefined {
  const bound = state.module.lookup(name);
  if (bound?.kind === 'function' && bound.node.name === 'FunctionDefinition' && (bound.home === undefined || bound.home === state)) return { node: bound.node };
  // A function of another module (`from .common import upgrade`): Alembic calls it all the same.
  const binding = isForeignFunction(bound, state) ? bindingStatement(name, script, state) : undefined;
  if (binding && isForeignFunction(bound, state)) {
    const called = resolvedFunction(bound, state);
    const steps = finishedSteps(importedFunctionSteps(name, called, binding, state), state);
    return { steps: { steps, range: state.rangeOf(binding), params: [] }, ...(called.kind === 'function' ? { definedName: called.name } : {}) };
  }
  const defined = functions.get(name);
  const assignment = statementsOf(script).find((statement) => statement.name === 'AssignStatement' && statement.firstChild?.name === 'VariableName' && state.textOf(statement.firstChild) === name);
  const starred = !defined && !assignment && bound === undefined ? starImportedFunction(name, script, state) : undefined;
  if (starred) {
    const range = state.rangeOf(starred.binding);
    if ('reason' in starred) return { steps: { steps: [opaqueStep(state, starred.binding, starred.reason)], range, params: [] } };
    return { steps: { steps: finishedSteps(importedFunctionSteps(name, starred.bound, starred.binding, state), state), range, params: [] }, definedName: starred.bound.name };
  }
  if (!assignment || (defined && defined.from > assignment.from)) return defined ? { node: defined } : undefined;
  const range = state.rangeOf(assignment);
  const reason = `${name} is bound to ${state.shortText(assignment).replace(/^[^=]*=\s*/, '')}, which the engine does not follow`;
  return { steps: { steps: [{ kind: 'opaque', reason, range, source: state.textOf(assignment) }], range, params: [] } };
}

/** Present only when the file read workspace modules, so most results keep their plain shape. */
function withDependencies(result: InterpretedMigration, state: InterpreterState): InterpretedMigration {
  // Which env.py runs a version folder outside script_location is the configuration's answer
  // (findEnvPy): a result kept in a cache is computed again when that answer changes.
  const registered = registeredEnvPyFor(state.file);
  if (registered) state.dependencies.set(...environmentScriptDependency(registered.folder));
  // So are the folders an absolute import may be found in (prepend_sys_path), once a search looked there.
  const sysPath = sysPathFor(state.file);
  if (sysPath && sysPathConsulted(sysPath.folder)) state.dependencies.set(...sysPathDependency(sysPath.folder));
  if (isPathDependent(state)) result.pathDependent = true;
  if (state.dependencies.size > 0) {
    result.dependencies = [...state.dependencies].map(([path, hash]) => ({ path, hash }));
    logDependencies(state.dependencies);
  }
  return result;
}

/**
 * Binds what the module defines, in order: imports, constants (evaluated statically) and
 * functions. Module code runs fully before Alembic calls `upgrade()`, so functions see all of it.
 */
/** Functions defined under a module-level `if` whose condition is known only at run time. */
const conditional = new WeakMap<SyntaxNode, string>();
/**
 * Why importing the module fails, with where: a `raise` it reaches at its top level (directly, or
 * in the taken branch of a decidable `if`: R2R raises ValueError when an environment variable is
 * unset), or text CPython cannot compile (assembl's TabError). Alembic imports every file of the
 * folder, so every command over it fails (importTime), and none of the module's code runs.
 */
const importFailures = new WeakMap<InterpreterState, { reason: string; range: SourceRange }>();
/**
 * A module-level statement that fails under `--sql` only (bazarr's `insp = sa.inspect(bind)` of
 * the offline mock connection): Alembic cannot import the file offline, so `--sql` refuses its
 * functions; a live run imports it. The first such step, by module.
 */
const failsOfflineAtImport = new WeakMap<InterpreterState, Extract<Step, { kind: 'opaque' }>>();

/** The steps module-level statements made through `op` or the bind (InterpretedMigration.importTime), by module. */
const importTimeSteps = new WeakMap<InterpreterState, Step[]>();

function noteImportTimeSteps(steps: readonly Step[], state: InterpreterState): void {
  if (steps.length === 0) return;
  const kept = importTimeSteps.get(state) ?? [];
  kept.push(...steps);
  importTimeSteps.set(state, kept);
}

/** Keeps the first offline-only failure among the steps a module-level statement made. */
function noteOfflineFailure(steps: readonly Step[], state: InterpreterState): void {
  if (failsOfflineAtImport.has(state)) return;
  for (const step of steps) {
    const failed = step.kind === 'modeBranch' ? step.offline.find((inner) => inner.kind === 'opaque') : undefined;
    if (failed?.kind !== 'opaque') continue;
    failsOfflineAtImport.set(state, { ...failed, reason: `when Alembic imports this file: ${failed.reason}, so --sql cannot import it` });
    return;
  }
}
/** Module-level functions under a decorator other than @contextmanager, with the (first) decorator's text. */
const decoratedBy = new WeakMap<SyntaxNode, string>();

function bindModule(script: SyntaxNode, state: InterpreterState): Map<string, SyntaxNode> {
  const functions = new Map<string, SyntaxNode>();
  const visit = (statements: SyntaxNode[]): void => {
    for (const statement of statements) {
      switch (statement.name) {
        case 'ImportStatement': {
          bindImports(statement, state, state.module);
          // Only a statement at the very top runs unguarded (not in a `try`, whose handler may catch it).
          const missing = statement.parent?.name === 'Script' && !importFailures.has(state) ? missingImportedName(statement, state) : undefined;
          if (missing) {
            const raised = `ImportError: cannot import name '${missing.name}' from '${missing.module}'`;
            importFailures.set(state, { reason: `the module raises when Alembic imports it (${raised})`, range: state.rangeOf(statement) });
            state.report('raises-at-import', 'error', `\`${state.shortText(statement)}\` fails when Alembic imports this file: ${missing.shownFile} (the module this import finds) defines no ${missing.name}, so Python raises ${raised}, and with it every command over this folder fails (\`heads\`, \`history\`, \`upgrade\` and \`--sql\` alike)`, statement);
          }
          break;
        }
        case 'AssignStatement':
        case 'UpdateStatement': {
          // Module constants: unknown calls just leave the name opaque; nothing is emitted.
          const assigned = withinStatement(state, () => assignTargets(statement, state, state.module));
          noteOfflineFailure(assigned.steps, state);
          if (typeof assigned.value === 'string') taintChangedNames(statement, state, state.module, 'at the top of the module');
          break;
        }
        case 'ExpressionStatement':
          runModuleExpression(statement, state);
          break;
        case 'DeleteStatement': {
          const deleted = withinStatement(state, () => deleteTargets(statement, state, state.module));
          if (deleted.effect || deleted.value !== undefined) taintChangedNames(statement, state, state.module, 'at the top of the module');
          break;
        }
        case 'ForStatement':
        case 'WhileStatement':
        case 'WithStatement':
          // Not run at the top of the module: what it may change is unknown from here on.
          taintChangedNames(statement, state, state.module, 'at the top of the module');
          break;
        case 'FunctionDefinition':
          bindFunction(statement, state, functions);
          break;
        case 'DecoratedStatement': {
          // A decorated class (`@dataclass`, canonical/maas): bound, as an object the engine does not model.
          const decoratedClass = childrenOf(statement).find((part) => part.name === 'ClassDefinition');
          const className = decoratedClass ? childrenOf(decoratedClass).find((part) => part.name === 'VariableName') : undefined;
          if (decoratedClass && className) {
            const decorators = childrenOf(statement).filter((part) => part.name === 'Decorator');
            const named = state.textOf(className);
            const reason = `uses the class ${named} defined in the migration`;
            // `@unique` / `@enum.unique` only checks an enum for aliases (Python raises if it has one): the class is the same.
            if (decorators.every((decorator) => /^@\s*(?:enum\s*\.\s*)?unique\s*$/.test(state.textOf(decorator).trim()))) state.module.set(named, classDefinitionValue(decoratedClass, named, state, state.module, reason));
            else state.module.set(named, { kind: 'opaque', reason: `${reason} (decorated: ${state.shortText(decorators[0])})` });
            break;
          }
          const inner = childrenOf(statement).find((part) => part.name === 'FunctionDefinition');
          if (!inner) break;
          const contextManager = isContextManager(statement, state);
          bindFunction(inner, state, functions, contextManager);
          const hook = compilerHookOf(statement, state, "this file's");
          if (hook !== undefined) compilerHooks.set(state, [...(compilerHooks.get(state) ?? []), hook]);
          if (!contextManager) {
            const decorator = childrenOf(statement).find((part) => part.name === 'Decorator');
            if (decorator) decoratedBy.set(inner, state.shortText(decorator));
          }
          break;
        }
        case 'ClassDefinition': {
          const name = childrenOf(statement).find((part) => part.name === 'VariableName');
          if (name) state.module.set(state.textOf(name), classDefinitionValue(statement, state.textOf(name), state, state.module, `uses the class ${state.textOf(name)} defined in the migration`));
          break;
        }
        case 'IfStatement': {
          // A decidable module-level `if` runs its taken branch; otherwise imports are still
          // bound and functions defined under it are marked as depending on the condition.
          const taken = decidedBranch(statement, state, state.module);
          if (taken) visit(statementsOf(taken));
          else {
            for (const body of childrenOf(statement).filter((part) => part.name === 'Body')) {
              for (const part of statementsOf(body)) {
                if (part.name === 'ImportStatement') bindImports(part, state, state.module);
                else if (part.name === 'FunctionDefinition' && !definedName(part, state, functions)) {
                  bindFunction(part, state, functions);
                  conditional.set(part, state.shortText(statement).split(':')[0]);
                } else if (part.name !== 'FunctionDefinition') {
                  // Whether it runs is known only at run time: what it may change is unknown.
                  taintChangedNames(part, state, state.module, `under \`${state.shortText(statement).split(':')[0]}\`, a condition known only at run time`);
                }
              }
            }
          }
          break;
        }
        case 'RaiseStatement':
          // Only the first: the module stops there.
          if (!importFailures.has(state)) {
            importFailures.set(state, { reason: `the module raises when Alembic imports it (\`${state.shortText(statement)}\`)`, range: state.rangeOf(statement) });
            state.report('raises-at-import', 'error', `\`${state.shortText(statement)}\` runs when Alembic imports this file: the import fails, and with it every command over this folder (\`heads\`, \`history\`, \`upgrade\` and \`--sql\` alike)`, statement);
          }
          return;
        case 'TryStatement': {
          if (runsProxyGuardedTry(statement, state, visit)) break;
          // `try: import x except ImportError: ...`: the try body is the usual path.
          const body = childrenOf(statement).find((part) => part.name === 'Body');
          if (body) visit(statementsOf(body).filter((part) => part.name === 'ImportStatement' || part.name === 'FunctionDefinition'));
          // FitTrackee's `try: enum.create(op.get_bind(), checkfirst=True) except NameError: pass`:
          // inside a migration command the proxy is established, so the body runs.
          if (body) for (const part of statementsOf(body)) if (part.name === 'ExpressionStatement' && usesProxy(part, state)) runModuleExpression(part, state);
          // The rest of the try statement (its other statements, except and finally clauses) is not run.
          for (const part of childrenOf(statement).filter((child) => child.name === 'Body').flatMap((clause) => statementsOf(clause))) {
            if (part.name !== 'ImportStatement' && part.name !== 'FunctionDefinition') taintChangedNames(part, state, state.module, 'at the top of the module');
          }
          break;
        }
        default:
          break;
      }
    }
  };
  visit(statementsOf(script));
  return functions;
}

const PLAIN_STATEMENTS = new Set(['ImportStatement', 'FunctionDefinition', 'AssignStatement', 'ExpressionStatement', 'PassStatement']);

/**
 * magfest's `try: is_sqlite = op.get_context().dialect.name == 'sqlite' except: is_sqlite = False`:
 * a try body of plain statements that reaches the migration context runs in full when Alembic
 * imports the file inside a migration command (the proxy is established, so it does not raise
 * there), and its handlers do not; an `else` or `finally` clause is still not run here. A value
 * the engine cannot compute is left unknown as any module constant is. False (nothing done) for
 * any other try statement.
 */
function runsProxyGuardedTry(statement: SyntaxNode, state: InterpreterState, visit: (statements: SyntaxNode[]) => void): boolean {
  const parts = childrenOf(statement);
  const body = parts.find((part) => part.name === 'Body');
  const statements = body ? statementsOf(body) : [];
  if (!body || !statements.every((part) => PLAIN_STATEMENTS.has(part.name)) || !statements.some((part) => usesProxy(part, state))) return false;
  visit(statements);
  let clause = 'try';
  for (const part of parts) {
    if (['try', 'except', 'else', 'finally'].includes(part.name)) clause = part.name;
    if (part.name !== 'Body' || (clause !== 'else' && clause !== 'finally')) continue;
    for (const inner of statementsOf(part)) taintChangedNames(inner, state, state.module, 'at the top of the module');
  }
  return true;
}

/**
 * A module-level expression statement changing a list or dict the module bound (`NAMES.append(x)`,
 * `convention.update({...})`) is run as it would be inside a function; one the engine cannot run
 * leaves what it may change unknown. Another call is run too: what it does through `op` or the
 * bind (`enum.create(bind)`) happens when Alembic imports the file (importTimeSteps); one that
 * uses a proxy and is not understood is an opaque import-time step; logging and the like do not
 * touch migration values.
 */
function runModuleExpression(statement: SyntaxNode, state: InterpreterState): void {
  const expression = statement.firstChild;
  if (!expression || expression.name !== 'CallExpression') return;
  const receiver = containerReceiver(expression, state);
  const result = withinStatement(state, () => evaluate(expression, state, state.module));
  noteOfflineFailure(result.steps, state);
  if (receiver === undefined) {
    // An offline-only failure is kept once, as failsOfflineAtImport.
    const steps = result.steps.filter((step) => !(step.kind === 'modeBranch' && step.online.length === 0 && step.offline.every((inner) => inner.kind === 'opaque')));
    if (result.steps.length > 0) noteImportTimeSteps(steps, state);
    else if (usesProxy(statement, state)) noteImportTimeSteps([opaqueStep(state, statement, result.effect ?? (result.value.kind === 'opaque' ? result.value.reason : `${state.shortText(statement)} runs when Alembic imports the file`))], state);
    // Another call (a helper, logging) may still change a list or dict handed to it.
    taintChangedNames(statement, state, state.module, 'at the top of the module');
    return;
  }
  if (result.effect || result.value.kind === 'opaque') taintChangedNames(statement, state, state.module, 'at the top of the module');
}

/** `NAMES.append(...)` → NAMES, when the module binds it to a list or dict. */
function containerReceiver(call: SyntaxNode, state: InterpreterState): string | undefined {
  const callee = call.firstChild;
  const object = callee?.name === 'MemberExpression' ? callee.firstChild : undefined;
  if (object?.name !== 'VariableName') return undefined;
  const name = state.textOf(object);
  const kind = state.module.lookup(name)?.kind;
  return kind === 'seq' || kind === 'dict' ? name : undefined;
}

function definedName(node: SyntaxNode, state: InterpreterState, functions: Map<string, SyntaxNode>): boolean {
  const nameNode = childrenOf(node).find((part) => part.name === 'VariableName');
  return nameNode !== undefined && functions.has(state.textOf(nameNode));
}

function bindFunction(node: SyntaxNode, state: InterpreterState, functions: Map<string, SyntaxNode>, contextManager = false): void {
  const nameNode = childrenOf(node).find((part) => part.name === 'VariableName');
  if (!nameNode) return;
  const name = state.textOf(nameNode);
  functions.set(name, node);
  // Its home is this module: passed to a helper of another module and called there (hindsight's
  // `run_for_dialect(pg=_pg_upgrade)`), it still runs in this file's source and scope.
  state.module.set(name, contextManager ? { kind: 'function', node, name, contextManager: true, home: state } : { kind: 'function', node, name, home: state });
}

/** The file's own `@compiles(...)` hooks, by interpretation (compilerHooks.ts). */
const compilerHooks = new WeakMap<InterpreterState, CompilerHook[]>();

/** `@contextmanager` / `@contextlib.contextmanager` alone on a function. */
function isContextManager(decorated: SyntaxNode, state: InterpreterState): boolean {
  const decorators = childrenOf(decorated).filter((part) => part.name === 'Decorator');
  if (decorators.length !== 1) return false;
  // lezer gives a decorator's dotted name as flat parts: `@`, names and dots.
  const parts = childrenOf(decorators[0]).filter((part) => part.name !== 'At' && part.name !== 'Comment');
  if (parts.some((part) => part.name !== 'VariableName' && part.name !== '.')) return false;
  const names = parts.filter((part) => part.name === 'VariableName').map((part) => state.textOf(part));
  const head = names.length > 0 ? state.module.lookup(names[0]) : undefined;
  return head?.kind === 'symbol' && [head.qname, ...names.slice(1)].join('.') === 'contextlib.contextmanager';
}

function runFunction(node: SyntaxNode, state: InterpreterState): FunctionSteps {
  startMigrationFunction();
  const frame = new Frame(state.module);
  const params = parameterNames(node, state);
  // Alembic calls what the decorator returned (ihatemoney's @skip_if_sqlite), and names the
  // function in `-- Running ...` by that wrapper's __name__: neither is followed.
  const failure = importFailures.get(state);
  if (failure !== undefined) {
    const reason = `${failure.reason}, so Alembic runs none of it`;
    return { steps: [{ kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node) }], range: state.rangeOf(node), params };
  }
  const decorator = decoratedBy.get(node);
  if (decorator !== undefined) {
    const name = childrenOf(node).find((part) => part.name === 'VariableName');
    const reason = `${name ? state.textOf(name) : 'the function'}() is decorated with ${decorator}: Alembic calls what the decorator returns, which the engine does not follow`;
    return { steps: [{ kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node) }], range: state.rangeOf(node), params };
  }
  const condition = conditional.get(node);
  if (condition !== undefined) {
    const name = childrenOf(node).find((part) => part.name === 'VariableName');
    const reason = `which definition of ${name ? state.textOf(name) : 'the function'}() Alembic calls depends on \`${condition}\`, known only at run time`;
    return { steps: [{ kind: 'opaque', reason, range: state.rangeOf(node), source: state.textOf(node) }], range: state.rangeOf(node), params };
  }
  const name = definedNameOf(node, state) ?? 'upgrade';
  const unexpected = unexpectedEnvironmentKeyword(name, params, takesAnyKeyword(node), state);
  if (unexpected !== undefined) {
    return { steps: [{ kind: 'opaque', reason: unexpected, range: state.rangeOf(node), source: state.textOf(node), raises: true }], range: state.rangeOf(node), params };
  }
  for (const param of params) {
    // The environment passes `op` (and sometimes more) to `upgrade(op, tables, tester)`.
    if (param === 'op') {
      frame.set(param, { kind: 'symbol', qname: 'alembic.op', text: 'op' });
      continue;
    }
    // Not passed at all: Python takes the default, evaluated where the function was defined.
    const fallback = parameterDefault(node, param, state);
    frame.set(param, fallback && omittedByEnvironment(param, state) ? evaluate(fallback, state, state.module) : environmentArgument(param, state));
  }
  state.executedStatements = 0;
  state.mayRunStatements = 0;
  const parts = childrenOf(node);
  if (parts[0]?.name === 'async') {
    // Alembic calls upgrade() without awaiting it: the coroutine is created and dropped unrun.
    const name = parts.find((part) => part.name === 'VariableName') ?? node;
    state.report('async-migration-function', 'warning', `${state.textOf(name)}() is async: Alembic calls it without awaiting it, so its body never runs`, name);
    return { steps: [], range: state.rangeOf(node), params };
  }
  const body = parts.find((part) => part.name === 'Body');
  const ran = body ? runStatements(statementsOf(body), state, frame).steps : [];
  return { steps: finishedSteps(ran, state), range: state.rangeOf(node), params };
}

/** A migration function's steps as printed: named by the convention, spatial indexes added, through the compiler hooks. */
function finishedSteps(ran: Step[], state: InterpreterState): Step[] {
  applyNaming(ran, state);
  addSpatialIndexes(ran, (range) => state.source.slice(state.lines.offsetAt(range.start), state.lines.offsetAt(range.end)));
  // The file's hooks, else env.py's (Alembic imports env.py before any migration): the operations,
  // named as the convention names them, are printed through the hook.
  const hooks = compilerHooks.get(state) ?? envPyCompilerHooks(state);
  return hooks.length === 0 ? ran : throughCompilerHooks(ran, hooks);
}

/** The default value's node of parameter `param` (`name: str = ""`), if it has one. */
function parameterDefault(node: SyntaxNode, param: string, state: InterpreterState): SyntaxNode | undefined {
  const list = childrenOf(node).find((part) => part.name === 'ParamList');
  const parts = list ? childrenOf(list).filter((part) => part.name !== 'Comment') : [];
  for (let at = 0; at < parts.length; at++) {
    if (parts[at].name !== 'VariableName' || state.textOf(parts[at]) !== param || parts[at - 1]?.name === 'AssignOp') continue;
    let next = at + 1;
    if (parts[next]?.name === 'TypeDef') next++;
    return parts[next]?.name === 'AssignOp' ? parts[next + 1] : undefined;
  }
  return undefined;
}

/** The function has a `**kwargs` parameter. */
function takesAnyKeyword(node: SyntaxNode): boolean {
  const list = childrenOf(node).find((part) => part.name === 'ParamList');
  return list !== undefined && childrenOf(list).some((part) => part.name === '**');
}

function parameterNames(node: SyntaxNode, state: InterpreterState): string[] {
  const list = childrenOf(node).find((part) => part.name === 'ParamList');
  if (!list) return [];
  const names: string[] = [];
  let skipNext = false;
  for (const part of childrenOf(list)) {
    if (part.name === 'AssignOp') skipNext = true;
    else if (part.name === 'VariableName') {
      if (!skipNext) names.push(state.textOf(part));
      skipNext = false;
    } else if (part.name === ',') skipNext = false;
  }
  return names;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.code}|${problem.range.start.line}:${problem.range.start.character}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
