/**
 * CHECK constraints an application column type adds through SQLAlchemy's attach events: a type
 * class (a `TypeDecorator, SchemaType`, as indico's `PyIntEnum`) whose module registers
 * `@listens_for(TypeClass, 'before_parent_attach')`. SQLAlchemy calls that listener with the type
 * and the column when the type is given to `Column()`; a listener that registers
 * `@listens_for(col, 'after_parent_attach')` on the column runs again when the column joins a
 * table (create_table, add_column: Alembic builds a table around it), and a `CheckConstraint`
 * over the column made there attaches itself to that table. Alembic then prints it as a table
 * constraint (in CREATE TABLE, or `ALTER TABLE ... ADD CONSTRAINT` after ADD COLUMN), named by the
 * naming convention's `ck` template.
 *
 * The listener is read, never run, when it has this shape (any names):
 *
 *     @listens_for(TypeClass, 'before_parent_attach')
 *     def listener(type_, col):
 *         @listens_for(col, 'after_parent_attach')
 *         def attached(col, table):
 *             value = type_coerce(col, SmallInteger)        # an integer type; optional
 *             check = CheckConstraint(value.in_(x.value for x in type_.members if x not in type_.excluded), f'prefix_{col.name}')
 *             check.info[...] = ...                          # optional: Python-side only
 *             assert ...                                     # optional
 *
 * where `type_.members` is an enum class the type's `__init__` stored from its argument (read as
 * sqlalchemy/enumClasses.ts reads enum classes, with integer values), and `type_.excluded` the
 * members given as a literal set, list or tuple (`frozenset(excluded or ())`). Any other listener
 * on the type, or `event.listen(TypeClass, ...)`, leaves the type opaque with a reason naming it.
 */
import * as nodePath from 'node:path';
import { childrenOf, decodeStringLiteral, type SyntaxNode } from '../../../python/parser';
import type { Literal } from '../../ops';
import type { CallArgs } from '../args';
import { evaluate } from '../evaluate';
import { Frame } from '../state';
import { statementsOf } from '../statements';
import { classify } from '../symbols';
import { decoratorOf } from '../decorators';
import type { Value } from '../values';
import type { ModuleScope } from '../workspaceModules';
import { enumClassOf } from './enumClasses';

/** What a type's `__init__` stores on `self`: the argument given for it (or its default). */
export interface SelfAttribute {
  value: Value;
  /** The argument's expression in the call, when one was given. */
  node?: SyntaxNode;
  /** `frozenset(arg or ())` / `set(...)`: a collection of members. */
  collection: boolean;
}

export interface TypeClassRef {
  name: string;
  scope: ModuleScope;
}

const INTEGER_TYPES = new Set(['SmallInteger', 'Integer', 'BigInteger', 'SMALLINT', 'INTEGER', 'BIGINT']);

/** The `before_parent_attach` listeners of the classes (their definitions), or a reason when one cannot be read. */
export function attachListeners(classes: TypeClassRef[]): { node: SyntaxNode; scope: ModuleScope; className: string }[] | string {
  const found: { node: SyntaxNode; scope: ModuleScope; className: string }[] = [];
  for (const cls of classes) {
    const state = cls.scope.state;
    const escaped = cls.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`\\blisten\\(\\s*${escaped}\\b`).test(state.source)) return `${cls.name} has an event listener registered with event.listen() in ${nodePath.basename(cls.scope.file)}, which the engine does not follow`;
    for (const statement of statementsOf(cls.scope.top)) {
      if (statement.name !== 'DecoratedStatement') continue;
      for (const decorator of childrenOf(statement).filter((part) => part.name === 'Decorator')) {
        const listened = listensFor(decorator, cls.scope.state, cls.scope.frame);
        if (!listened || listened.target !== cls.name) continue;
        const definition = childrenOf(statement).find((part) => part.name === 'FunctionDefinition');
        if (listened.event !== 'before_parent_attach' || !definition) return `${cls.name} has a '${listened.event}' listener in ${nodePath.basename(cls.scope.file)}, which the engine does not follow`;
        found.push({ node: definition, scope: cls.scope, className: cls.name });
      }
    }
  }
  return found;
}

