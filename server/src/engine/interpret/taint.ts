/**
 * Names a statement the engine does not follow may have changed, made unknown from then on.
 *
 * A statement the engine cannot run (an item assignment it does not model, a method call it does
 * not know, a module-level loop) still runs in Python: a list it appends to, a dict it updates or a
 * name it rebinds has another value afterwards. Keeping the value from before it would print SQL
 * from a stale value, presented as understood; the names become opaque instead, so every later use
 * says why. Only what the statement could reach is touched: the names it binds (assignment, `for`
 * and `with` targets, `del`) and the containers (lists, dicts) it subscripts or calls methods on.
 * Imports, modules and classes are left alone: a statement calling `logging.getLogger(...)` does
 * not make `logging` unknown.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Frame, InterpreterState } from './state';
import { opaque } from './values';
import { chainHead } from './chainHead';
import { isRelaxedTarget, namesInRelaxedTarget } from '../../python/relaxed/withTargets';

interface TouchedNames {
  /** Names the statement binds or unbinds. */
  bound: Set<string>;
  /** Names whose value the statement may change in place (the root of `x[...]`, `x.method(...)`, `x.a = `). */
  changed: Set<string>;
}

/** Makes the names `statement` may have changed opaque in `frame`; `where` qualifies the statement (`at the top of the module`). */
export function taintChangedNames(statement: SyntaxNode, state: InterpreterState, frame: Frame, where?: string): void {
  const touched: TouchedNames = { bound: new Set(), changed: new Set() };
  collect(statement, state, touched);
  if (touched.bound.size === 0 && touched.changed.size === 0) return;
  const by = `by \`${state.shortText(statement)}\`${where ? ` ${where}` : ''}, which the engine does not follow`;
  for (const name of touched.bound) frame.set(name, opaque(`${name} may have been changed ${by}`));
  for (const name of touched.changed) {
    if (touched.bound.has(name)) continue;
    const value = frame.lookup(name);
    if (value && isMutableContainer(value.kind)) frame.set(name, opaque(`${name} may have been changed ${by}`));
  }
}

function isMutableContainer(kind: string): boolean {
  return kind === 'seq' || kind === 'dict';
}

function collect(node: SyntaxNode, state: InterpreterState, touched: TouchedNames): void {
  switch (node.name) {
    case 'FunctionDefinition':
    case 'ClassDefinition': {
      // Its body does not run here; only its name is bound.
      const name = childrenOf(node).find((part) => part.name === 'VariableName');
      if (name) touched.bound.add(state.textOf(name));
      return;
    }
    case 'AssignStatement':
    case 'UpdateStatement': {
      const parts = childrenOf(node);
      const lastOperator = parts.map((part) => part.name).lastIndexOf(node.name === 'AssignStatement' ? 'AssignOp' : 'UpdateOp');
      for (const target of parts.slice(0, Math.max(0, lastOperator))) bindTarget(target, state, touched);
      for (const value of parts.slice(lastOperator + 1)) collect(value, state, touched);
      return;
    }
    case 'ForStatement': {
      const parts = childrenOf(node);
      const inAt = parts.findIndex((part) => part.name === 'in');
      for (const target of parts.slice(1, Math.max(1, inAt))) bindTarget(target, state, touched);
      for (const part of parts.slice(inAt + 1)) collect(part, state, touched);
      return;
    }
    case 'WithStatement': {
      const parts = childrenOf(node);
      parts.forEach((part, at) => {
        if (parts[at - 1]?.name === 'as') bindTarget(part, state, touched);
        else collect(part, state, touched);
      });
      return;
    }
    case 'DeleteStatement':
      for (const target of childrenOf(node)) bindTarget(target, state, touched);
      return;
    case 'CallExpression': {
      const callee = node.firstChild;
      if (callee?.name === 'MemberExpression') changeRoot(callee, state, touched);
      // A list or dict handed to a call the engine does not follow may be changed by it.
      const argList = childrenOf(node).find((part) => part.name === 'ArgList');
      for (const argument of argList ? childrenOf(argList) : []) if (argument.name === 'VariableName') touched.changed.add(state.textOf(argument));
      break;
    }
    case 'NamedExpression': {
      const name = node.firstChild;
      if (name?.name === 'VariableName') touched.bound.add(state.textOf(name));
      break;
    }
    default:
      break;
  }
  for (const child of childrenOf(node)) collect(child, state, touched);
}

function bindTarget(target: SyntaxNode, state: InterpreterState, touched: TouchedNames): void {
  if (target.name === 'VariableName') {
    const written = state.textOf(target);
    // A `with ... as (a, b[i])` target lezer read as one name: every name in it may be bound or changed.
    if (isRelaxedTarget(written)) for (const name of namesInRelaxedTarget(written)) touched.bound.add(name);
    else touched.bound.add(written);
  } else if (target.name === 'MemberExpression') changeRoot(target, state, touched);
  else if (['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression'].includes(target.name)) {
    for (const part of childrenOf(target)) bindTarget(part, state, touched);
  }
}

/** `a.b[0].c` → `a`: the name whose value an item or attribute change reaches. */
function changeRoot(node: SyntaxNode, state: InterpreterState, touched: TouchedNames): void {
  const head = chainHead(node);
  if (head) touched.changed.add(state.textOf(head));
}
