/**
 * `sa.Enum(Status, name="status")` and `postgresql.ENUM(Status, ...)` given a Python enum class
 * (PEP 435) defined in the migration or in the application's modules. SQLAlchemy takes the
 * members' names (not their values) as the type's labels, leaves out aliases (a member whose value
 * equals an earlier one's) unless `omit_aliases=False`, and names the type after the class in
 * lower case when no `name` is given and the class has members.
 *
 * A class is read, never run: its bases must be `enum.Enum`, `IntEnum`, `StrEnum` or `ReprEnum`,
 * `str` or `int` as a mixin, or the application's own memberless enum classes and plain mixin
 * classes (up to eight deep), and its body only docstrings, `pass`, methods and members assigned
 * a literal string or number, or all of them `auto()`. Anything else (a `Flag`, a private or
 * sunder name, a computed value, `__new__` or `__eq__` along the bases) is not taken as an enum.
 * `values_callable` is read when it is the usual lambda over the members' values or names
 * (valuesCallableLabels); any other stays opaque, since it runs Python on the class.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import type { Arg, CallArgs } from '../args';
import { evaluate } from '../evaluate';
import type { Frame, InterpreterState } from '../state';
import { statementsOf } from '../statements';
import { classify } from '../symbols';
import { opaque, type Value } from '../values';
import { lookupWorkspaceName } from '../workspaceModules';
import { noteLocalTypeClass } from './localTypeClasses';
import { migrationClass } from '../pythonClasses';

/** A Python enum class as SQLAlchemy sees it: its name and its members in definition order. */
export interface PythonEnumClass {
  name: string;
  /** Each member's name, whether it is an alias of an earlier member, and its value when written as a literal. */
  members: { name: string; alias: boolean; value?: Value }[];
  /**
   * A ReprEnum (IntEnum, StrEnum, or ReprEnum with an int or str mixin) without its own
   * __str__/__format__: `format(member)`, and so an f-string field, gives the member's value as
   * that int or str on every Python version. Other enums differ between versions (3.12 changed
   * Enum.__format__ for mixed-in enums), so they are not formatted.
   */
  formatsAs?: 'int' | 'str';
}

/**
 * The enum class an `Enum(Class)` type was made of, and the class a member value comes from:
 * SQLAlchemy binds a member to its name only in a column of its own class's Enum type (another
 * class's member fails its lookup), so both sides are kept by identity.
 */
export const enumClassOfType = new WeakMap<object, PythonEnumClass>();
export const enumClassOfMember = new WeakMap<object, PythonEnumClass>();

/** The enum classes the migration defines, keyed by the value its class name is bound to. */
const enumClassOfValue = new WeakMap<object, PythonEnumClass>();

/** The value a class definition binds its name to; an enum class keeps its members beside it. */
export function classDefinitionValue(node: SyntaxNode, name: string, state: InterpreterState, frame: Frame, reason: string): Value {
  const value = opaque(reason);
  const enumClass = readEnumClass(node, name, state, frame);
  if (enumClass) {
    enumClassOfValue.set(value, enumClass);
    return value;
  }
  // A plain class of constants and helpers (no base, no decorator) is a Python object like the
  // project's own classes; anything else (an ORM model, a type) keeps its reason.
  const plain = migrationClass(node, name, state, frame);
  if (plain) return { kind: 'pythonClass', cls: plain };
  noteLocalTypeClass(value, node, state, frame, methodsOf(node, state));
  return value;
}

const ENUM_BASES = new Set(['enum.Enum', 'enum.IntEnum', 'enum.StrEnum', 'enum.ReprEnum']);
const MIXINS = new Set(['builtins.str', 'builtins.int', 'builtins.object']);
/** Methods that change how members are made or compared: their values, and so the aliases, are Python's to compute. */
const VALUE_METHODS = new Set(['__new__', '__init__', '__eq__', '__hash__', '__init_subclass__', '_generate_next_value_']);
const MAX_BASES = 8;

/** What a class's bases make of it: an enum (directly or through the application's own base classes), and the methods along the way. */
interface Lineage {
  isEnum: boolean;
  methods: Set<string>;
  /** IntEnum, StrEnum or ReprEnum among the bases, directly or through the project's own. */
  reprEnum: boolean;
  /** The int or str the members are made of (IntEnum and StrEnum bring their own). */
  mixin?: 'int' | 'str';
}

