/**
 * CPython's symbol-table errors about `global` and `nonlocal`, which lezer's grammar cannot see:
 * a name a scope used, assigned, annotated or took as a parameter before declaring it global or
 * nonlocal (`x = 1` then `global x`), an annotation of a declared name, and, once every scope is
 * known, a `nonlocal` name no enclosing function binds or one also declared global.
 *
 * CPython builds its symbol table in one walk of the file, in source order, and raises the first
 * of these at the declaration; the `nonlocal` checks come after the walk (CompileStage.SymbolAnalysis).
 * What a scope does with a name is read from lezer's tree by the name's place: where a reading is
 * unsure, it leans towards "bound" and "nothing before", so that a file Python compiles is never
 * refused.
 */
import { childrenOf, type SyntaxNode, type Tree } from '../parser';
import { isRelaxedTarget, namesInRelaxedTarget } from '../relaxed/withTargets';
import { CompileStage, syntaxError, type CompileError } from './compileError';
import { inFirstIterable } from './scopeStatements';

export const PARAM = 1;
export const LOCAL = 2;
export const USE = 4;
export const ANNOT = 8;
export const IMPORT = 16;

const COMPREHENSIONS = new Set(['ArrayComprehensionExpression', 'SetComprehensionExpression', 'DictionaryComprehensionExpression', 'ComprehensionExpression']);
const GROUPS = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);
const DECLARATION = /\b(?:global|nonlocal)\b/;

interface Occurrence {
  name: string;
  scope: SyntaxNode;
  at: number;
  flags: number;
  /** The annotated assignment statement, for a simple annotated name. */
  annotation?: SyntaxNode;
}

interface Directive {
  kind: 'global' | 'nonlocal';
  statement: SyntaxNode;
  scope: SyntaxNode;
  names: string[];
}

export function globalDeclarationErrors(tree: Tree, text: string): CompileError[] {
  if (!DECLARATION.test(text)) return [];
  const directives: Directive[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'ScopeStatement') return undefined;
      const node = ref.node;
      const keyword = node.firstChild?.name;
      if (keyword !== 'global' && keyword !== 'nonlocal') return false;
      const names = childrenOf(node).filter((part) => part.name === 'VariableName').map((part) => text.slice(part.from, part.to));
      directives.push({ kind: keyword, statement: node, scope: scopeOf(node), names });
      return false;
    },
  });
  if (directives.length === 0) return [];
  const declared = new Set(directives.flatMap((directive) => directive.names));
  const occurrences = occurrencesOf(tree, text, declared);
  return [...walkErrors(directives, occurrences), ...analysisErrors(directives, occurrences)];
}

/** Errors raised as the symbol table is built: at the declaration, or at an annotation after it. */
function walkErrors(directives: Directive[], occurrences: Occurrence[]): CompileError[] {
  const errors: CompileError[] = [];
  for (const directive of directives) {
    for (const name of directive.names) {
      let flags = 0;
      for (const seen of occurrences) if (seen.name === name && sameNode(seen.scope, directive.scope) && seen.at < directive.statement.from) flags |= seen.flags;
      const kind = directive.kind;
      let message: string | undefined;
      if (flags & PARAM) message = `name '${name}' is parameter and ${kind}`;
      else if (flags & USE) message = `name '${name}' is used prior to ${kind} declaration`;
      else if (flags & ANNOT) message = `annotated name '${name}' can't be ${kind}`;
      else if (flags & LOCAL) message = `name '${name}' is assigned to before ${kind} declaration`;
      if (message) errors.push(syntaxError(CompileStage.SymbolTable, directive.statement.from, directive.statement.to, message));
    }
  }
  // `global x` then `x: int` in a function or class body.
  for (const seen of occurrences) {
    if (!seen.annotation || seen.scope.name === 'Script') continue;
    const before = directives.find((directive) => sameNode(directive.scope, seen.scope) && directive.statement.from < seen.at && directive.names.includes(seen.name));
    if (before) errors.push(syntaxError(CompileStage.SymbolTable, seen.annotation.from, seen.annotation.to, `annotated name '${seen.name}' can't be ${before.kind}`));
  }
  return errors;
}

