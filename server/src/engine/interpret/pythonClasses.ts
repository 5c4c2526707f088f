/**
 * Plain classes of the project's modules as Python objects: a class is built from its definition
 * (bases, body, class decorators) the way Python's `class` statement builds it, and an instance
 * of it is an object whose attributes come from the class's method resolution order. This is what
 * lets a value an env.py passes to `upgrade(op, tester)` (an instance of a project class, maybe
 * built by a decorator with `type(name, bases, namespace)`) be followed: its methods are the
 * project's functions, run like helpers, and its class attributes are values.
 *
 * Only what can be read without running anything the engine does not model is taken:
 * - bases: other such classes, `object`, `abc.ABC`; keyword `metaclass=abc.ABCMeta`;
 * - body: docstrings, `pass`, assignments of one name, functions, and functions decorated with
 *   `staticmethod` or `abc.abstractmethod`;
 * - class decorators: `six.add_metaclass(abc.ABCMeta)`, and functions of the project's modules
 *   (run as helpers; the result must be a class);
 * - no dunder names in any class body (`__init__`, `__getattr__`, `__bool__`, ... change what
 *   building, reading or testing the object does).
 * ABCMeta's rule is followed: a class whose abstract methods are not all overridden cannot be
 * instantiated (TypeError), so such a call stays unknown. Anything else leaves the class unknown
 * with a reason.
 */
import * as nodePath from 'node:path';
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { CallArgs } from './args';
import { callValue } from './calls';
import { decoratorOf } from './decorators';
import { evaluate, evaluateArguments } from './evaluate';
import { Frame, type InterpreterState } from './state';
import { statementsOf, withinStatement } from './statements';
import { opaque, stringSet, str, type Value } from './values';
import { lookupWorkspaceName, type ModuleScope } from './workspaceModules';

export interface PythonClass {
  name: string;
  /** Direct bases that are classes the engine built (`object` is left out). */
  bases: PythonClass[];
  /** The class body's namespace. */
  attributes: Map<string, Value>;
  /** Names the body marks with `@abstractmethod`. */
  abstractOwn: Set<string>;
  /** `abc.ABCMeta` (directly, through `abc.ABC`, `six.add_metaclass` or a base), or the plain `type`. */
  abcMeta: boolean;
  /** Where the class was defined, for messages. */
  where: string;
}

type ClassValue = Extract<Value, { kind: 'pythonClass' }>;
type FunctionValue = Extract<Value, { kind: 'function' }>;

const MAX_DEPTH = 8;

/** Classes built per asking migration (a decorator runs once per class, as Python runs it at import). */
const built = new WeakMap<Map<string, string>, Map<SyntaxNode, PythonClass | string>>();

/** The class a workspace name leads to, or a reason why it cannot be built; undefined when the name is not a workspace class. */
export function workspaceClass(qname: string, state: InterpreterState, depth = 0): PythonClass | string | undefined {
  const found = lookupWorkspaceName(qname, state);
  if (found?.kind !== 'class') return undefined;
  return classOfDefinition(found.scope, found.node, found.name, depth);
}

/**
 * A class the migration itself defines with no base and no decorator (rctab-api's
 * `class FinanceHistorySql:` holding SQL strings): built the same way, in the migration's scope.
 */
export function migrationClass(node: SyntaxNode, name: string, state: InterpreterState, frame: Frame): PythonClass | undefined {
  if (node.parent?.name === 'DecoratedStatement') return undefined;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (argList && childrenOf(argList).some((part) => !['(', ')', 'Comment'].includes(part.name))) return undefined;
  const built = buildClass({ file: state.file, state, frame }, node, name, 0);
  return typeof built === 'string' ? undefined : built;
}

