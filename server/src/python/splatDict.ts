/**
 * The keywords a `**name` argument passes, read statically: what `context.configure(**kwargs)`
 * in an env.py is given when `kwargs` is a dict written out in the file. Two shapes are followed:
 *
 * - built in the function that makes the call: one unconditional `name = {...}` / `dict(...)`
 *   (or empty), then `name["key"] = value` statements (neutron's sub-projects); a key set under an
 *   `if`, a loop or a `try` is uncertain, and any other use of the dict before the call (an
 *   `update()`, a method, passing it on) leaves it unknown;
 * - a module-level dict the function does not assign (datalens's `context_kwargs =
 *   dict(version_table=..., compare_type=True)` spread into both configure calls): one
 *   unconditional assignment at the top of the module, maybe followed there by `name["key"] = value`
 *   statements, and no other use of the name anywhere in the file than as `**name` (a call that
 *   unpacks a dict does not change it).
 *
 * - returned by a function of the module called without arguments (flxdot/carlos's
 *   `context.configure(..., **context_configure_kwargs())`, whose body is one
 *   `return {...}`): a top-level `def` of that name, defined once, whose only statement (besides a
 *   docstring) returns the dict; a new dict on every call, so nothing else can change it.
 *
 * Keys must be string literals (`dict(key=...)` keywords); a dict display that unpacks another
 * (`{**base, ...}`) or a `dict()` with positional arguments is not followed.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { stringLiteralOf } from './headerValue';

/** A key of the dict: its value's node, and whether the key is set on every path to the call. */
export interface SplatEntry {
  value: SyntaxNode;
  certain: boolean;
}

const BRANCHING = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'TryStatement', 'WithStatement']);
const OTHER_SCOPES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);

/** The keys `**<splat>` passes in `call` (a name, or a call of a module function); undefined when not one of the shapes above. */
export function splatEntriesOf(text: string, call: SyntaxNode, splat: SyntaxNode): Map<string, SplatEntry> | undefined {
  if (splat.name === 'VariableName') return splatDictEntries(text, call, textOf(text, splat));
  if (splat.name !== 'CallExpression' || splat.firstChild?.name !== 'VariableName') return undefined;
  const args = childrenOf(splat).find((part) => part.name === 'ArgList');
  if (!args || childrenOf(args).some((part) => part.name !== '(' && part.name !== ')')) return undefined;
  return returnedDict(text, call, textOf(text, splat.firstChild));
}

/** The dict a top-level `def name():` returns as its only statement; undefined for anything else. */
function returnedDict(text: string, call: SyntaxNode, name: string): Map<string, SplatEntry> | undefined {
  let top: SyntaxNode = call;
  for (let node: SyntaxNode | null = call.parent; node; node = node.parent) top = node;
  const definitions = childrenOf(top).filter((statement) => definedName(text, statement) === name);
  // Bound once, by that def alone (no top-level assignment or import of the name; no decorator, which could change what it returns).
  const rebound = childrenOf(top).some((statement) => {
    if (statement.name === 'AssignStatement') {
      const target = childrenOf(statement)[0];
      return target?.name === 'VariableName' && textOf(text, target) === name;
    }
    return statement.name === 'ImportStatement' && new RegExp(`\\b${name}\\b`).test(textOf(text, statement));
  });
  if (definitions.length !== 1 || definitions[0].name !== 'FunctionDefinition' || rebound) return undefined;
  const parameters = childrenOf(definitions[0]).find((part) => part.name === 'ParamList');
  if (parameters && childrenOf(parameters).some((part) => part.name !== '(' && part.name !== ')')) return undefined;
  const body = childrenOf(definitions[0]).find((part) => part.name === 'Body');
  const statements = (body ? childrenOf(body) : []).filter((part) => part.name !== ':' && part.name !== 'Comment');
  const docstring = statements[0]?.name === 'ExpressionStatement' && childrenOf(statements[0])[0]?.name === 'String';
  const rest = docstring ? statements.slice(1) : statements;
  if (rest.length !== 1 || rest[0].name !== 'ReturnStatement') return undefined;
  const value = childrenOf(rest[0]).find((part) => part.name !== 'return');
  return value ? literalDictEntries(text, value) : undefined;
}

