/**
 * Targets of `=`, `+=`, `del`, `for` and `with ... as`, which lezer's grammar takes as any
 * expression and CPython's restricts to names, attributes, subscripts and tuples or lists of them:
 * `None = 1`, `f() = 1`, `del 1`, `for 1 in x`, `f() += 1` (parser); one starred target alone or
 * two in one tuple (code generation).
 */
import type { SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { expressionName, isBitwiseOrLevel } from './expressionNames';
import { insideBrackets, spanOf, splitChildren } from './nodeParts';

type Use = 'assign' | 'delete';

interface Invalid {
  node: SyntaxNode;
  name: string;
}

/** The first part of a target (a flat piece: `a, *b` or one node) that cannot be assigned or deleted. */
function invalidTarget(piece: SyntaxNode[], use: Use, text: string): Invalid | 'starredInParentheses' | undefined {
  for (const element of splitChildren(piece, ',')) {
    const found = invalidElement(element, use, text);
    if (found) return found;
  }
  return undefined;
}

function invalidElement(element: SyntaxNode[], use: Use, text: string): Invalid | 'starredInParentheses' | undefined {
  if (element[0].name === '*') {
    if (use === 'delete') return { node: element[0], name: 'starred' };
    return element.length === 2 ? invalidNode(element[1], use, text) : undefined;
  }
  return element.length === 1 ? invalidNode(element[0], use, text) : undefined;
}

function invalidNode(node: SyntaxNode, use: Use, text: string): Invalid | 'starredInParentheses' | undefined {
  switch (node.name) {
    case 'VariableName':
    case 'MemberExpression':
      return undefined;
    case 'ParenthesizedExpression': {
      const inner = insideBrackets(node);
      if (inner[0]?.name === '*') return 'starredInParentheses';
      return inner.length === 1 ? invalidNode(inner[0], use, text) : undefined;
    }
    case 'TupleExpression':
    case 'ArrayExpression':
      return invalidTarget(insideBrackets(node), use, text);
    default: {
      const name = expressionName(node, text);
      return name === undefined ? undefined : { node, name };
    }
  }
}

/** A node's span for CPython, a starred element's `*` included. */
function elementSpan(invalid: Invalid, use: Use): { from: number; to: number } {
  if (use === 'delete' && invalid.name === 'starred') {
    const value = invalid.node.nextSibling;
    return { from: invalid.node.from, to: value ? value.to : invalid.node.to };
  }
  return { from: invalid.node.from, to: invalid.node.to };
}

function stripParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenthesizedExpression') {
    const inner = insideBrackets(current);
    if (inner.length !== 1) break;
    current = inner[0];
  }
  return current;
}

/** `(*a)`: CPython's grammar refuses a starred expression in a group anywhere. */
export function starredGroupError(node: SyntaxNode): CompileError | undefined {
  const inner = insideBrackets(node);
  if (inner[0]?.name !== '*' || inner.length !== 2) return undefined;
  return syntaxError(CompileStage.Parser, inner[0].from, inner[1].to, 'cannot use starred expression here');
}

/**
 * `t1 = t2 = ... = value`. CPython's second parse tries, in order, the first target as an
 * expression followed by `=` (pegen's invalid_named_expression: `f() = 1` is "cannot assign to
 * function call here. Maybe you meant '==' ...?", `f(), a = 1` "invalid syntax. Maybe you meant
 * '==' or ':=' ...?"), then the targets one by one ("cannot assign to literal").
 */