function classOfDefinition(scope: ModuleScope, node: SyntaxNode, name: string, depth: number): PythonClass | string {
  const cache = built.get(scope.state.dependencies) ?? built.set(scope.state.dependencies, new Map()).get(scope.state.dependencies)!;
  const known = cache.get(node);
  if (known !== undefined) return known;
  if (depth > MAX_DEPTH) return `the class ${name} derives from classes nested too deeply to follow`;
  // A class reached again while being built derives from itself: Python fails on it.
  cache.set(node, `the class ${name} refers to itself while it is being defined`);
  const result = buildClass(scope, node, name, depth);
  cache.set(node, result);
  return result;
}

/** What building a class reads of the module holding it. */
type ClassHome = Pick<ModuleScope, 'file' | 'state' | 'frame'>;

function buildClass(scope: ClassHome, node: SyntaxNode, name: string, depth: number): PythonClass | string {
  const state = scope.state;
  const where = `${name} (${nodePath.basename(scope.file)})`;
  const cls: PythonClass = { name, bases: [], attributes: new Map(), abstractOwn: new Set(), abcMeta: false, where };
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  if (argList) {
    const parts = childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
    for (let i = 0; i < parts.length; i++) {
      if (parts[i + 1]?.name === 'AssignOp') {
        const keyword = state.textOf(parts[i]);
        const value = evaluate(parts[i + 2], state, scope.frame);
        if (keyword !== 'metaclass' || !isSymbol(value, 'abc.ABCMeta')) return `the class ${where} passes ${keyword}= to its metaclass, which the engine does not follow`;
        cls.abcMeta = true;
        i += 2;
        continue;
      }
      const base = evaluate(parts[i], state, scope.frame);
      if (isSymbol(base, 'builtins.object')) continue;
      if (isSymbol(base, 'abc.ABC')) {
        cls.abcMeta = true;
        continue;
      }
      const baseClass = base.kind === 'pythonClass' ? base.cls : base.kind === 'symbol' ? workspaceClass(base.qname, state, depth + 1) : undefined;
      if (typeof baseClass !== 'object') return typeof baseClass === 'string' ? baseClass : `the class ${where} derives from ${state.shortText(parts[i])}, which the engine does not model`;
      cls.bases.push(baseClass);
    }
  }
  if (cls.bases.some((base) => base.abcMeta)) cls.abcMeta = true;
  const body = childrenOf(node).find((part) => part.name === 'Body');
  const classFrame = new Frame(scope.frame);
  for (const statement of body ? statementsOf(body) : []) {
    const problem = bodyStatement(statement, cls, state, scope.frame, classFrame);
    if (problem) return `the class ${where}: ${problem}`;
  }
  let result: PythonClass | string = cls;
  const decorators = node.parent?.name === 'DecoratedStatement' ? childrenOf(node.parent).filter((part) => part.name === 'Decorator') : [];
  // Decorators apply from the innermost (the last written) outwards.
  for (const decorator of decorators.reverse()) {
    if (typeof result === 'string') break;
    result = applyClassDecorator(decorator, result, state, scope.frame);
  }
  return result;
}

function isSymbol(value: Value, qname: string): boolean {
  return value.kind === 'symbol' && value.qname === qname;
}

function isDunder(name: string): boolean {
  return /^__\w+__$/.test(name);
}