/** The name a top-level `def` (decorated or not) binds. */
function definedName(text: string, statement: SyntaxNode): string | undefined {
  const definition = statement.name === 'DecoratedStatement' ? childrenOf(statement).find((part) => part.name === 'FunctionDefinition') : statement;
  if (definition?.name !== 'FunctionDefinition') return undefined;
  const nameNode = childrenOf(definition).find((part) => part.name === 'VariableName');
  return nameNode ? textOf(text, nameNode) : undefined;
}

/**
 * The keys `**name` passes in `call`; undefined when the dict is not one of the shapes above.
 * `passed`: the name given as a keyword's value in `call` instead (`connect_args=NAME`), a use
 * that reads the dict as a `**name` does.
 */
export function splatDictEntries(text: string, call: SyntaxNode, name: string, passed?: SyntaxNode): Map<string, SplatEntry> | undefined {
  const readsOnly = (node: SyntaxNode): boolean => isSplatOf(node) || (passed !== undefined && node.from === passed.from && node.to === passed.to);
  // The innermost function that assigns the name holds it (a nested function reads it as a closure).
  let top: SyntaxNode = call;
  for (let node: SyntaxNode | null = call.parent; node; node = node.parent) {
    top = node;
    if (node.name !== 'FunctionDefinition') continue;
    const body = childrenOf(node).find((part) => part.name === 'Body');
    if (body && assignsName(text, body, name)) return localDict(text, body, call, name, readsOnly);
  }
  return moduleDict(text, top, name, readsOnly);
}

