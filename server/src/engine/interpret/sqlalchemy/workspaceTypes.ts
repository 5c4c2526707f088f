/**
 * Column types defined in the application (`class GUID(TypeDecorator)`, `class Timestamp(...)`),
 * read statically from the workspace module that defines them. What Alembic prints for such a
 * type is the DDL of the type the class stands for on PostgreSQL:
 *
 * - a `TypeDecorator`: what `load_dialect_impl(dialect)` returns when `dialect.name` is
 *   "postgresql" (the method is interpreted with a PostgreSQL dialect; `type_descriptor(t)` is t),
 *   else its `impl` (a type class is instantiated with the call's arguments, as
 *   `TypeDecorator.__init__` does; a type instance is used as it is);
 * - a `UserDefinedType`: the string `get_col_spec()` returns;
 * - a subclass of a SQLAlchemy type (`class CIString(sa.String)`): that type with the call's arguments.
 *
 * `cache_ok` only silences a SQLAlchemy warning and does not change the DDL. A class whose DDL
 * depends on what the engine cannot follow (its own `__init__`, a `@compiles` override, a
 * `load_dialect_impl` that reads `self`) stays opaque with a reason naming the class and why.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import type { Literal, SqlType, Step } from '../../ops';
import { attachedChecksOf, attachListeners, selfAttributes } from './attachChecks';
import type { Arg, CallArgs } from '../args';
import { evaluate, evaluateArguments } from '../evaluate';
import { assignTargets } from '../bindings';
import { Frame, type InterpreterState } from '../state';
import { libraryType } from './libraryTypes';
import { bindParameters, runStatements, statementsOf, withinStatement } from '../statements';
import { classify } from '../symbols';
import { opaque, type Value } from '../values';
import { lookupWorkspaceName, type ModuleScope } from '../workspaceModules';
import type { PythonClass } from '../pythonClasses';
import { buildType, isTypeName } from './types';
import { compiledExpression, EXPRESSION_BASES } from './compiledExpressions';
import { returnedValue } from './definitionCall';
import * as nodePath from 'node:path';

/** One class of the chain from the written class up to the SQLAlchemy base. */
interface ClassLink {
  name: string;
  scope: ModuleScope;
  node: SyntaxNode;
  /** Class attributes assigned in the body, evaluated in the module's scope. */
  attributes: Frame;
  methods: Map<string, SyntaxNode>;
}

interface ClassChain {
  links: ClassLink[];
  /** The SQLAlchemy class the chain ends in (`TypeDecorator`, `String`, ...), when it does. */
  base?: { module: string; name: string };
  /** Why the chain could not be read completely. */
  problem?: string;
}

/** Classes being read right now: `class A(B)` / `class B(A)` stops instead of recursing. */
const reading = new Set<string>();
const MAX_CHAIN = 8;

/**
 * The type an application class call (`GUID()`, `prefect.server.utilities.database.UUID()`)
 * stands for. Undefined when the name is not a class in the workspace (the caller keeps its
 * own reason); an opaque value with a specific reason when it is one that cannot be read.
 */
export function workspaceType(qname: string, args: CallArgs, state: InterpreterState): Value | undefined {
  const found = lookupWorkspaceName(qname, state);
  if (!found) return undefined;
  if (found.kind === 'symbol') return librarySymbolCall(found.qname, args);
  if (found.kind !== 'class') return undefined;
  const key = `${found.scope.file}#${found.name}`;
  if (reading.has(key)) return opaque(`the column type ${found.name} refers to itself`);
  reading.add(key);
  try {
    return typeOfClass(found.name, found.scope, found.node, args, state);
  } finally {
    reading.delete(key);
  }
}

/**
 * `sa.Column("id", GUID)`: a type class given without calling it is instantiated with no
 * arguments by SQLAlchemy (`to_instance`), so an application or third-party class given bare is
 * read as `GUID()`. Arguments that are not such a type are left as they are.
 */
export function withBareTypes(args: CallArgs, state: InterpreterState): CallArgs {
  // Every sa.Column() comes through here and almost none names a bare application type: the
  // arguments are returned as they are unless one may be such a type.
  const typeKeyword = args.keywords.get('type_');
  if (!(typeKeyword !== undefined && mayBeBareType(typeKeyword)) && !args.positional.some(mayBeBareType)) return args;
  const convert = (arg: Arg): Arg => {
    if (!mayBeBareType(arg)) return arg;
    const qname = (arg.value as { qname: string }).qname;
    if (!/^[A-Z]/.test(qname.slice(Math.max(qname.lastIndexOf('.'), qname.lastIndexOf('#')) + 1))) return arg;
    const noArguments: CallArgs = { positional: [], keywords: new Map(), node: args.node };
    const type = libraryType(qname, noArguments) ?? workspaceType(qname, noArguments, state);
    return type?.kind === 'type' ? { ...arg, value: type } : arg;
  };
  const convertedKeyword = typeKeyword ? convert(typeKeyword) : undefined;
  const keywords = convertedKeyword !== typeKeyword ? new Map(args.keywords).set('type_', convertedKeyword!) : args.keywords;
  return { ...args, positional: args.positional.map(convert), keywords };
}