export function assignmentErrors(statement: SyntaxNode, text: string): CompileError[] {
  const children: SyntaxNode[] = [];
  for (let child = statement.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') children.push(child);
  const annotation = children.findIndex((child) => child.name === 'TypeDef');
  if (annotation >= 0) {
    const error = annotatedTargetError(children.slice(0, annotation), children[annotation]);
    return error ? [error] : [];
  }
  const pieces = splitChildren(children, 'AssignOp');
  if (pieces.length < 2) return [];
  const targets = pieces.slice(0, -1);
  const errors: CompileError[] = [];
  const value = pieces[pieces.length - 1];
  if (value[0].name === '*' && !value.some((child) => child.name === ',')) {
    errors.push(syntaxError(CompileStage.CodeGeneration, value[0].from, value[value.length - 1].to, "can't use starred expression here"));
  }
  for (let index = 0; index < targets.length; index++) {
    const invalid = invalidTarget(targets[index], 'assign', text);
    if (invalid === undefined) continue;
    if (invalid === 'starredInParentheses') return errors; // reported by the walk where the group is
    const named = namedExpressionError(targets[0], pieces[1], pieces.length === 2, text);
    if (named) return [named];
    return [syntaxError(CompileStage.Parser, invalid.node.from, invalid.node.to, `cannot assign to ${invalid.name}`)];
  }
  for (const target of targets) errors.push(...starredTargetErrors(target));
  return errors;
}

/** pegen's invalid_named_expression on the first target's last element and what follows its `=`. */
function namedExpressionError(target: SyntaxNode[], next: SyntaxNode[], nextIsValue: boolean, text: string): CompileError | undefined {
  // It matches only when what follows `=` starts with an operand and that operand is not itself
  // followed by another `=` (the next piece is then a target of the same statement).
  const first = next[0].name;
  if (first === '*' || first === 'not' || first === 'LambdaExpression' || first === 'YieldExpression') return undefined;
  if (first === 'UnaryExpression' && next[0].firstChild?.name === 'not') return undefined;
  const operandAlone = next.length === 1 && isBitwiseOrLevel(next[0]);
  if (operandAlone && !nextIsValue) return undefined;
  const elements = splitChildren(target, ',');
  const last = elements[elements.length - 1];
  if (last.length !== 1) return undefined;
  const node = last[0];
  if (node.name === 'VariableName') {
    const operandEnd = operandAlone ? next[0].to : leadingOperandEnd(next[0]);
    return syntaxError(CompileStage.Parser, node.from, operandEnd, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
  }
  if (['TupleExpression', 'ArrayExpression', 'ComprehensionExpression', 'Boolean', 'None'].includes(node.name) || !isBitwiseOrLevel(node)) return undefined;
  // CPython would name a valid target here too ("attribute"); left to the general message.
  if (invalidNode(node, 'assign', text) === undefined) return undefined;
  const stripped = stripParentheses(node);
  const name = expressionName(stripped, text);
  if (name === undefined) return undefined;
  return syntaxError(CompileStage.Parser, stripped.from, stripped.to, `cannot assign to ${name} here. Maybe you meant '==' instead of '='?`);
}

/** The end of the operand an expression starts with (`1` of `1 if x else 2`, `a` of `a < b`). */
function leadingOperandEnd(node: SyntaxNode): number {
  let current = node;
  while (!isBitwiseOrLevel(current) && current.firstChild) current = current.firstChild;
  return current.to;
}

/** Code generation's starred checks on one valid target: `*a = 1`, `*a, *b = x`. */
function starredTargetErrors(target: SyntaxNode[]): CompileError[] {
  const elements = splitChildren(target, ',');
  const bare = target.some((child) => child.name === ',');
  if (!bare && elements.length === 1 && elements[0][0].name === '*') {
    const span = spanOf(elements[0]);
    return [syntaxError(CompileStage.CodeGeneration, span.from, span.to, 'starred assignment target must be in a list or tuple')];
  }
  return sequenceStarErrors(elements, spanOf(target));
}

function sequenceStarErrors(elements: SyntaxNode[][], span: { from: number; to: number }): CompileError[] {
  if (elements.filter((element) => element[0].name === '*').length > 1) {
    return [syntaxError(CompileStage.CodeGeneration, span.from, span.to, 'multiple starred expressions in assignment')];
  }
  for (const element of elements) {
    const node = element[element.length - 1];
    if (node.name === 'TupleExpression' || node.name === 'ArrayExpression') {
      const nested = sequenceStarErrors(splitChildren(insideBrackets(node), ','), { from: node.from, to: node.to });
      if (nested.length > 0) return nested;
    }
  }
  return [];
}

/** `x += 1`: one name, attribute or subscript. */
export function augmentedAssignmentError(statement: SyntaxNode, text: string): CompileError | undefined {
  const target: SyntaxNode[] = [];
  for (let child = statement.firstChild; child && child.name !== 'UpdateOp'; child = child.nextSibling) target.push(child);
  if (target.length === 0) return undefined;
  let name: string | undefined;
  const single = target.length === 1 ? stripParentheses(target[0]) : undefined;
  if (target[0].name === '*') name = 'starred';
  else if (target.some((child) => child.name === ',') || single?.name === 'TupleExpression') name = 'tuple';
  else if (single?.name === 'ArrayExpression') name = 'list';
  else if (single && single.name !== 'VariableName' && single.name !== 'MemberExpression') name = expressionName(single, text);
  if (name === undefined) return undefined;
  const span = spanOf(target);
  return syntaxError(CompileStage.Parser, span.from, span.to, `'${name}' is an illegal expression for augmented assignment`);
}

/** `del` targets, `for` targets and `with ... as` targets: "cannot delete/assign to X" at the part. */
export function targetErrors(piece: SyntaxNode[], use: Use, text: string): CompileError[] {
  if (piece.length === 0) return [];
  const invalid = invalidTarget(piece, use, text);
  if (invalid === 'starredInParentheses') return [];
  if (invalid) {
    const span = elementSpan(invalid, use);
    return [syntaxError(CompileStage.Parser, span.from, span.to, use === 'delete' ? `cannot delete ${invalid.name}` : `cannot assign to ${invalid.name}`)];
  }
  return use === 'assign' ? starredTargetErrors(piece) : [];
}

/**
 * `target: annotation [= value]`: CPython's grammar annotates one name, attribute or subscript
 * (parenthesized or not); a tuple or list is "only single target", anything else an illegal
 * target, and a bare starred name no annotated assignment at all.
 */
function annotatedTargetError(target: SyntaxNode[], annotation: SyntaxNode): CompileError | undefined {
  if (target.length === 0) return undefined;
  if (target.some((child) => child.name === ',')) return syntaxError(CompileStage.Parser, target[0].from, target[0].to, 'only single target (not tuple) can be annotated');
  if (target[0].name === '*') return syntaxError(CompileStage.Parser, annotation.from, annotation.from + 1, 'invalid syntax');
  if (target.length !== 1) return undefined;
  const node = target[0];
  if (node.name === 'TupleExpression') return syntaxError(CompileStage.Parser, node.from, node.to, 'only single target (not tuple) can be annotated');
  if (node.name === 'ArrayExpression') return syntaxError(CompileStage.Parser, node.from, node.to, 'only single target (not list) can be annotated');
  const inner = stripParentheses(node);
  if (inner.name === 'VariableName' || inner.name === 'MemberExpression') return undefined;
  return syntaxError(CompileStage.Parser, inner.from, inner.to, 'illegal target for annotation');
}