/** True when a statement of the function (not of a nested scope) assigns the bare name. */
function assignsName(text: string, body: SyntaxNode, name: string): boolean {
  let found = false;
  const visit = (node: SyntaxNode): void => {
    if (found || OTHER_SCOPES.has(node.name)) return;
    if (node.name === 'AssignStatement' || node.name === 'UpdateStatement') {
      const target = childrenOf(node)[0];
      if (target?.name === 'VariableName' && textOf(text, target) === name && target.nextSibling?.name !== ',') found = true;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  for (const statement of childrenOf(body)) visit(statement);
  return found;
}

function localDict(text: string, body: SyntaxNode, call: SyntaxNode, name: string, readsOnly: (node: SyntaxNode) => boolean): Map<string, SplatEntry> | undefined {
  let keys: Map<string, SplatEntry> | undefined;
  let other = false;
  const visit = (node: SyntaxNode, conditional: boolean): void => {
    if (other || OTHER_SCOPES.has(node.name)) return;
    if (node.name === 'AssignStatement') {
      const parts = assignmentParts(node);
      const target = parts[0];
      if (parts.length === 3 && parts[1].name === 'AssignOp' && target.name === 'VariableName' && textOf(text, target) === name) {
        const made = !conditional && keys === undefined ? literalDictEntries(text, parts[2]) : undefined;
        if (made) keys = made;
        else other = true;
        return;
      }
      const key = keyAssigned(text, parts, name);
      if (key !== undefined) {
        if (keys === undefined || key === null) other = true;
        else keys.set(key, { value: parts[2], certain: !conditional });
        return;
      }
    }
    if (node.name === 'VariableName' && textOf(text, node) === name && node.from < call.from && !readsOnly(node)) other = true;
    const nested = conditional || BRANCHING.has(node.name);
    for (const child of childrenOf(node)) visit(child, nested && child.name === 'Body' ? true : conditional);
  };
  for (const statement of childrenOf(body)) visit(statement, false);
  return other ? undefined : keys;
}

function moduleDict(text: string, top: SyntaxNode, name: string, readsOnly: (node: SyntaxNode) => boolean): Map<string, SplatEntry> | undefined {
  let keys: Map<string, SplatEntry> | undefined;
  let other = false;
  // Statements at the top of the module, in order: the dict is made once, then maybe filled.
  for (const statement of childrenOf(top)) {
    if (statement.name !== 'AssignStatement') continue;
    const parts = assignmentParts(statement);
    if (parts.length === 3 && parts[1].name === 'AssignOp' && parts[0].name === 'VariableName' && textOf(text, parts[0]) === name) {
      const made = keys === undefined ? literalDictEntries(text, parts[2]) : undefined;
      if (!made) return undefined;
      keys = made;
      continue;
    }
    const key = keyAssigned(text, parts, name);
    if (key === undefined) continue;
    if (keys === undefined || key === null) return undefined;
    keys.set(key, { value: parts[2], certain: true });
  }
  if (!keys) return undefined;
  const entries = keys;
  // Every other mention of the name, anywhere in the file, must be a `**name` that unpacks it (or the use asked about).
  const visit = (node: SyntaxNode): void => {
    if (other) return;
    if (node.name === 'AssignStatement' && node.parent === top) {
      const parts = assignmentParts(node);
      const made = parts.length === 3 && parts[0].name === 'VariableName' && textOf(text, parts[0]) === name;
      if (made || keyAssigned(text, parts, name) !== undefined) {
        for (const part of parts.slice(1)) visit(part);
        return;
      }
    }
    if (node.name === 'VariableName' && textOf(text, node) === name && !readsOnly(node)) other = true;
    for (const child of childrenOf(node)) visit(child);
  };
  visit(top);
  return other ? undefined : entries;
}

/**
 * For `name["key"] = value` (parts of an assignment): the key; null when the subscript is not a
 * string literal; undefined when the statement is not such an assignment.
 */
function keyAssigned(text: string, parts: SyntaxNode[], name: string): string | null | undefined {
  const target = parts[0];
  if (parts.length !== 3 || parts[1].name !== 'AssignOp' || target?.name !== 'MemberExpression') return undefined;
  if (target.firstChild?.name !== 'VariableName' || textOf(text, target.firstChild) !== name) return undefined;
  const subscript = childrenOf(target).filter((part) => part.name !== '[' && part.name !== ']');
  if (subscript.length !== 2 || !text.slice(target.firstChild.to, subscript[1].from).includes('[')) return undefined;
  return stringLiteralOf(subscript[1], text) ?? null;
}

/** The entries of `{"key": value, ...}` or `dict(key=value, ...)`; undefined for anything else. */
export function literalDictEntries(text: string, node: SyntaxNode): Map<string, SplatEntry> | undefined {
  const entries = new Map<string, SplatEntry>();
  if (node.name === 'DictionaryExpression') {
    const parts = childrenOf(node).filter((part) => !['{', '}', ',', 'Comment'].includes(part.name));
    for (let at = 0; at < parts.length; at += 3) {
      const key = stringLiteralOf(parts[at], text);
      if (key === undefined || parts[at + 1]?.name !== ':' || parts[at + 2] === undefined) return undefined;
      entries.set(key, { value: parts[at + 2], certain: true });
    }
    return entries;
  }
  if (node.name !== 'CallExpression' || node.firstChild?.name !== 'VariableName' || textOf(text, node.firstChild) !== 'dict') return undefined;
  const args = childrenOf(node).find((part) => part.name === 'ArgList');
  const parts = args ? childrenOf(args).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name)) : [];
  for (let at = 0; at < parts.length; at += 3) {
    if (parts[at].name !== 'VariableName' || parts[at + 1]?.name !== 'AssignOp' || parts[at + 2] === undefined) return undefined;
    entries.set(textOf(text, parts[at]), { value: parts[at + 2], certain: true });
  }
  return entries;
}

/** An assignment's target, `=` and value (comments and an annotation left out: `kwargs: dict[str, object] = {}`). */
function assignmentParts(node: SyntaxNode): SyntaxNode[] {
  return childrenOf(node).filter((part) => part.name !== 'Comment' && part.name !== 'TypeDef');
}

/** `**name` in a call's arguments: unpacking copies the dict. */
function isSplatOf(node: SyntaxNode): boolean {
  return node.parent?.name === 'ArgList' && node.prevSibling?.name === '**';
}