function mayBeBareType(arg: Arg): boolean {
  return arg.value.kind === 'symbol' && classify(arg.value.qname).kind === 'application';
}

/** An application name that is a re-exported SQLAlchemy type (`from sqlalchemy import String as Str`). */
function librarySymbolCall(qname: string, args: CallArgs): Value | undefined {
  const origin = classify(qname);
  if (origin.kind === 'sqlalchemy' && isTypeName(origin.name)) return buildType(origin.module, origin.name, args);
  return undefined;
}

function where(link: { name: string; scope: ModuleScope; node: SyntaxNode }): string {
  const line = link.scope.state.rangeOf(link.node).start.line + 1;
  return `${link.name} (${nodePath.basename(link.scope.file)}:${line})`;
}

/** Members only a column type defines: a class with one of them is taken to be meant as a type. */
const TYPE_MEMBERS = ['impl', 'load_dialect_impl', 'get_col_spec', 'cache_ok', 'process_bind_param'];

function typeOfClass(name: string, scope: ModuleScope, node: SyntaxNode, args: CallArgs, callState: InterpreterState): Value | undefined {
  const chain = classChain(name, scope, node);
  const first = chain.links[0];
  const label = where(first);
  const looksLikeType = TYPE_MEMBERS.some((memberName) => member(chain, memberName) !== undefined);
  // An ORM model or any other class called in a data migration keeps the caller's reason.
  if (chain.problem) return looksLikeType ? opaque(`the column type ${label} cannot be read: ${chain.problem}`) : undefined;
  if (!chain.base) return undefined;
  const compiled = chain.links.find((link) => hasCompilesOverride(link));
  // A FunctionElement or another SQL expression (viseron's UTCNow as a server_default) is no type.
  const noun = /(?:Function|Element|Clause|Expression)/.test(chain.base.name) ? 'the SQL expression' : 'the column type';
  if (compiled === first && EXPRESSION_BASES.has(chain.base.name)) return hookedExpression(chain, label, args);
  if (compiled) return opaque(`${noun} ${label} has a @compiles rendering in ${nodePath.basename(compiled.scope.file)}, which the engine does not follow`);
  const base = chain.base;
  // SQLAlchemy's attach events may add table constraints (attachChecks.ts).
  const listeners = attachListeners(chain.links.map((link) => ({ name: link.name, scope: link.scope })));
  if (typeof listeners === 'string') return opaque(`the column type ${label}: ${listeners}`);
  if (base.name === 'TypeDecorator') return withAttachedChecks(decoratedType(chain, label, args), listeners, chain, label, args, callState);
  if (listeners.length > 0) return opaque(`the column type ${label} has a before_parent_attach listener, which the engine follows only on a TypeDecorator`);
  if (base.name === 'UserDefinedType') return userDefinedType(chain, label);
  const init = member(chain, '__init__');
  if (init) return opaque(`the column type ${label} defines __init__(), which the engine does not follow`);
  if (member(chain, '__visit_name__') || member(chain, 'get_col_spec')) return opaque(`the column type ${label} changes how SQLAlchemy names it (__visit_name__ / get_col_spec)`);
  if (!isTypeName(base.name)) return opaque(`the class ${label} derives from SQLAlchemy's ${base.name}, which is not a column type`);
  return buildType(base.module, base.name, args);
}

/** A FunctionElement subclass with its own `@compiles` hook (compiledExpressions.ts). */
function hookedExpression(chain: ClassChain, label: string, args: CallArgs): Value {
  const first = chain.links[0];
  if (member(chain, '__init__')) return opaque(`the SQL expression ${label} defines __init__(), which the engine does not follow`);
  const declared = member(chain, 'type');
  if (declared !== undefined && (declared.kind !== 'attribute' || declared.value.kind !== 'type')) return opaque(`the SQL expression ${label} has a type the engine cannot read`);
  const type = declared?.kind === 'attribute' && declared.value.kind === 'type' ? declared.value.type : undefined;
  const value = compiledExpression(first.name, first.scope, args, type);
  return typeof value === 'string' ? opaque(`the SQL expression ${label} has a @compiles rendering the engine does not follow: ${value}`) : value;
}