/** What each standard enum base brings to a lineage. */
const REPR_ENUM_MIXINS: Record<string, 'int' | 'str' | undefined> = { 'enum.IntEnum': 'int', 'enum.StrEnum': 'str', 'enum.ReprEnum': undefined };

/**
 * The bases of a class: `enum.Enum` and its kin, `str`/`int`, or classes of the application's
 * modules that are themselves memberless enums or plain mixins (methods and attributes only,
 * which an enum's members do not come from). Undefined when a base is anything else.
 */
function lineageOf(node: SyntaxNode, state: InterpreterState, frame: Frame, depth: number): Lineage | undefined {
  if (depth > MAX_BASES) return undefined;
  const lineage: Lineage = { isEnum: false, methods: new Set(methodsOf(node, state)), reprEnum: false };
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  for (const base of argList ? childrenOf(argList) : []) {
    if (['(', ')', ',', 'Comment'].includes(base.name)) continue;
    const value = evaluate(base, state, frame);
    if (value.kind !== 'symbol') return undefined;
    const application = classify(value.qname).kind === 'application';
    const found = application ? lookupWorkspaceName(value.qname, state) : undefined;
    // A standard base the application re-exports (`from .compat import StrEnum`, whose module
    // imports it from enum, or defines it in an `except ImportError:` for old Pythons).
    const qname = found?.kind === 'symbol' ? found.qname : value.qname;
    if (ENUM_BASES.has(qname)) {
      lineage.isEnum = true;
      if (qname in REPR_ENUM_MIXINS) {
        lineage.reprEnum = true;
        lineage.mixin ??= REPR_ENUM_MIXINS[qname];
      }
      continue;
    }
    if (MIXINS.has(qname)) {
      if (qname === 'builtins.int') lineage.mixin ??= 'int';
      if (qname === 'builtins.str') lineage.mixin ??= 'str';
      continue;
    }
    if (found?.kind !== 'class') return undefined;
    const inherited = lineageOf(found.node, found.scope.state, found.scope.frame, depth + 1);
    if (!inherited) return undefined;
    // An enum with members cannot be subclassed; a memberless one (a project's base enum) can.
    if (inherited.isEnum && membersOf(found.node, found.scope.state, found.scope.frame)?.length !== 0) return undefined;
    if (inherited.isEnum) lineage.isEnum = true;
    if (inherited.reprEnum) lineage.reprEnum = true;
    if (inherited.mixin) lineage.mixin ??= inherited.mixin;
    for (const method of inherited.methods) lineage.methods.add(method);
  }
  return lineage;
}

function methodsOf(node: SyntaxNode, state: InterpreterState): string[] {
  const body = childrenOf(node).find((part) => part.name === 'Body');
  const names: string[] = [];
  for (const statement of body ? statementsOf(body) : []) {
    const definition = statement.name === 'DecoratedStatement' ? childrenOf(statement).find((part) => part.name === 'FunctionDefinition') : statement;
    if (definition?.name !== 'FunctionDefinition') continue;
    const nameNode = childrenOf(definition).find((part) => part.name === 'VariableName');
    if (nameNode) names.push(state.textOf(nameNode));
  }
  return names;
}

/** Reads a class definition as a Python enum; undefined when it is not one the engine can read. */
export function readEnumClass(node: SyntaxNode, name: string, state: InterpreterState, frame: Frame): PythonEnumClass | undefined {
  const lineage = lineageOf(node, state, frame, 0);
  if (!lineage?.isEnum) return undefined;
  const members = membersOf(node, state, frame);
  if (!members || members.length === 0 || new Set(members.map((member) => member.name)).size !== members.length) return undefined;
  // A method defined under a member's name replaces it, as any later binding in a class body does.
  const own = new Set(methodsOf(node, state));
  if (members.some((member) => own.has(member.name))) return undefined;
  if ([...VALUE_METHODS].some((method) => method !== '_generate_next_value_' && lineage.methods.has(method))) return undefined;
  const autos = members.filter((member) => member.value === 'auto').length;
  // auto() after explicit values continues from them, which may make an alias: not read; nor a
  // project's own _generate_next_value_ (its values are Python's to compute).
  if (autos > 0 && (autos !== members.length || lineage.methods.has('_generate_next_value_'))) return undefined;
  const seen: Value[] = [];
  const read: PythonEnumClass = { name, members: [] };
  if (lineage.reprEnum && lineage.mixin && !lineage.methods.has('__str__') && !lineage.methods.has('__format__')) read.formatsAs = lineage.mixin;
  for (const member of members) {
    const value = member.value;
    const alias = value !== 'auto' && seen.some((earlier) => equalLiterals(earlier, value));
    if (value !== 'auto' && !alias) seen.push(value);
    read.members.push(value === 'auto' ? { name: member.name, alias } : { name: member.name, alias, value });
  }
  // Numbers and strings never compare equal in Python, but a str mixin turns numbers into strings.
  if (seen.some((value) => value.kind === 'num') && seen.some((value) => value.kind === 'str')) return undefined;
  return read;
}

