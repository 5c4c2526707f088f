/**
 * Statements and expressions CPython accepts only in some places, which lezer's grammar accepts
 * anywhere: `return`, `yield` and `await` outside a function (or `await` outside an async one),
 * `break`/`continue` outside a loop, `nonlocal` at module level, `async for`/`async with` and
 * asynchronous comprehensions outside an async function, `yield` in a comprehension.
 */
import { childrenOf, type SyntaxNode } from '../parser';
import { CompileStage, syntaxError, type CompileError } from './compileError';

const COMPREHENSIONS: Record<string, string> = {
  ArrayComprehensionExpression: 'list comprehension',
  SetComprehensionExpression: 'set comprehension',
  DictionaryComprehensionExpression: 'dict comprehension',
  ComprehensionExpression: 'generator expression',
};

interface Place {
  scope: 'module' | 'class' | 'function';
  async: boolean;
  inLoop: boolean;
  /** The innermost comprehension around the node, when it is in that comprehension's own scope. */
  comprehension?: SyntaxNode;
  /** The outermost of the list, set and dict comprehensions nested around the node, up to its function. */
  outermostComprehension?: SyntaxNode;
}

/** Where a node runs, found by walking up its ancestors (only for the few nodes checked here). */
function placeOf(node: SyntaxNode): Place {
  const place: Place = { scope: 'module', async: false, inLoop: false };
  let loopOpen = true;
  let comprehensionsOpen = true;
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === 'Body') {
      const owner = parent.parent;
      if (owner?.name === 'FunctionDefinition' || owner?.name === 'ClassDefinition') {
        place.scope = owner.name === 'ClassDefinition' ? 'class' : 'function';
        place.async = owner.firstChild?.name === 'async';
        return place;
      }
      if (loopOpen && (owner?.name === 'ForStatement' || owner?.name === 'WhileStatement') && parent.prevSibling?.name !== 'else') {
        place.inLoop = true;
        loopOpen = false;
      }
    } else if (parent.name === 'LambdaExpression') {
      if (isLambdaBody(parent, child)) {
        place.scope = 'function';
        return place;
      }
    } else if (parent.name in COMPREHENSIONS && !inFirstIterable(parent, child)) {
      place.comprehension ??= parent;
      if (parent.name === 'ComprehensionExpression') comprehensionsOpen = false;
      else if (comprehensionsOpen) place.outermostComprehension = parent;
    }
  }
  return place;
}

function isLambdaBody(lambda: SyntaxNode, child: SyntaxNode): boolean {
  for (let part = lambda.firstChild; part; part = part.nextSibling) if (part.name === ':') return child.from >= part.to;
  return false;
}

/** The first `for`'s iterable is evaluated in the enclosing scope, not the comprehension's. */
export function inFirstIterable(comprehension: SyntaxNode, child: SyntaxNode): boolean {
  let start: number | undefined;
  for (let part = comprehension.firstChild; part; part = part.nextSibling) {
    if (start === undefined) {
      if (part.name === 'in') start = part.to;
    } else if (['for', 'if', 'async', ']', ')', '}'].includes(part.name)) return child.from >= start && child.to <= part.from;
  }
  return false;
}

export function scopeErrors(node: SyntaxNode): CompileError[] {
  const error = scopeError(node);
  return error ? [error] : [];
}