/** `@listens_for(Target, 'event')` (SQLAlchemy's): the target's text and the event. */
function listensFor(decorator: SyntaxNode, state: ModuleScope['state'], frame: Frame): { target: string; event: string } | undefined {
  const { callee, argList } = decoratorOf(decorator, state, frame);
  if (!argList || callee.kind !== 'symbol' || !/^sqlalchemy\.event(?:\.api)?\.listens_for$/.test(callee.qname)) return undefined;
  const args = childrenOf(argList).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
  if (args.length !== 2 || args[1].name !== 'String') return undefined;
  const event = decodeStringLiteral(state.textOf(args[1]));
  return event === undefined ? undefined : { target: state.textOf(args[0]), event };
}

/** What the type's `__init__` stores on self from its parameters: `self.x = param` or `self.x = frozenset(param or ())`. */
export function selfAttributes(init: SyntaxNode, scope: ModuleScope, call: CallArgs): Map<string, SelfAttribute> | string {
  const state = scope.state;
  const paramList = childrenOf(init).find((part) => part.name === 'ParamList');
  const params = paramList ? childrenOf(paramList).filter((part) => part.name === 'VariableName').map((part) => state.textOf(part)) : [];
  const defaults = new Map<string, SyntaxNode>();
  const listParts = paramList ? childrenOf(paramList) : [];
  listParts.forEach((part, index) => {
    if (part.name === 'AssignOp' && listParts[index - 1]?.name === 'VariableName') defaults.set(state.textOf(listParts[index - 1]), listParts[index + 1]);
  });
  if (paramList && /\*/.test(state.textOf(paramList))) return 'its __init__() takes *args or **kwargs';
  const given = (param: string): { node: SyntaxNode; value: Value } | undefined => {
    const keyword = call.keywords.get(param);
    if (keyword) return keyword;
    const index = params.indexOf(param) - 1;
    return index >= 0 ? call.positional[index] : undefined;
  };
  if (call.positional.length > params.length - 1 || [...call.keywords.keys()].some((keyword) => !params.includes(keyword))) return 'the call passes arguments its __init__() does not take';
  const attributes = new Map<string, SelfAttribute>();
  const body = childrenOf(init).find((part) => part.name === 'Body');
  for (const statement of body ? statementsOf(body) : []) {
    const match = /^self\.(\w+)\s*=\s*(?:(\w+)|(?:frozenset|set)\(\s*(\w+)(?:\s+or\s+(?:\(\s*\)|\[\s*\]|set\(\s*\)|frozenset\(\s*\)))?\s*\))$/.exec(state.textOf(statement).replace(/\s+/g, ' ').trim());
    if (!match) continue;
    const param = match[2] ?? match[3];
    if (!params.includes(param) || param === params[0]) continue;
    const arg = given(param);
    const fallback = defaults.get(param);
    if (arg) attributes.set(match[1], { value: arg.value, node: arg.node, collection: match[3] !== undefined });
    else if (fallback) attributes.set(match[1], { value: evaluate(fallback, state, scope.frame), collection: match[3] !== undefined });
    else return `its __init__() needs ${param}, which the call does not give`;
  }
  return attributes;
}

