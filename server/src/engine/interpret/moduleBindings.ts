/**
 * Whether a workspace module's top-level name still holds the value of its one binding when a
 * migration imports it: bound exactly once at the module's top level (chained `A = B = ...` and
 * unpacking `(A, B) = ...` targets included), never declared `global` in a function, and never
 * changed in place anywhere in the module (`NAMES.append(...)`, `NAMES[0] = ...`, `del NAMES[0]`),
 * since a function that does so may run before the migration does. Read from the syntax tree.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { InterpreterState } from './state';
import { chainHead } from './chainHead';
import { isRelaxedTarget, namesInRelaxedTarget } from '../../python/relaxed/withTargets';

/** Methods of list, dict and set that change the object. */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'clear', 'sort', 'reverse',
  'update', 'setdefault', 'popitem', 'add', 'discard', 'difference_update', 'intersection_update', 'symmetric_difference_update',
  '__setitem__', '__delitem__', '__iadd__',
]);

interface Scan {
  name: string;
  state: InterpreterState;
  bindings: number;
  changed: boolean;
}

export function boundOnceInModule(top: SyntaxNode, state: InterpreterState, name: string): boolean {
  const scan: Scan = { name, state, bindings: 0, changed: false };
  for (const statement of childrenOf(top)) visit(statement, scan, 'module');
  return scan.bindings === 1 && !scan.changed;
}

type Level = 'module' | 'function' | 'class';

function visit(node: SyntaxNode, scan: Scan, level: Level): void {
  if (scan.changed) return;
  switch (node.name) {
    case 'FunctionDefinition':
    case 'ClassDefinition': {
      const nameNode = childrenOf(node).find((part) => part.name === 'VariableName');
      if (level === 'module' && nameNode && scan.state.textOf(nameNode) === scan.name) scan.bindings++;
      // Its body: local names, but a `global` declaration or a change in place reaches the module's.
      for (const part of childrenOf(node)) if (part.name === 'Body') for (const inner of childrenOf(part)) visit(inner, scan, node.name === 'ClassDefinition' && level === 'module' ? 'class' : 'function');
      return;
    }
    case 'ScopeStatement':
      if (childrenOf(node).some((part) => part.name === 'VariableName' && scan.state.textOf(part) === scan.name)) scan.changed = true;
      return;
    case 'AssignStatement':
    case 'UpdateStatement': {
      const parts = childrenOf(node);
      const operator = node.name === 'AssignStatement' ? 'AssignOp' : 'UpdateOp';
      const last = parts.map((part) => part.name).lastIndexOf(operator);
      for (const target of parts.slice(0, Math.max(0, last))) bindTarget(target, scan, level, node.name === 'UpdateStatement');
      for (const value of parts.slice(last + 1)) visit(value, scan, level);
      return;
    }
    case 'ForStatement': {
      const parts = childrenOf(node);
      const inAt = parts.findIndex((part) => part.name === 'in');
      for (const target of parts.slice(1, Math.max(1, inAt))) bindTarget(target, scan, level, false);
      for (const part of parts.slice(inAt + 1)) visit(part, scan, level);
      return;
    }
    case 'WithStatement': {
      const parts = childrenOf(node);
      parts.forEach((part, at) => (parts[at - 1]?.name === 'as' ? bindTarget(part, scan, level, false) : visit(part, scan, level)));
      return;
    }
    case 'DeleteStatement':
      for (const target of childrenOf(node)) bindTarget(target, scan, level, false);
      return;
    case 'ImportStatement':
      // `import x as NAME` / `from m import NAME`: another binding of the name.
      if (level === 'module' && childrenOf(node).some((part) => part.name === 'VariableName' && scan.state.textOf(part) === scan.name)) scan.bindings++;
      return;
    case 'NamedExpression': {
      const target = node.firstChild;
      if (level === 'module' && target?.name === 'VariableName' && scan.state.textOf(target) === scan.name) scan.bindings++;
      break;
    }
    case 'CallExpression': {
      const callee = node.firstChild;
      if (callee?.name === 'MemberExpression' && rootName(callee.firstChild, scan) && MUTATING_METHODS.has(propertyName(callee, scan) ?? '')) scan.changed = true;
      break;
    }
    case 'LambdaExpression':
    case 'ComprehensionExpression':
    case 'ArrayComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'SetComprehensionExpression':
      // Their own scope: a name bound in them is not the module's; a call in them may still change it.
      for (const part of childrenOf(node)) visitCallsOnly(part, scan);
      return;
    default:
      break;
  }
  for (const child of childrenOf(node)) visit(child, scan, level);
}

function visitCallsOnly(node: SyntaxNode, scan: Scan): void {
  if (node.name === 'CallExpression') {
    const callee = node.firstChild;
    if (callee?.name === 'MemberExpression' && rootName(callee.firstChild, scan) && MUTATING_METHODS.has(propertyName(callee, scan) ?? '')) scan.changed = true;
  }
  for (const child of childrenOf(node)) visitCallsOnly(child, scan);
}

function bindTarget(target: SyntaxNode, scan: Scan, level: Level, augmented: boolean): void {
  if (target.name === 'VariableName') {
    const written = scan.state.textOf(target);
    // A `with ... as (a, b[i])` target lezer read as one name: a name in it is bound or changed there.
    if (isRelaxedTarget(written)) {
      if (namesInRelaxedTarget(written).includes(scan.name)) scan.changed = true;
      return;
    }
    if (written !== scan.name) return;
    // A local of a function or a class attribute is another name; `NAME += ...` at the top rebinds it.
    if (level === 'module') scan.bindings += augmented ? 2 : 1;
    return;
  }
  if (target.name === 'MemberExpression') {
    if (rootName(target, scan)) scan.changed = true;
    else visit(target, scan, level);
    return;
  }
  if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(target.name)) {
    for (const part of childrenOf(target)) bindTarget(part, scan, level, augmented);
  }
}

/** Whether `NAME[...]...`, `NAME.attr...` starts at the scanned name. */
function rootName(node: SyntaxNode | null, scan: Scan): boolean {
  const head = chainHead(node);
  return head !== undefined && scan.state.textOf(head) === scan.name;
}

function propertyName(member: SyntaxNode, scan: Scan): string | undefined {
  const property = childrenOf(member).find((part) => part.name === 'PropertyName');
  return property ? scan.state.textOf(property) : undefined;
}