function scopeError(node: SyntaxNode): CompileError | undefined {
  const at = (stage: CompileStage, message: string, span: SyntaxNode = node): CompileError => syntaxError(stage, span.from, span.to, message);
  switch (node.name) {
    case 'ReturnStatement': {
      if (placeOf(node).scope !== 'function') return at(CompileStage.CodeGeneration, "'return' outside function");
      const hasValue = childrenOf(node).some((child) => child.name !== 'return' && child.name !== 'Comment');
      return hasValue && isAsyncGenerator(enclosingFunction(node)) ? at(CompileStage.CodeGeneration, "'return' with value in async generator") : undefined;
    }
    case 'BreakStatement':
      return placeOf(node).inLoop ? undefined : at(CompileStage.CodeGeneration, "'break' outside loop");
    case 'ContinueStatement':
      return placeOf(node).inLoop ? undefined : at(CompileStage.CodeGeneration, "'continue' not properly in loop");
    case 'ScopeStatement':
      return node.firstChild?.name === 'nonlocal' && placeOf(node).scope === 'module' ? at(CompileStage.SymbolAnalysis, 'nonlocal declaration not allowed at module level') : undefined;
    case 'YieldStatement':
    case 'YieldExpression': {
      const place = placeOf(node);
      if (place.comprehension) return at(CompileStage.SymbolTable, `'yield' inside ${COMPREHENSIONS[place.comprehension.name]}`);
      if (place.scope !== 'function') return at(CompileStage.CodeGeneration, "'yield' outside function");
      const yieldFrom = node.firstChild?.nextSibling?.name === 'from';
      return place.async && yieldFrom ? at(CompileStage.CodeGeneration, "'yield from' inside async function") : undefined;
    }
    case 'AwaitExpression':
      return awaitError(placeOf(node), at);
    case 'ForStatement':
    case 'WithStatement': {
      if (node.firstChild?.name !== 'async') return undefined;
      const place = placeOf(node);
      return place.scope === 'function' && place.async ? undefined : at(CompileStage.CodeGeneration, `'async ${node.name === 'ForStatement' ? 'for' : 'with'}' outside async function`);
    }
    default:
      if (node.name in COMPREHENSIONS && node.name !== 'ComprehensionExpression' && hasAsyncFor(node)) return asyncComprehensionError(node, at);
      return undefined;
  }
}

function awaitError(place: Place, at: (stage: CompileStage, message: string, span?: SyntaxNode) => CompileError): CompileError | undefined {
  if (place.comprehension) {
    // An await makes its comprehension asynchronous: allowed in a generator expression anywhere,
    // in a list, set or dict comprehension only inside an async function.
    if (place.comprehension.name === 'ComprehensionExpression') return undefined;
    if (place.scope === 'function' && place.async) return undefined;
    return at(CompileStage.CodeGeneration, 'asynchronous comprehension outside of an asynchronous function', place.outermostComprehension ?? place.comprehension);
  }
  if (place.scope !== 'function') return at(CompileStage.CodeGeneration, "'await' outside function");
  return place.async ? undefined : at(CompileStage.CodeGeneration, "'await' outside async function");
}

function hasAsyncFor(comprehension: SyntaxNode): boolean {
  for (let part = comprehension.firstChild; part; part = part.nextSibling) if (part.name === 'async') return true;
  return false;
}

function asyncComprehensionError(node: SyntaxNode, at: (stage: CompileStage, message: string, span?: SyntaxNode) => CompileError): CompileError | undefined {
  const place = placeOf(node);
  if (place.scope === 'function' && place.async) return undefined;
  if (place.comprehension?.name === 'ComprehensionExpression') return undefined;
  return at(CompileStage.CodeGeneration, 'asynchronous comprehension outside of an asynchronous function', place.outermostComprehension ?? node);
}

/** The `def` whose body holds `node` directly (not through a nested def, lambda or class). */
function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.name === 'FunctionDefinition') return parent;
    if (parent.name === 'ClassDefinition' || parent.name === 'LambdaExpression') return undefined;
  }
  return undefined;
}

const asyncGenerators = new WeakMap<SyntaxNode, boolean>();

/** An `async def` with a `yield` of its own: CPython refuses a `return` with a value in it. */
function isAsyncGenerator(definition: SyntaxNode | undefined): boolean {
  if (!definition || definition.firstChild?.name !== 'async') return false;
  let known = asyncGenerators.get(definition);
  if (known === undefined) {
    known = false;
    const body = childrenOf(definition).find((child) => child.name === 'Body');
    body?.cursor().iterate((ref) => {
      if (known) return false;
      if (ref.name === 'FunctionDefinition' || ref.name === 'ClassDefinition' || ref.name === 'LambdaExpression' || ref.name in COMPREHENSIONS) return false;
      if (ref.name === 'YieldExpression' || ref.name === 'YieldStatement') known = true;
      return undefined;
    });
    asyncGenerators.set(definition, known);
  }
  return known;
}
