/**
 * The project's own modules as the interpreter sees them: a module found by
 * `project/pythonModules.ts` is parsed once and bound like a migration's module level (imports,
 * constants, classes, functions), so the evaluator can read a custom column type's class or a
 * `MetaData(naming_convention=...)` from it. Nothing is imported or run.
 *
 * Names bound here are anchored to files (`@/abs/path/types.py#GUID`): a value read from one
 * module may flow into another, and a relative name would then resolve against the wrong file.
 * Every module read is recorded in the asking migration's `dependencies`, so a cached result is
 * rebuilt when one of them changes.
 *
 * Other parts of the interpreter that need to follow an import into the workspace (helpers,
 * constants) should use `lookupWorkspaceName`.
 */
import { flaskDatabaseAttribute } from './sqlalchemy/flaskDatabase';
import { bindingsOf, readImport } from '../../python/imports';
import { childrenOf, parsePython, type SyntaxNode } from '../../python/parser';
import { absentSitePackagesFiles, absentWorkspaceFiles, ABSENT, dependencyHash, isSitePackagesFile, readModuleFile, resolveQualifiedName, type ResolvedName } from '../../project/pythonModules';
import * as nodePath from 'node:path';
import { assignTargets } from './bindings';
import { Frame, InterpreterState } from './state';
import { decidedBranch, plainAssignment, statementsOf, withinStatement } from './statements';
import { starImportSource } from './starImports';
import { classConstant } from './classConstants';
import { metadataNamingConvention } from './metadataAttributes';
import { opaque, type Value } from './values';

export interface ModuleScope {
  file: string;
  hash: string;
  state: InterpreterState;
  frame: Frame;
  /** Top-level class definitions by name. */
  classes: Map<string, SyntaxNode>;
  /** The module's syntax tree (its top node). */
  top: SyntaxNode;
  /** The value expression of each top-level `name = value` (the last one wins, as in Python). */
  assignments: Map<string, SyntaxNode>;
  /** Modules read while binding this one (its constants may come from them). */
  bindDependencies: Map<string, string>;
}

/** Parsed and bound modules by content hash (several migrations read the same types module). */
const scopes = new Map<string, ModuleScope>();
const MAX_SCOPES = 200;
/** Files being bound right now: a cycle of imports stops here instead of recursing. */
const binding = new Set<string>();
/** How deep one lookup may follow names from module to module. */
const MAX_HOPS = 8;

export function anchoredName(file: string, name: string): string {
  return `@${file}#${name}`;
}

function splitAnchored(qname: string): ResolvedName | undefined {
  const match = /^@(.*)#([\w.]*)$/.exec(qname);
  return match ? { file: match[1], attributes: match[2].split('.').filter((part) => part.length > 0) } : undefined;
}

/** Where a qualified name leads, seen from `state`'s file (anchored names carry their file). */
export function resolveFrom(state: InterpreterState, qname: string): ResolvedName | undefined {
  const resolved = splitAnchored(qname) ?? resolveQualifiedName(state.file, qname);
  // Not found: the answer holds only while the package is not installed in the project's virtualenv.
  if (!resolved) {
    for (const path of absentSitePackagesFiles(state.file, qname)) if (!state.dependencies.has(path)) state.dependencies.set(path, ABSENT);
    // Creating the module in the workspace would change the answer too (a cached result must notice).
    for (const path of absentWorkspaceFiles(state.file, qname)) if (!state.dependencies.has(path)) state.dependencies.set(path, ABSENT);
  }
  return resolved;
}

/** The bound module at `file`, recording it as a dependency of `asker`; undefined when unreadable or cyclic. */
export function moduleScope(file: string, asker: Pick<InterpreterState, 'dependencies'>): ModuleScope | undefined {
  const module = readModuleFile(file);
  if (!module) return undefined;
  asker.dependencies.set(file, module.hash);
  const known = scopes.get(module.hash);
  if (known && known.file === file && dependenciesStill(known.bindDependencies)) return adopt(known, asker);
  if (binding.has(file)) return undefined;
  binding.add(file);
  try {
    const state = new InterpreterState(file, module.text);
    const top = parsePython(module.text).topNode;
    const scope: ModuleScope = { file, hash: module.hash, state, frame: state.module, top, classes: new Map(), assignments: new Map(), bindDependencies: state.dependencies };
    bindScope(scope, statementsOf(top));
    if (scopes.size >= MAX_SCOPES) scopes.clear();
    scopes.set(module.hash, scope);
    return adopt(scope, asker);
  } finally {
    binding.delete(file);
  }
}