/** The type with the checks its attach listeners add (none: the type as it is). */
function withAttachedChecks(type: Value, listeners: Exclude<ReturnType<typeof attachListeners>, string>, chain: ClassChain, label: string, args: CallArgs, callState: InterpreterState): Value {
  if (listeners.length === 0 || type.kind !== 'type') return type;
  const init = member(chain, '__init__');
  const attributes = init?.kind === 'method' ? selfAttributes(init.node, init.link.scope, args) : new Map();
  if (typeof attributes === 'string') return opaque(`the column type ${label}: ${attributes}`);
  const checks: { name: string; values: Literal[] }[] = [];
  for (const listener of listeners) {
    const read = attachedChecksOf(listener, attributes, callState);
    if (typeof read === 'string') return opaque(`the column type ${label}: ${read}`);
    checks.push(...read);
  }
  return checks.length === 0 ? type : { kind: 'type', type: { ...type.type, attachedChecks: checks } };
}

function decoratedType(chain: ClassChain, label: string, callArgs: CallArgs): Value {
  const loader = member(chain, 'load_dialect_impl');
  if (loader?.kind === 'method') {
    // The method may read `self.impl` (`String(length=self.impl.length)`): the impl
    // TypeDecorator.__init__ built from the call's arguments, when the engine can build it.
    const impl = implOf(chain, label, callArgs);
    const self = impl.kind === 'type' ? instanceWithImpl(loader.link, label, impl) : undefined;
    const result = callMethod(loader.link, loader.node, [{ kind: 'runtime', what: 'dialect' }], self);
    if (result.kind === 'type') return result;
    const why = result.kind === 'opaque' ? result.reason : 'it does not return a column type';
    return opaque(`the column type ${label}: load_dialect_impl() for PostgreSQL cannot be read: ${why}`);
  }
  return implOf(chain, label, callArgs);
}

/** `self.impl` as TypeDecorator.__init__ sets it: the class's impl called with the arguments its own __init__ (if any) passes on. */
function implOf(chain: ClassChain, label: string, callArgs: CallArgs): Value {
  let args = callArgs;
  const init = member(chain, '__init__');
  if (init?.kind === 'method') {
    const passed = initArguments(init.link, init.node, args);
    if (typeof passed === 'string') return opaque(`the column type ${label} defines __init__(), which the engine cannot follow: ${passed}`);
    args = passed;
  }
  const impl = member(chain, 'impl');
  if (impl?.kind !== 'attribute') return opaque(`the column type ${label} has no impl the engine can read`);
  const value = impl.value;
  if (value.kind === 'type') return value;
  if (value.kind === 'symbol') {
    const origin = classify(value.qname);
    if (origin.kind === 'sqlalchemy' && isTypeName(origin.name)) return buildType(origin.module, origin.name, args);
    const nested = workspaceType(value.qname, args, impl.link.scope.state);
    if (nested) return nested;
  }
  const why = value.kind === 'opaque' ? value.reason : 'it is not a column type';
  return opaque(`the column type ${label}: its impl cannot be read: ${why}`);
}

function userDefinedType(chain: ClassChain, label: string): Value {
  const spec = member(chain, 'get_col_spec');
  if (spec?.kind !== 'method') return opaque(`the column type ${label} is a UserDefinedType without get_col_spec()`);
  if (member(chain, '__init__')) return opaque(`the column type ${label} defines __init__(), which the engine does not follow`);
  const result = callMethod(spec.link, spec.node, []);
  if (result.kind !== 'str') return opaque(`the column type ${label}: get_col_spec() does not return a literal: ${result.kind === 'opaque' ? result.reason : 'not a string'}`);
  const type: SqlType = { name: chain.links[0].name, module: 'application', args: [], kwargs: {}, ddl: result.value };
  return { kind: 'type', type };
}

/**
 * What a TypeDecorator's own `__init__` passes to `super().__init__(...)`, which instantiates
 * the impl. Followed when the body only stores Python-side attributes (`self._adapter = ...`) and
 * calls `super().__init__`; an `__init__` that sets `self.impl`, calls anything else or branches
 * on what the engine cannot know is not followed (the reason says which).
 */