function bodyStatement(statement: SyntaxNode, cls: PythonClass, state: InterpreterState, module: Frame, classFrame: Frame): string | undefined {
  switch (statement.name) {
    case 'PassStatement':
      return undefined;
    case 'ExpressionStatement': {
      const expression = statement.firstChild;
      return expression?.name === 'String' || expression?.name === 'ContinuedString' ? undefined : `runs ${state.shortText(statement)} in its body`;
    }
    case 'AssignStatement': {
      const parts = childrenOf(statement).filter((part) => part.name !== 'Comment');
      if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') return `assigns ${state.shortText(statement)} in its body`;
      const name = state.textOf(parts[0]);
      if (isDunder(name)) return `sets ${name}`;
      const evaluated = withinStatement(state, () => evaluate(parts[2], state, classFrame));
      if (evaluated.effect || evaluated.steps.length > 0) return `computes ${name} with a call the engine does not follow`;
      classFrame.set(name, evaluated.value);
      cls.attributes.set(name, evaluated.value);
      return undefined;
    }
    case 'FunctionDefinition':
    case 'DecoratedStatement': {
      const definition = statement.name === 'FunctionDefinition' ? statement : childrenOf(statement).find((part) => part.name === 'FunctionDefinition');
      const nameNode = definition && childrenOf(definition).find((part) => part.name === 'VariableName');
      if (!definition || !nameNode) return `defines ${state.shortText(statement)}`;
      const name = state.textOf(nameNode);
      if (isDunder(name)) return `defines ${name}(), which the engine does not follow`;
      // A method's body sees the module's names, not the class body's.
      const fn: FunctionValue = { kind: 'function', node: definition, name: `${cls.name}.${name}`, closure: module, home: state };
      for (const decorator of statement.name === 'DecoratedStatement' ? childrenOf(statement).filter((part) => part.name === 'Decorator') : []) {
        const { callee, argList } = decoratorOf(decorator, state, module);
        const value = argList ? undefined : callee;
        if (value && isSymbol(value, 'builtins.staticmethod')) fn.method = 'static';
        else if (value && isSymbol(value, 'abc.abstractmethod')) {
          cls.abstractOwn.add(name);
          fn.method ??= 'abstract';
        }
        else return `decorates ${name}() with ${state.shortText(decorator)}, which the engine does not follow`;
      }
      classFrame.set(name, fn);
      cls.attributes.set(name, fn);
      return undefined;
    }
    default:
      return `has ${state.shortText(statement)} in its body`;
  }
}

function applyClassDecorator(decorator: SyntaxNode, cls: PythonClass, state: InterpreterState, module: Frame): PythonClass | string {
  const { callee, argList } = decoratorOf(decorator, state, module);
  const text = state.shortText(decorator);
  // `@six.add_metaclass(ABCMeta)`: the class made again with that metaclass.
  if (argList) {
    const args = evaluateArguments(argList, state, module);
    if (isSymbol(callee, 'six.add_metaclass') && args.positional.length === 1 && args.keywords.size === 0 && isSymbol(args.positional[0].value, 'abc.ABCMeta')) {
      return { ...cls, abcMeta: true };
    }
    return `the class ${cls.where} is decorated with ${text}, which the engine does not follow`;
  }
  const fn = callee.kind === 'function' ? callee : callee.kind === 'symbol' ? workspaceFunction(callee.qname, state) : undefined;
  if (!fn) return `the class ${cls.where} is decorated with ${text}, which the engine does not follow`;
  const args: CallArgs = { positional: [{ value: { kind: 'pythonClass', cls }, node: decorator }], keywords: new Map(), node: decorator };
  const result = withinStatement(state, () => callValue(fn, args, state, decorator));
  if (result.effect || result.steps.length > 0) return `the class decorator ${text} does what the engine cannot follow${result.effect ? ` (${result.effect})` : ''}`;
  if (result.value.kind !== 'pythonClass') return `the class decorator ${text} returns ${result.value.kind === 'opaque' ? result.value.reason : 'something other than a class'}`;
  return result.value.cls;
}

function workspaceFunction(qname: string, state: InterpreterState): FunctionValue | undefined {
  const found = lookupWorkspaceName(qname, state);
  if (found?.kind !== 'value' || found.value.kind !== 'function') return undefined;
  return { ...found.value, home: found.value.home ?? found.scope.state };
}

/** C3 linearisation, as Python orders a class's bases for attribute lookup; undefined when inconsistent (Python's TypeError). */
function mro(cls: PythonClass): PythonClass[] | undefined {
  const sequences: PythonClass[][] = [];
  for (const base of cls.bases) {
    const order = mro(base);
    if (!order) return undefined;
    sequences.push(order);
  }
  sequences.push([...cls.bases]);
  const out: PythonClass[] = [cls];
  for (;;) {
    const remaining = sequences.filter((sequence) => sequence.length > 0);
    if (remaining.length === 0) return out;
    const head = remaining.map((sequence) => sequence[0]).find((candidate) => !remaining.some((sequence) => sequence.indexOf(candidate) > 0));
    if (!head) return undefined;
    out.push(head);
    for (const sequence of remaining) if (sequence[0] === head) sequence.shift();
  }
}