/** Errors raised once every scope is known: a name both nonlocal and global, a nonlocal name nothing binds. */
function analysisErrors(directives: Directive[], occurrences: Occurrence[]): CompileError[] {
  const errors: CompileError[] = [];
  const reported = new Set<string>();
  for (const directive of directives) {
    if (directive.kind !== 'nonlocal' || directive.scope.name === 'Script') continue;
    for (const name of directive.names) {
      const key = `${directive.scope.from}:${name}`;
      if (reported.has(key)) continue;
      const first = directives.find((other) => sameNode(other.scope, directive.scope) && other.names.includes(name))!;
      if (directives.some((other) => other.kind === 'global' && sameNode(other.scope, directive.scope) && other.names.includes(name))) {
        reported.add(key);
        errors.push(syntaxError(CompileStage.SymbolAnalysis, first.statement.from, first.statement.to, `name '${name}' is nonlocal and global`));
      } else if (!boundAbove(name, directive.scope, directives, occurrences)) {
        reported.add(key);
        errors.push(syntaxError(CompileStage.SymbolAnalysis, first.statement.from, first.statement.to, `no binding for nonlocal '${name}' found`));
      }
    }
  }
  return errors;
}

/** Whether a function around `scope` binds `name` (a class in between passes it through; a `global` hides it). */
function boundAbove(name: string, scope: SyntaxNode, directives: Directive[], occurrences: Occurrence[]): boolean {
  for (let outer = enclosingScope(scope); outer.name !== 'Script'; outer = enclosingScope(outer)) {
    // A class passes the names of the functions around it through, whatever it declares itself.
    if (outer.name === 'ClassDefinition') continue;
    if (directives.some((directive) => directive.kind === 'global' && sameNode(directive.scope, outer) && directive.names.includes(name))) return false;
    const declaredNonlocal = directives.some((directive) => directive.kind === 'nonlocal' && sameNode(directive.scope, outer) && directive.names.includes(name));
    if (declaredNonlocal) continue;
    if (occurrences.some((seen) => seen.name === name && sameNode(seen.scope, outer) && (seen.flags & (PARAM | LOCAL | IMPORT | ANNOT)) !== 0)) return true;
  }
  return false;
}

/** Every place a declared name appears, with what its scope does with it there. */
function occurrencesOf(tree: Tree, text: string, names: Set<string>): Occurrence[] {
  const found: Occurrence[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'VariableName') return undefined;
      const node = ref.node;
      const written = text.slice(node.from, node.to);
      if (isRelaxedTarget(written)) {
        // A `with ... as (a, b)` target lezer read as one name: every name in it is taken as bound.
        for (const word of namesInRelaxedTarget(written)) {
          if (names.has(word)) found.push({ name: word, scope: scopeOf(node), at: node.from, flags: LOCAL });
        }
        return undefined;
      }
      if (!names.has(written)) return undefined;
      const role = roleOf(node);
      if (role === undefined) return undefined;
      found.push({ name: written, scope: role.flags === LOCAL && isWalrusTarget(node) ? scopeOutsideComprehensions(node) : scopeOf(node), at: node.from, ...role });
      return undefined;
    },
  });
  return found;
}

/** What the statement or expression around a name does with it; undefined where it is no variable (a keyword argument, a directive). */
export function roleOf(node: SyntaxNode): { flags: number; annotation?: SyntaxNode } | undefined {
  const parent = node.parent;
  if (!parent) return { flags: USE };
  const before = node.prevSibling?.name;
  switch (parent.name) {
    case 'ScopeStatement':
      return undefined;
    case 'ImportStatement':
      return { flags: IMPORT };
    case 'ArgList':
      return node.nextSibling?.name === 'AssignOp' ? undefined : { flags: USE };
    case 'KeywordPattern':
      return parent.firstChild && sameNode(node, parent.firstChild) ? undefined : { flags: USE };
    case 'CapturePattern':
      return { flags: LOCAL };
    case 'AsPattern':
      return before === 'as' ? { flags: LOCAL } : { flags: USE };
    case 'FunctionDefinition':
    case 'ClassDefinition':
      return { flags: LOCAL };
    case 'ParamList':
      return isParameterName(node) ? { flags: PARAM } : { flags: USE };
    case 'TryStatement':
    case 'WithStatement':
      return before === 'as' ? { flags: LOCAL } : { flags: USE };
    case 'NamedExpression':
      return isWalrusTarget(node) ? { flags: LOCAL } : { flags: USE };
    default:
      return targetRole(node);
  }
}