/** The checks one listener adds, for a type built with these self attributes; a reason when its shape is not the one read. */
export function attachedChecksOf(listener: { node: SyntaxNode; scope: ModuleScope }, attributes: Map<string, SelfAttribute>, callState: ModuleScope['state']): { name: string; values: Literal[] }[] | string {
  const { scope } = listener;
  const state = scope.state;
  const where = `${nodePath.basename(scope.file)}:${state.rangeOf(listener.node).start.line + 1}`;
  const unread = (what: string): string => `its before_parent_attach listener (${where}) ${what}, which the engine does not follow`;
  const [typeParam, columnParam] = parameterNames(listener.node, state);
  if (!typeParam || !columnParam) return unread('does not take (type, column)');
  const outer = bodyStatements(listener.node);
  if (outer.length !== 1 || outer[0].name !== 'DecoratedStatement') return unread('does more than register a listener on the column');
  const decorators = childrenOf(outer[0]).filter((part) => part.name === 'Decorator');
  const registered = decorators.length === 1 ? listensFor(decorators[0], state, scope.frame) : undefined;
  const inner = childrenOf(outer[0]).find((part) => part.name === 'FunctionDefinition');
  if (!registered || registered.target !== columnParam || registered.event !== 'after_parent_attach' || !inner) return unread('registers something other than an after_parent_attach listener on the column');
  const [innerColumn] = parameterNames(inner, state);
  if (!innerColumn) return unread('has an after_parent_attach listener without parameters');
  const coerced = new Set<string>();
  const checks: { name: string; values: Literal[] }[] = [];
  const checkNames = new Set<string>();
  for (const statement of bodyStatements(inner)) {
    const text = state.textOf(statement).replace(/\s+/g, ' ').trim();
    if (statement.name === 'AssertStatement') continue;
    // `check.info[...] = ...`: Python-side information (Alembic's autogenerate reads it), no DDL.
    const info = /^(\w+)\.info\[[^\]]*\] = .+$/.exec(text);
    if (info && checkNames.has(info[1])) continue;
    const coerce = /^(\w+) = (\w+(?:\.\w+)*)\((\w+), (\w+(?:\.\w+)*)(?:\(\))?\)$/.exec(text);
    if (coerce && coerce[3] === innerColumn && isSymbolText(coerce[2], /^sqlalchemy(?:\.sql)?(?:\.expression|\.elements)?\.type_coerce$/, scope) && isIntegerType(coerce[4], scope)) {
      coerced.add(coerce[1]);
      continue;
    }
    // `check = CheckConstraint(...)` or the bare call: either way it attaches itself to the table.
    const check = statement.name === 'AssignStatement' ? /^(\w+) = (.*)$/.exec(text) : undefined;
    const call = check ? childrenOf(statement).filter((part) => part.name !== 'Comment')[2] : statement.name === 'ExpressionStatement' ? statement.firstChild : undefined;
    if (call?.name !== 'CallExpression' || !call.firstChild || !isSymbolText(state.textOf(call.firstChild), /^sqlalchemy(?:\.sql)?(?:\.schema)?\.CheckConstraint$/, scope)) return unread(`runs ${state.shortText(statement)}`);
    const args = childrenOf(call.lastChild!).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
    if (args.length !== 2) return unread('makes a CheckConstraint with other than a condition and a name');
    const values = inValues(state.textOf(args[0]).replace(/\s+/g, ' ').trim(), typeParam, innerColumn, coerced, attributes, callState);
    if (typeof values === 'string') return unread(values);
    const name = evaluate(args[1], state, columnFrame(scope, innerColumn));
    if (name.kind !== 'str') return unread('names the CheckConstraint with what the engine cannot compute');
    checks.push({ name: name.value, values });
    if (check) checkNames.add(check[1]);
  }
  return checks;
}

function parameterNames(definition: SyntaxNode, state: ModuleScope['state']): string[] {
  const list = childrenOf(definition).find((part) => part.name === 'ParamList');
  return list ? childrenOf(list).filter((part) => part.name === 'VariableName').map((part) => state.textOf(part)) : [];
}

function bodyStatements(definition: SyntaxNode): SyntaxNode[] {
  const body = childrenOf(definition).find((part) => part.name === 'Body');
  return (body ? statementsOf(body) : []).filter((statement) => !(statement.name === 'ExpressionStatement' && statement.firstChild?.name === 'String'));
}

/** The column inside the listener, as the name expression sees it: only its name, standing for any column. */
function columnFrame(scope: ModuleScope, column: string): Frame {
  const frame = new Frame(scope.frame);
  frame.set(column, { kind: 'column', spec: { name: '{column}', primaryKey: false, foreignKeys: [], checks: [] } });
  return frame;
}