function lookupAttribute(cls: PythonClass, name: string): Value | undefined {
  for (const owner of mro(cls) ?? []) {
    const value = owner.attributes.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** ABCMeta's `__abstractmethods__`: abstract names of the namespace, and the bases' abstract names still abstract here. */
function abstractMethods(cls: PythonClass): string[] {
  const names = new Set(cls.abstractOwn);
  for (const base of cls.bases) {
    for (const name of abstractMethods(base)) {
      const owner = (mro(cls) ?? []).find((candidate) => candidate.attributes.has(name));
      if (owner && owner.abstractOwn.has(name)) names.add(name);
    }
  }
  return [...names];
}

/** `type(name, bases, namespace)`: a class made at run time (a decorator's usual way to derive one). */
export function makeClass(args: CallArgs): Value | undefined {
  if (args.positional.length !== 3 || args.keywords.size > 0 || args.unknownSplat) return undefined;
  const [name, bases, namespace] = args.positional.map((arg) => arg.value);
  if (name.kind !== 'str' || bases.kind !== 'seq' || !bases.tuple) return undefined;
  const entries = namespace.kind === 'dict' ? namespace.entries : namespace.kind === 'opaque' ? namespace.unorderedEntries : undefined;
  if (!entries || bases.items.some((base) => base.kind !== 'pythonClass')) return undefined;
  const cls: PythonClass = {
    name: name.value,
    bases: bases.items.map((base) => (base as ClassValue).cls),
    attributes: new Map(),
    abstractOwn: new Set(),
    abcMeta: bases.items.some((base) => (base as ClassValue).cls.abcMeta),
    where: `${name.value} (made by type())`,
  };
  for (const entry of entries) {
    if (entry.key.kind !== 'str' || isDunder(entry.key.value)) return undefined;
    cls.attributes.set(entry.key.value, entry.value);
  }
  if (!mro(cls)) return undefined;
  return { kind: 'pythonClass', cls };
}

/** Calling a class: an instance, when nothing runs at construction (no `__init__`, no arguments, no abstract method left). */
export function instantiate(cls: PythonClass, args: CallArgs): Value {
  if (args.positional.length > 0 || args.keywords.size > 0 || args.unknownSplat) return opaque(`builds ${cls.where} with arguments, which object() refuses without an __init__ the engine follows`);
  if (!mro(cls)) return opaque(`the bases of ${cls.where} have no consistent order (Python raises TypeError)`);
  const abstract = cls.abcMeta ? abstractMethods(cls) : [];
  if (abstract.length > 0) return opaque(`cannot instantiate ${cls.where}: abstract methods ${abstract.sort().join(', ')} (Python raises TypeError)`);
  return { kind: 'pythonInstance', cls };
}

/** An attribute of a class (`Class.name`) or of an instance (methods bound to it). */
export function objectAttribute(target: Extract<Value, { kind: 'pythonClass' | 'pythonInstance' }>, name: string, state: InterpreterState): Value {
  const cls = target.cls;
  if (target.kind === 'pythonClass' && name === '__name__') return str(cls.name);
  if (target.kind === 'pythonClass' && name === '__abstractmethods__') {
    return cls.abcMeta ? stringSet(abstractMethods(cls)) : opaque(`${cls.where} has no __abstractmethods__ (Python raises AttributeError)`);
  }
  const value = lookupAttribute(cls, name);
  if (value === undefined) return opaque(`${cls.where} has no attribute ${name} the engine knows of`);
  if (value.kind === 'symbol') {
    const nested = workspaceClass(value.qname, state);
    if (typeof nested === 'object') return { kind: 'pythonClass', cls: nested };
    return value;
  }
  if (value.kind === 'function' && target.kind === 'pythonInstance' && value.method !== 'static') return { ...value, self: target };
  return value;
}