/** A name written as a target (possibly inside a tuple, list or parentheses) of an assignment, loop or `del`. */
function targetRole(node: SyntaxNode): { flags: number; annotation?: SyntaxNode } {
  let piece = node;
  let grouped = false;
  while (piece.parent && GROUPS.has(piece.parent.name)) {
    piece = piece.parent;
    grouped = true;
  }
  const statement = piece.parent;
  if (!statement) return { flags: USE };
  if (statement.name === 'DeleteStatement') return { flags: LOCAL };
  if (COMPREHENSIONS.has(statement.name)) return isComprehensionTarget(piece, statement) ? { flags: LOCAL } : { flags: USE };
  if (statement.name === 'ForStatement') return isBefore(piece, statement, 'in') ? { flags: LOCAL } : { flags: USE };
  if (statement.name === 'UpdateStatement') return isBefore(piece, statement, 'UpdateOp') ? { flags: LOCAL } : { flags: USE };
  if (statement.name === 'AssignStatement') {
    const annotated = childrenOf(statement).some((part) => part.name === 'TypeDef');
    if (annotated && statement.firstChild && sameNode(piece, statement.firstChild) && !grouped) {
      const hasValue = childrenOf(statement).some((part) => part.name === 'AssignOp');
      return { flags: ANNOT | (hasValue ? LOCAL : 0), annotation: statement };
    }
    return isBeforeLast(piece, statement, 'AssignOp') ? { flags: LOCAL } : { flags: USE };
  }
  return { flags: USE };
}

/** Whether `piece` stands between a comprehension's `for` and its `in`. */
function isComprehensionTarget(piece: SyntaxNode, comprehension: SyntaxNode): boolean {
  let inTarget = false;
  for (let part = comprehension.firstChild; part; part = part.nextSibling) {
    if (part.name === 'for') inTarget = true;
    else if (part.name === 'in') inTarget = false;
    else if (part.from === piece.from && part.to === piece.to) return inTarget;
  }
  return false;
}

/** Lezer hands out a new object for a node on each visit: a node is known by its type and range. */
function sameNode(a: SyntaxNode, b: SyntaxNode): boolean {
  return a.from === b.from && a.to === b.to && a.name === b.name;
}

function isBefore(piece: SyntaxNode, statement: SyntaxNode, marker: string): boolean {
  for (let part = statement.firstChild; part; part = part.nextSibling) {
    if (part.name === marker) return false;
    if (part.from === piece.from && part.to === piece.to) return true;
  }
  return false;
}

function isBeforeLast(piece: SyntaxNode, statement: SyntaxNode, marker: string): boolean {
  let last = -1;
  for (let part = statement.firstChild; part; part = part.nextSibling) if (part.name === marker) last = part.from;
  return last >= 0 && piece.to <= last;
}

/** A parameter's own name, not a name in its default value or annotation. */
export function isParameterName(node: SyntaxNode): boolean {
  const before = node.prevSibling?.name;
  return before === undefined || before === '(' || before === ',' || before === '*' || before === '**' || before === '/';
}

function isWalrusTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent?.name === 'NamedExpression' && parent.firstChild !== null && sameNode(parent.firstChild, node);
}

/** The node of the scope a name belongs to: a def, lambda, class, comprehension or the Script. */
function scopeOf(node: SyntaxNode): SyntaxNode {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    const scope = scopeEntered(parent, child, node);
    if (scope === 'skip') {
      // A default value, an annotation or a decorator runs in the scope around the definition.
      child = parent;
      parent = parent.parent;
      if (!parent) break;
      continue;
    }
    if (scope) return scope;
  }
  return child;
}

/** The scope around a definition or a comprehension. */
function enclosingScope(scope: SyntaxNode): SyntaxNode {
  return scope.parent ? scopeOf(scope) : scope;
}

/** `[y := f(x) for x in z]` binds y in the function around the comprehension. */
function scopeOutsideComprehensions(node: SyntaxNode): SyntaxNode {
  let scope = scopeOf(node);
  while (COMPREHENSIONS.has(scope.name)) scope = enclosingScope(scope);
  return scope;
}

/**
 * Whether stepping from `child` into `parent` enters `parent`'s own scope: the scope node, or
 * 'skip' when `child` is a definition's own part run outside it (its parameter list but the
 * parameter names), or undefined to go on up.
 */
function scopeEntered(parent: SyntaxNode, child: SyntaxNode, name: SyntaxNode): SyntaxNode | 'skip' | undefined {
  switch (parent.name) {
    case 'Script':
      return parent;
    case 'Body': {
      const owner = parent.parent;
      return owner && (owner.name === 'FunctionDefinition' || owner.name === 'ClassDefinition') ? owner : undefined;
    }
    case 'ParamList': {
      const owner = parent.parent;
      if (owner && (owner.name === 'FunctionDefinition' || owner.name === 'LambdaExpression') && child === name && isParameterName(name)) return owner;
      return 'skip';
    }
    case 'LambdaExpression': {
      for (let part = parent.firstChild; part; part = part.nextSibling) if (part.name === ':') return child.from >= part.to ? parent : undefined;
      return undefined;
    }
    default:
      if (COMPREHENSIONS.has(parent.name)) return inFirstIterable(parent, child) ? undefined : parent;
      return undefined;
  }
}