function isAutoCall(node: SyntaxNode, state: InterpreterState, frame: Frame): boolean {
  if (node.name !== 'CallExpression' || !node.firstChild) return false;
  const callee = evaluate(node.firstChild, state, frame);
  const args = childrenOf(node).find((part) => part.name === 'ArgList');
  return callee.kind === 'symbol' && callee.qname === 'enum.auto' && !!args && childrenOf(args).every((part) => ['(', ')'].includes(part.name));
}

function equalLiterals(a: Value, b: Value): boolean {
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'num' && b.kind === 'num') return a.value === b.value;
  return false;
}

/** The enum class an argument stands for: one the migration defines, or one of the application's modules. */
export function enumClassOf(value: Value, state: InterpreterState): PythonEnumClass | undefined {
  if (value.kind === 'opaque') return enumClassOfValue.get(value);
  if (value.kind !== 'symbol' || classify(value.qname).kind !== 'application') return undefined;
  const found = lookupWorkspaceName(value.qname, state);
  if (found?.kind !== 'class') return undefined;
  return readEnumClass(found.node, found.name, found.scope.state, found.scope.frame);
}

/**
 * The arguments of `Enum(...)` / `ENUM(...)` with a Python enum class in place of its labels, as
 * SQLAlchemy reads them; the arguments unchanged when the first is not such a class; an opaque
 * value when the labels depend on Python the engine does not run.
 */
export function withEnumClassLabels(args: CallArgs, state: InterpreterState): CallArgs | Value {
  if (args.positional.length !== 1) return args;
  const first = args.positional[0];
  const enumClass = enumClassOf(first.value, state);
  if (!enumClass) return args;
  const omitAliases = args.keywords.get('omit_aliases');
  if (omitAliases && omitAliases.value.kind !== 'bool') return opaque('omit_aliases= of Enum() is not a literal');
  const keepAliases = omitAliases?.value.kind === 'bool' && omitAliases.value.value === false;
  const valuesCallable = args.keywords.get('values_callable');
  let names: string[];
  if (valuesCallable) {
    const called = valuesCallableLabels(valuesCallable.node, enumClass, state);
    if (typeof called === 'string') return opaque(`the labels of the enum ${enumClass.name} come from values_callable: ${called}`);
    names = called;
  } else names = enumClass.members.filter((member) => keepAliases || !member.alias).map((member) => member.name);
  const labels = names.map((name): Arg => ({ value: { kind: 'str', value: name }, node: first.node }));
  const keywords = new Map(args.keywords);
  keywords.delete('omit_aliases');
  keywords.delete('values_callable');
  // Python's str.lower() and JavaScript's toLowerCase() agree on ASCII.
  if (!keywords.has('name') && !/^[\x00-\x7f]*$/.test(enumClass.name)) return opaque(`the enum ${enumClass.name} is named after its class, in lower case, by Python`);
  if (labels.length > 0 && !keywords.has('name')) keywords.set('name', { value: { kind: 'str', value: enumClass.name.toLowerCase() }, node: first.node });
  return { ...args, positional: labels, keywords };
}

/**
 * What `values_callable` returns for the class, when it is the usual one-line lambda over the
 * class's members: `lambda x: [e.value for e in x]` (the form SQLAlchemy's documentation shows),
 * `e.name`, or either inside `str(...)`. SQLAlchemy calls it with the class, and iterating an enum
 * class gives its members without aliases. Anything else is a reason it is not read.
 */