function initArguments(link: ClassLink, node: SyntaxNode, call: CallArgs): CallArgs | string {
  const state = link.scope.state;
  const frame = new Frame(link.scope.frame);
  const self: Value = opaque(`reads self, the instance of ${link.name}`);
  const bound: CallArgs = { ...call, positional: [{ value: self, node }, ...call.positional] };
  const problem = bindParameters(node, bound, state, frame);
  if (problem) return problem;
  const body = childrenOf(node).find((part) => part.name === 'Body');
  const statements = body ? statementsOf(body) : [];
  const supers = statements.filter((statement) => SUPER_INIT.test(state.textOf(statement).trim()));
  if (supers.length > 1) return 'it calls super().__init__() more than once';
  // The arguments super().__init__() gets are read where it is called: what the statements before
  // it did to them (kf-api-dataservice's `kwargs['length'] = 11`) counts, and the call itself,
  // which the engine does not run, changes nothing it is given.
  const superAt = supers.length === 1 ? statements.indexOf(supers[0]) : statements.length;
  const saved = state.executedStatements;
  state.executedStatements = 0;
  const steps: Step[] = [];
  let passed: CallArgs | undefined;
  try {
    steps.push(...withinStatement(state, () => runStatements(statements.slice(0, superAt), state, frame)).value.steps);
    if (supers.length === 1) {
      const argList = supers[0].firstChild && childrenOf(supers[0].firstChild).find((part) => part.name === 'ArgList');
      if (!argList) return 'its super().__init__() call cannot be read';
      passed = evaluateArguments(argList, state, frame);
      steps.push(...withinStatement(state, () => runStatements(statements.slice(superAt), state, frame)).value.steps);
    }
  } finally {
    state.executedStatements = saved;
  }
  for (const step of steps) {
    if (step.kind !== 'opaque') return 'it runs migration operations';
    const source = step.source.trim();
    if (SUPER_INIT.test(source)) continue;
    // `TypeDecorator.__init__(self)` / `SchemaType.__init__(self)`: a base's own __init__ with no
    // arguments, as `super().__init__()` (SchemaType's defaults add nothing to the DDL).
    if (baseInitWithoutArguments(source, link)) continue;
    // Python-side state only: `self._adapter = TypeAdapter(...)` does not change the DDL.
    if (/^self\.\w+\s*(?::[^=]*)?=(?!=)/.test(source) && !/\bself\.impl(_instance)?\b/.test(source)) continue;
    return /\bself\.impl\b/.test(source) ? `it sets self.impl (${step.reason})` : step.reason;
  }
  if (passed === undefined) return { positional: [], keywords: new Map(), node };
  if (passed.unknownSplat) return `its super().__init__() passes ${passed.unknownSplat}`;
  return passed;
}