function isSymbolText(text: string, pattern: RegExp, scope: ModuleScope): boolean {
  const [head, ...rest] = text.split('.');
  const bound = scope.frame.lookup(head);
  return bound?.kind === 'symbol' && pattern.test([bound.qname, ...rest].join('.'));
}

function isIntegerType(text: string, scope: ModuleScope): boolean {
  const [head, ...rest] = text.split('.');
  const bound = scope.frame.lookup(head);
  if (bound?.kind !== 'symbol') return false;
  const origin = classify([bound.qname, ...rest].join('.'));
  return origin.kind === 'sqlalchemy' && INTEGER_TYPES.has(origin.name);
}

/** `coerced.in_(x.value for x in type_.members if x not in type_.excluded)`: the values of the members not excluded. */
function inValues(text: string, typeParam: string, column: string, coerced: Set<string>, attributes: Map<string, SelfAttribute>, callState: ModuleScope['state']): Literal[] | string {
  const match = /^(\w+)\.in_\( ?(\w+)\.value for \2 in (\w+)\.(\w+)(?: if \2 not in (\w+)\.(\w+))? ?\)$/.exec(text);
  if (!match || !coerced.has(match[1]) || match[1] === column) return `builds its condition as ${text.slice(0, 60)}`;
  if (match[3] !== typeParam || (match[5] !== undefined && match[5] !== typeParam)) return 'reads members from something other than the type';
  const members = attributes.get(match[4]);
  const enumClass = members && !members.collection ? enumClassOf(members.value, callState) : undefined;
  if (!members || !enumClass) return `reads type_.${match[4]}, which is not an enum class the engine can read`;
  if (enumClass.members.some((member) => member.value?.kind !== 'num' || !Number.isInteger(member.value.value))) return `reads the enum ${enumClass.name}, whose values are not all integers`;
  const excluded = new Set<number>();
  if (match[6] !== undefined) {
    const given = attributes.get(match[6]);
    if (!given?.collection) return `reads type_.${match[6]}, which its __init__() does not store as a collection`;
    if (given.node) {
      const names = memberNames(given.node, members.node, callState);
      if (typeof names === 'string') return names;
      for (const name of names) {
        const member = enumClass.members.find((candidate) => candidate.name === name);
        if (member?.value?.kind !== 'num') return `excludes ${name}, which is not a member of ${enumClass.name}`;
        excluded.add(member.value.value);
      }
    } else if (given.value.kind !== 'none') {
      return `reads type_.${match[6]}, whose default is not None`;
    }
  }
  const values = enumClass.members.filter((member) => !member.alias && member.value?.kind === 'num' && !excluded.has(member.value.value)).map((member) => (member.value as { value: number }).value);
  // SQLAlchemy prints an empty IN differently; not read.
  if (values.length === 0) return 'leaves no member';
  return values;
}

/** `{E.a, E.b}` (a set, list or tuple of members of the enum written as `enumText`): the member names. */
function memberNames(node: SyntaxNode, enumNode: SyntaxNode | undefined, state: ModuleScope['state']): string[] | string {
  if (node.name === 'None') return [];
  if (!['SetExpression', 'ArrayExpression', 'TupleExpression'].includes(node.name)) return `excludes ${state.shortText(node)}, which is not a literal collection of members`;
  const enumText = enumNode ? state.textOf(enumNode) : undefined;
  const names: string[] = [];
  for (const item of childrenOf(node).filter((part) => !['{', '}', '[', ']', '(', ')', ',', 'Comment'].includes(part.name))) {
    const match = /^(\w+)\.(\w+)$/.exec(state.textOf(item).replace(/\s+/g, ''));
    if (item.name !== 'MemberExpression' || !match || match[1] !== enumText) return `excludes ${state.shortText(item)}, which is not written as a member of the enum it is given`;
    names.push(match[2]);
  }
  return names;
}