/** Lookups through `scope` now record what they read in `asker`'s dependencies. */
function adopt(scope: ModuleScope, asker: Pick<InterpreterState, 'dependencies'>): ModuleScope {
  for (const [path, hash] of scope.bindDependencies) asker.dependencies.set(path, hash);
  scope.state.dependencies = asker.dependencies;
  return scope;
}

function dependenciesStill(dependencies: Map<string, string>): boolean {
  for (const [path, hash] of dependencies) if (dependencyHash(path) !== hash) return false;
  return true;
}

function bindScope(scope: ModuleScope, statements: SyntaxNode[]): void {
  const { state, frame } = scope;
  for (const statement of statements) {
    switch (statement.name) {
      case 'ImportStatement':
        bindAnchoredImports(statement, scope);
        break;
      case 'AssignStatement': {
        withinStatement(state, () => assignTargets(statement, state, frame));
        const assignment = plainAssignment(statement, state);
        if (assignment) scope.assignments.set(assignment.name, assignment.value);
        break;
      }
      case 'ClassDefinition':
      case 'DecoratedStatement': {
        const inner = statement.name === 'ClassDefinition' ? statement : childrenOf(statement).find((part) => part.name === 'ClassDefinition' || part.name === 'FunctionDefinition');
        if (inner?.name === 'ClassDefinition') bindClass(scope, inner);
        else if (inner) bindFunction(scope, inner);
        break;
      }
      case 'FunctionDefinition':
        bindFunction(scope, statement);
        break;
      case 'TryStatement': {
        // `try: from x import y except ImportError: ...`: the try body is the usual path.
        const body = childrenOf(statement).find((part) => part.name === 'Body');
        if (body) bindScope(scope, statementsOf(body));
        break;
      }
      case 'WithStatement': {
        // `with app.app_context(): target_metadata = db.metadata` (ghostportal's env.py): the body runs.
        const body = childrenOf(statement).find((part) => part.name === 'Body');
        if (body) bindScope(scope, statementsOf(body));
        break;
      }
      case 'IfStatement': {
        // A condition decided statically (`if not TYPE_CHECKING:`, a settled constant): its branch runs.
        const taken = decidedBranch(statement, state, frame);
        if (taken) bindScope(scope, statementsOf(taken));
        break;
      }
      default:
        break;
    }
  }
}

function bindClass(scope: ModuleScope, node: SyntaxNode): void {
  const nameNode = childrenOf(node).find((part) => part.name === 'VariableName');
  if (!nameNode) return;
  const name = scope.state.textOf(nameNode);
  scope.classes.set(name, node);
  scope.frame.set(name, { kind: 'symbol', qname: anchoredName(scope.file, name), text: name });
}

function bindFunction(scope: ModuleScope, node: SyntaxNode): void {
  const nameNode = childrenOf(node).find((part) => part.name === 'VariableName');
  if (nameNode) scope.frame.set(scope.state.textOf(nameNode), { kind: 'function', node, name: scope.state.textOf(nameNode), closure: scope.frame, home: scope.state });
}

/** Imports of a workspace module, with relative modules turned into file-anchored names. */
function bindAnchoredImports(node: SyntaxNode, scope: ModuleScope): void {
  const info = readImport(scope.state.source, node, scope.state.lines);
  if (!info) return;
  for (const [name, target] of bindingsOf([info])) {
    let qname = target.kind === 'module' ? target.module : `${target.module}.${target.name}`;
    if (qname.startsWith('.')) {
      const resolved = resolveQualifiedName(scope.file, qname);
      if (resolved && resolved.attributes.length > 0) qname = anchoredName(resolved.file, resolved.attributes.join('.'));
      else if (resolved) qname = anchoredName(resolved.file, '');
    }
    scope.frame.set(name, { kind: 'symbol', qname, text: name });
  }
}