const SUPER_INIT = /^super\(\s*(?:\w+\s*,\s*self\s*)?\)\.__init__\(/;

function baseInitWithoutArguments(source: string, link: ClassLink): boolean {
  const match = /^(\w+)((?:\.\w+)*)\.__init__\(\s*self\s*\)$/.exec(source);
  const bound = match ? link.scope.frame.lookup(match[1]) : undefined;
  if (!match || bound?.kind !== 'symbol') return false;
  const origin = classify(bound.qname + match[2]);
  return origin.kind === 'sqlalchemy' && (origin.name === 'TypeDecorator' || origin.name === 'SchemaType');
}

/**
 * The instance a TypeDecorator method sees, of which only `impl` is known: every other attribute
 * stays unknown (the message says so), since the engine does not run the rest of __init__.
 */
function instanceWithImpl(link: ClassLink, label: string, impl: Value): Value {
  const cls: PythonClass = { name: link.name, bases: [], attributes: new Map([['impl', impl]]), abstractOwn: new Set(), abcMeta: false, where: `the instance of ${label}, of which only self.impl is known,` };
  return { kind: 'pythonInstance', cls };
}

/** Runs a method with `self` unknown (or as given); what it returns, or opaque with the first call it could not follow. */
function callMethod(link: ClassLink, node: SyntaxNode, rest: Value[], knownSelf?: Value): Value {
  const self: Value = knownSelf ?? opaque(`reads self, the instance of ${link.name}`);
  return returnedValue(node, `${link.name}.${methodName(link, node)}`, link.scope.frame, [self, ...rest], link.scope.state);
}

function methodName(link: ClassLink, node: SyntaxNode): string {
  const name = childrenOf(node).find((part) => part.name === 'VariableName');
  return name ? link.scope.state.textOf(name) : 'method';
}

type Member = { kind: 'method'; link: ClassLink; node: SyntaxNode } | { kind: 'attribute'; link: ClassLink; value: Value };

/** The first definition of `name` along the chain, as Python's attribute lookup finds it. */
function member(chain: ClassChain, name: string): Member | undefined {
  for (const link of chain.links) {
    const method = link.methods.get(name);
    if (method) return { kind: 'method', link, node: method };
    const value = link.attributes.lookupOwn(name);
    if (value) return { kind: 'attribute', link, value };
  }
  return undefined;
}

function hasCompilesOverride(link: ClassLink): boolean {
  return new RegExp(`@compiles\\(\\s*${link.name}\\b`).test(link.scope.state.source);
}

/** The class and its bases up to the SQLAlchemy class they derive from (first base first, as Python's MRO for single inheritance). */
function classChain(name: string, scope: ModuleScope, node: SyntaxNode): ClassChain {
  const chain: ClassChain = { links: [] };
  let current: { name: string; scope: ModuleScope; node: SyntaxNode } | undefined = { name, scope, node };
  while (current) {
    if (chain.links.length >= MAX_CHAIN) {
      chain.problem = 'its class hierarchy is too deep to follow';
      return chain;
    }
    const link = readClass(current.name, current.scope, current.node);
    chain.links.push(link);
    const bases = baseValues(current.scope, current.node);
    current = undefined;
    for (const base of bases) {
      if (base.kind !== 'symbol') continue;
      const origin = classify(base.qname);
      if (origin.kind === 'sqlalchemy') {
        chain.base = { module: origin.module, name: origin.name };
        return chain;
      }
      const found = lookupWorkspaceName(base.qname, link.scope.state);
      if (found?.kind === 'class') {
        current = { name: found.name, scope: found.scope, node: found.node };
        break;
      }
      if (found?.kind === 'symbol') {
        const library = classify(found.qname);
        if (library.kind === 'sqlalchemy') {
          chain.base = { module: library.module, name: library.name };
          return chain;
        }
      }
      if (/^(typing|builtins)\b/.test(base.qname) || ['Generic', 'object'].includes(base.text)) continue;
      chain.problem = `its base ${base.text} is not a class the engine can read`;
      return chain;
    }
  }
  return chain;
}

/**
 * The qualified names of the classes a workspace class derives from, through its workspace bases
 * (up to eight deep): `flask_sqlalchemy.SQLAlchemy` for houston's own SQLAlchemy.
 */
export function classBaseNames(scope: ModuleScope, node: SyntaxNode): string[] {
  const names: string[] = [];
  let pending: { scope: ModuleScope; node: SyntaxNode }[] = [{ scope, node }];
  for (let depth = 0; depth < MAX_CHAIN && pending.length > 0; depth++) {
    const next: { scope: ModuleScope; node: SyntaxNode }[] = [];
    for (const current of pending) {
      for (const base of baseValues(current.scope, current.node)) {
        // By the name it is imported as (a copy of the library in the workspace is still the library), then through it.
        const found = lookupWorkspaceName(base.qname, current.scope.state);
        names.push(found?.kind === 'symbol' ? found.qname : base.qname);
        if (found?.kind === 'class') next.push({ scope: found.scope, node: found.node });
      }
    }
    pending = next;
  }
  return names;
}

function baseValues(scope: ModuleScope, node: SyntaxNode): (Value & { kind: 'symbol' })[] {
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (!argList) return [];
  const values: (Value & { kind: 'symbol' })[] = [];
  for (const part of childrenOf(argList)) {
    if (['(', ')', ',', 'Comment'].includes(part.name)) continue;
    // `TypeDecorator[uuid.UUID]`: the generic parameter does not change the class.
    const target = part.name === 'MemberExpression' && childrenOf(part).some((child) => child.name === '[') ? part.firstChild! : part;
    const value = evaluate(target, scope.state, scope.frame);
    if (value.kind === 'symbol') values.push(value);
  }
  return values;
}

function readClass(name: string, scope: ModuleScope, node: SyntaxNode): ClassLink {
  const attributes = new Frame(scope.frame);
  const methods = new Map<string, SyntaxNode>();
  const body = childrenOf(node).find((part) => part.name === 'Body');
  for (const statement of body ? statementsOf(body) : []) {
    const definition = statement.name === 'DecoratedStatement' ? childrenOf(statement).find((part) => part.name === 'FunctionDefinition') : statement;
    if (definition?.name === 'FunctionDefinition') {
      const nameNode = childrenOf(definition).find((part) => part.name === 'VariableName');
      if (nameNode) methods.set(scope.state.textOf(nameNode), definition);
    } else if (statement.name === 'AssignStatement') {
      withinStatement(scope.state, () => assignTargets(statement, scope.state, attributes));
    }
  }
  return { name, scope, node, attributes, methods };
}

