/**
 * `__debug__` is a constant to CPython's compiler: binding it anywhere (`__debug__ = 1`, a
 * parameter, a keyword argument, an import alias, `x.__debug__ = 1`) is "cannot assign to
 * __debug__", and `del __debug__` "cannot delete __debug__". Lezer reads each as a plain name.
 * CPython reports the error at the construct it was compiling: the name or attribute for a
 * target, the whole call, definition or import statement otherwise.
 */
import { childrenOf, type SyntaxNode, type Tree } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { ANNOT, isParameterName, LOCAL, roleOf } from './globalDeclarations';

const DEBUG = '__debug__';
const GROUPS = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);

export function debugNameErrors(tree: Tree, text: string): CompileError[] {
  if (!text.includes(DEBUG)) return [];
  const errors: CompileError[] = [];
  tree.iterate({
    enter(ref) {
      if ((ref.name !== 'VariableName' && ref.name !== 'PropertyName') || text.slice(ref.from, ref.to) !== DEBUG) return undefined;
      const span = ref.name === 'VariableName' ? boundNameSpan(ref.node, text) : attributeTargetSpan(ref.node);
      if (span) errors.push(syntaxError(CompileStage.CodeGeneration, span.from, span.to, `cannot ${span.deleted ? 'delete' : 'assign to'} ${DEBUG}`));
      return undefined;
    },
  });
  return errors;
}

interface Span {
  from: number;
  to: number;
  deleted?: boolean;
}

/** Where CPython reports a binding of the name `node`, or undefined when it binds nothing. */
function boundNameSpan(node: SyntaxNode, text: string): Span | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.name) {
    case 'ArgList': {
      if (node.nextSibling?.name !== 'AssignOp') return undefined;
      const owner = parent.parent;
      return owner && (owner.name === 'CallExpression' || owner.name === 'ClassDefinition') ? owner : undefined;
    }
    case 'ParamList': {
      const owner = parent.parent;
      return owner && isParameterName(node) && (owner.name === 'FunctionDefinition' || owner.name === 'LambdaExpression') ? owner : undefined;
    }
    case 'FunctionDefinition':
    case 'ClassDefinition':
      return parent;
    case 'ImportStatement':
      return importBinds(node, parent, text) ? parent : undefined;
    case 'TryStatement': {
      if (node.prevSibling?.name !== 'as') return undefined;
      // The whole `except ... as name:` clause, its body included.
      let start: SyntaxNode | null = node.prevSibling;
      while (start && start.name !== 'except') start = start.prevSibling;
      let body: SyntaxNode | null = node.nextSibling;
      while (body && body.name !== 'Body') body = body.nextSibling;
      return { from: start?.from ?? node.from, to: body?.to ?? node.to };
    }
    default: {
      const role = roleOf(node);
      if (!role || (role.flags & (LOCAL | ANNOT)) === 0) return undefined;
      if (role.annotation) return role.annotation;
      return { from: node.from, to: node.to, deleted: isDeleted(node) };
    }
  }
}

function isDeleted(node: SyntaxNode): boolean {
  let piece = node;
  while (piece.parent && GROUPS.has(piece.parent.name)) piece = piece.parent;
  return piece.parent?.name === 'DeleteStatement';
}

/** Whether an import binds this name: an alias, a name imported from a module, or the first part of `import a.b`. */
function importBinds(node: SyntaxNode, statement: SyntaxNode, text: string): boolean {
  const before = node.prevSibling?.name;
  if (before === 'as') return true;
  if (aliasFollows(node)) return false;
  if (text.slice(statement.from, statement.to).startsWith('from')) {
    let afterImport = false;
    for (let part = statement.firstChild; part && part.from < node.from; part = part.nextSibling) if (part.name === 'import') afterImport = true;
    return afterImport;
  }
  return before === 'import' || before === ',';
}

/** Whether the dotted name going on at `node` ends in `as`. */
function aliasFollows(node: SyntaxNode): boolean {
  let part = node.nextSibling;
  while (part && (part.name === '.' || part.name === 'VariableName')) part = part.nextSibling;
  return part?.name === 'as';
}

/** `x.__debug__ = 1`, `for x.__debug__ in y`: the attribute, when it is an assignment or loop target (not `+=` or `del`). */
function attributeTargetSpan(property: SyntaxNode): Span | undefined {
  const member = property.parent;
  if (member?.name !== 'MemberExpression' || property.nextSibling !== null) return undefined;
  let piece = member;
  while (piece.parent && GROUPS.has(piece.parent.name)) piece = piece.parent;
  const statement = piece.parent;
  if (!statement) return undefined;
  const parts = childrenOf(statement);
  if (statement.name === 'AssignStatement') {
    // `x.__debug__: int`: the annotated statement.
    if (parts.some((part) => part.name === 'TypeDef')) return piece === member && statement.firstChild?.from === member.from && statement.firstChild.to === member.to ? statement : undefined;
    const lastAssign = parts.map((part) => part.name).lastIndexOf('AssignOp');
    return lastAssign >= 0 && piece.to <= parts[lastAssign].from ? member : undefined;
  }
  if (statement.name === 'ForStatement') {
    const inAt = parts.find((part) => part.name === 'in');
    return inAt && piece.to <= inAt.from ? member : undefined;
  }
  return undefined;
}
