/**
 * Class attributes of the application's classes read as constants: `PermissionsUnitAction.CREATE_ACTION`
 * where the class body says `CREATE_ACTION = 'create'`. Python evaluates the class body once, in
 * the module's scope, and the attribute is then that value, unless the class is an enum (its
 * attributes become members), is decorated (the decorator may replace the class) or names a
 * metaclass. A base the engine cannot read (`db.Model`, a `declarative_base()` result) is
 * assumed not to be an enum or to rewrite plain class attributes; a base that is one of the
 * workspace's classes is checked the same way, up to eight classes deep.
 *
 * Only an attribute assigned exactly once, directly in the class body, without an annotation, is
 * taken (an inherited one, or one assigned again, is not); the caller keeps only plain data.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import { evaluate } from './evaluate';
import { statementsOf } from './statements';
import type { Value } from './values';
import type { ModuleScope } from './workspaceModules';

/** Looks a workspace class up by its qualified name (passed in to keep the import one-way). */
export type ClassLookup = (qname: string, scope: ModuleScope) => { scope: ModuleScope; node: SyntaxNode } | undefined;

const MAX_DEPTH = 8;
/** Library bases whose classes turn attributes into something else (enum members, choices). */
const REWRITING_BASE = /(^|[._#])(enum|aenum|strenum)([._]|$)|Enum\b|Choices\b/;

export function classConstant(scope: ModuleScope, node: SyntaxNode, attribute: string, lookupClass: ClassLookup): Value | undefined {
  if (!keepsPlainAttributes(scope, node, lookupClass, 0)) return undefined;
  const body = childrenOf(node).find((part) => part.name === 'Body');
  let found: SyntaxNode | undefined;
  const word = new RegExp(`\\b${attribute}\\b`);
  for (const statement of body ? statementsOf(body) : []) {
    if (statement.name !== 'AssignStatement') {
      // A method of the same name, or a rebinding under `if`/`for`/`try`, is what Python keeps.
      const definition = statement.name === 'DecoratedStatement' ? childrenOf(statement).find((part) => part.name === 'FunctionDefinition' || part.name === 'ClassDefinition') : statement;
      const nameNode = definition && childrenOf(definition).find((part) => part.name === 'VariableName');
      if ((definition?.name === 'FunctionDefinition' || definition?.name === 'ClassDefinition') && nameNode && scope.state.textOf(nameNode) === attribute) return undefined;
      if (!['FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'ExpressionStatement', 'PassStatement'].includes(statement.name) && word.test(scope.state.textOf(statement))) return undefined;
      continue;
    }
    const parts = childrenOf(statement).filter((part) => part.name !== 'Comment');
    const targets = parts.filter((_part, index) => parts[index + 1]?.name === 'AssignOp');
    if (!targets.some((target) => target.name === 'VariableName' && scope.state.textOf(target) === attribute)) continue;
    // `A = B = 1`, unpacking and annotated attributes are left to Python.
    if (found || parts.length !== 3 || parts.some((part) => part.name === 'TypeDef')) return undefined;
    found = parts[2];
  }
  return found ? evaluate(found, scope.state, scope.frame) : undefined;
}

function keepsPlainAttributes(scope: ModuleScope, node: SyntaxNode, lookupClass: ClassLookup, depth: number): boolean {
  if (depth > MAX_DEPTH || node.parent?.name === 'DecoratedStatement') return false;
  const argList = childrenOf(node).find((part) => part.name === 'ArgList');
  for (const base of argList ? childrenOf(argList) : []) {
    if (['(', ')', ',', 'Comment'].includes(base.name)) continue;
    // `metaclass=...` (or any keyword): the class is built by something else than type().
    if (base.name === 'VariableName' && base.nextSibling?.name === 'AssignOp') return false;
    if (base.name === 'AssignOp') return false;
    const text = scope.state.textOf(base);
    if (REWRITING_BASE.test(text)) return false;
    const value = evaluate(base, scope.state, scope.frame);
    if (value.kind !== 'symbol') continue;
    if (REWRITING_BASE.test(value.qname)) return false;
    const workspaceClass = lookupClass(value.qname, scope);
    if (workspaceClass && !keepsPlainAttributes(workspaceClass.scope, workspaceClass.node, lookupClass, depth + 1)) return false;
  }
  return true;
}