/** What a name in the workspace is: a class definition in a module, or a bound value. */
export type WorkspaceName =
  | { kind: 'class'; scope: ModuleScope; node: SyntaxNode; name: string }
  /** `classAttribute`: `Class.NAME` (or `meta.naming_convention`) read from a definition, whose module may reuse NAME elsewhere. */
  | { kind: 'value'; scope: ModuleScope; value: Value; classAttribute?: string }
  /** The name leads back to a library (`sqlalchemy.types.String` re-exported by the app). */
  | { kind: 'symbol'; qname: string };

/**
 * Follows a qualified name into the workspace: the module that defines it, then the class or the
 * value bound there, through re-exports (`from .types import GUID` in a package's __init__.py).
 * Undefined when the name is not the workspace's.
 */
export function lookupWorkspaceName(qname: string, asker: InterpreterState, hops = 0): WorkspaceName | undefined {
  if (hops > MAX_HOPS) return undefined;
  const resolved = resolveFrom(asker, qname);
  if (!resolved) return hops > 0 ? { kind: 'symbol', qname } : undefined;
  const scope = moduleScope(resolved.file, asker);
  if (!scope) return undefined;
  const [first, ...rest] = resolved.attributes.filter((part) => part.length > 0);
  if (first === undefined) return { kind: 'value', scope, value: opaque(`the module ${nodePath.basename(resolved.file)} used as a value`) };
  // A package in the project's virtualenv lends its constants only: its classes and functions
  // are a library's code, which the engine does not run or model from source.
  const thirdParty = isSitePackagesFile(resolved.file);
  const classNode = scope.classes.get(first);
  if (classNode && rest.length === 0) return thirdParty ? undefined : { kind: 'class', scope, node: classNode, name: first };
  // `Model.CONSTANT`: an attribute the class body assigns (classConstants.ts says when it is one).
  if (classNode && rest.length === 1 && !thirdParty) {
    const value = classConstant(scope, classNode, rest[0], lookupClassOf);
    return value ? { kind: 'value', scope, value, classAttribute: `${first}.${rest[0]}` } : undefined;
  }
  const bound = scope.frame.lookup(first);
  // `meta.naming_convention` of a module's `meta = MetaData(naming_convention={...})`.
  if (rest.length === 1 && rest[0] === 'naming_convention' && !thirdParty) {
    const value = metadataNamingConvention(scope, first);
    if (value) return { kind: 'value', scope, value, classAttribute: `${first}.naming_convention` };
  }
  if (bound?.kind === 'symbol') return lookupWorkspaceName([bound.qname, ...rest].join('.'), scope.state, hops + 1);
  // `db.String`, `db.func.now` of a module's Flask-SQLAlchemy `db = SQLAlchemy()`: SQLAlchemy's names.
  const databaseName = bound?.kind === 'opaque' && rest.length > 0 ? flaskDatabaseAttribute(bound, rest[0]) : undefined;
  if (databaseName?.kind === 'symbol') return { kind: 'symbol', qname: [databaseName.qname, ...rest.slice(1)].join('.') };
  if (bound && rest.length === 0) return thirdParty && bound.kind === 'function' ? undefined : { kind: 'value', scope, value: bound };
  // A name bound by `from .custom import *`: follow it into the module that defines it.
  if (bound === undefined && !classNode) {
    const source = starImportSource(scope, first, (file) => moduleScope(file, asker));
    if (source) return lookupWorkspaceName(anchoredName(source, [first, ...rest].join('.')), scope.state, hops + 1);
  }
  // A package's submodule that its __init__.py does not import: `pkg.sub.Name`.
  if (nodePath.basename(resolved.file) === '__init__.py') {
    const submodule = resolveQualifiedName(resolved.file, '.' + [first, ...rest].join('.'));
    if (submodule && submodule.file !== resolved.file) return lookupWorkspaceName(anchoredName(submodule.file, submodule.attributes.join('.')), scope.state, hops + 1);
  }
  return undefined;
}

function lookupClassOf(qname: string, scope: ModuleScope): { scope: ModuleScope; node: SyntaxNode } | undefined {
  const found = lookupWorkspaceName(qname, scope.state);
  return found?.kind === 'class' ? found : undefined;
}