function valuesCallableLabels(node: SyntaxNode, enumClass: PythonEnumClass, state: InterpreterState): string[] | string {
  const unread = 'it is not a lambda of the form `lambda x: [e.value for e in x]`';
  if (node.name !== 'LambdaExpression') return unread;
  const parts = childrenOf(node).filter((part) => part.name !== 'Comment');
  const params = parts.find((part) => part.name === 'ParamList');
  const paramNames = params ? childrenOf(params) : [];
  const body = parts[parts.length - 1];
  if (paramNames.length !== 1 || paramNames[0].name !== 'VariableName' || body.name !== 'ArrayComprehensionExpression') return unread;
  const comprehension = childrenOf(body).filter((part) => part.name !== 'Comment');
  // `[` element `for` V `in` P `]`: one loop over the parameter, no condition.
  if (comprehension.length !== 7 || comprehension[2].name !== 'for' || comprehension[3].name !== 'VariableName' || comprehension[4].name !== 'in' || comprehension[5].name !== 'VariableName') return unread;
  if (state.textOf(comprehension[5]) !== state.textOf(paramNames[0])) return unread;
  const member = state.textOf(comprehension[3]);
  let element = comprehension[1];
  let asStr = false;
  if (element.name === 'CallExpression') {
    const [callee, argList] = childrenOf(element);
    const inner = argList ? childrenOf(argList).filter((part) => part.name !== '(' && part.name !== ')') : [];
    if (callee?.name !== 'VariableName' || state.textOf(callee) !== 'str' || inner.length !== 1) return unread;
    element = inner[0];
    asStr = true;
  }
  const access = childrenOf(element);
  if (element.name !== 'MemberExpression' || access.length !== 3 || access[0].name !== 'VariableName' || state.textOf(access[0]) !== member || access[1].name !== '.') return unread;
  const attribute = state.textOf(access[2]);
  if (attribute !== 'value' && attribute !== 'name') return unread;
  const labels: string[] = [];
  for (const one of enumClass.members) {
    if (one.alias) continue;
    if (attribute === 'name') {
      labels.push(one.name);
      continue;
    }
    const value = one.value;
    if (value?.kind === 'str') labels.push(value.value);
    // str() of an integer is its decimal digits; SQLAlchemy would print a bare number otherwise.
    else if (asStr && value?.kind === 'num' && Number.isInteger(value.value) && !value.float) labels.push(String(value.value));
    else return `the value of ${enumClass.name}.${one.name} is ${value === undefined ? 'made by auto()' : 'not a string'}`;
  }
  return labels;
}

/** The members a class body assigns, in order; undefined when the body holds anything else. */
function membersOf(node: SyntaxNode, state: InterpreterState, frame: Frame): { name: string; value: Value | 'auto' }[] | undefined {
  const body = childrenOf(node).find((part) => part.name === 'Body');
  const members: { name: string; value: Value | 'auto' }[] = [];
  for (const statement of body ? statementsOf(body) : []) {
    if (statement.name === 'PassStatement' || statement.name === 'FunctionDefinition') continue;
    // `@enum.member` makes a member of a function: only other decorators are methods.
    if (statement.name === 'DecoratedStatement') {
      if (/@\s*(?:enum\s*\.\s*)?(?:member|nonmember)\b/.test(state.textOf(statement))) return undefined;
      continue;
    }
    if (statement.name === 'ExpressionStatement' && childrenOf(statement).every((part) => part.name === 'String' || part.name === 'ContinuedString')) continue;
    if (statement.name !== 'AssignStatement') return undefined;
    const written = childrenOf(statement).filter((part) => part.name !== 'Comment');
    // `BALSAMIC: str = "balsamic"` is a member like `BALSAMIC = "balsamic"` (the annotation changes
    // nothing at run time: Clinical-Genomics/cg); a bare annotation `X: str` makes none.
    if (written.length === 2 && written[0].name === 'VariableName' && written[1].name === 'TypeDef') continue;
    const parts = written[1]?.name === 'TypeDef' ? [written[0], ...written.slice(2)] : written;
    if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') return undefined;
    const memberName = state.textOf(parts[0]);
    // A dunder name (`__titles__ = [...]`) is a plain class attribute, never a member (Python's
    // enum skips them), unless it is one of the methods that decide values.
    if (/^__\w+__$/.test(memberName) && !VALUE_METHODS.has(memberName)) continue;
    // `_ignore_`, `_order_`, private names: Python's enum treats them specially.
    if (memberName.startsWith('_')) return undefined;
    if (isAutoCall(parts[2], state, frame)) {
      members.push({ name: memberName, value: 'auto' });
      continue;
    }
    const value = evaluate(parts[2], state, frame);
    if (value.kind !== 'str' && value.kind !== 'num') return undefined;
    members.push({ name: memberName, value });
  }
  return members;
}
