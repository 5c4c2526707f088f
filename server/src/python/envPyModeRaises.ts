/**
 * env.py that raises instead of running the migrations in one mode: CodeChecker's
 * `if context.is_offline_mode(): raise NotImplementedError(...)`, or a `run_migrations_offline()`
 * whose body is `raise ...`. Alembic then fails with that exception (`alembic upgrade --sql`
 * prints nothing of the migrations), so the engine must not print or run them in that mode.
 *
 * Followed statically, at env.py's top level only: a `raise` written directly in the module, in a
 * branch of `if [not] context.is_offline_mode():` (its `else:` is the other mode), or in the body
 * of a module function that such a branch (or the module) calls by name. A raise nested in another
 * `if`, `try` or loop depends on what runs, and is left to Alembic as before.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { isAlembicContextCall } from './alembicContext';

export interface RaiseInEnvPy {
  /** 1-based line of the `raise` statement. */
  line: number;
  /** The statement as written, shortened, for the refusal's message. */
  statement: string;
}

export type ModeRaises = { offline?: RaiseInEnvPy; online?: RaiseInEnvPy };

type Mode = keyof ModeRaises;

export function modeRaisesOf(text: string, top: SyntaxNode, lineOf: (offset: number) => number): ModeRaises {
  const functions = new Map<string, SyntaxNode>();
  for (const statement of childrenOf(top)) {
    if (statement.name !== 'FunctionDefinition') continue;
    const name = statement.getChild('VariableName');
    const body = statement.getChild('Body');
    if (name && body) functions.set(textOf(text, name), body);
  }
  const found: ModeRaises = {};
  const record = (modes: readonly Mode[], raise: SyntaxNode): void => {
    const at: RaiseInEnvPy = { line: lineOf(raise.from), statement: textOf(text, raise).replace(/\s+/g, ' ').slice(0, 100) };
    for (const mode of modes) found[mode] ??= at;
  };
  for (const statement of childrenOf(top)) {
    const raise = raiseRunBy(text, statement, functions);
    if (raise) {
      // Both modes reach this statement; nothing after it runs in either.
      record(['offline', 'online'], raise);
      break;
    }
    if (statement.name !== 'IfStatement') continue;
    const branches = modeBranchesOf(text, statement);
    if (!branches) continue;
    for (const [mode, body] of branches) {
      const inBranch = firstRaiseIn(text, body, functions);
      if (inBranch) record([mode], inBranch);
    }
  }
  return found;
}

/** `if [not] context.is_offline_mode(): A else: B` → [[mode of A, A], [other mode, B]]; undefined for any other `if` (an `elif` included). */
function modeBranchesOf(text: string, statement: SyntaxNode): [Mode, SyntaxNode][] | undefined {
  const parts = childrenOf(statement);
  if (parts.some((part) => part.name === 'elif')) return undefined;
  const condition = parts[1];
  const bodies = parts.filter((part) => part.name === 'Body');
  if (!condition || bodies.length === 0) return undefined;
  const asked = offlineModeAsked(text, condition);
  if (asked === undefined) return undefined;
  const first: Mode = asked ? 'offline' : 'online';
  const other: Mode = asked ? 'online' : 'offline';
  return bodies.length > 1 ? [[first, bodies[0]], [other, bodies[1]]] : [[first, bodies[0]]];
}

/** true: the condition is `context.is_offline_mode()`; false: `not context.is_offline_mode()`; undefined: anything else. */
function offlineModeAsked(text: string, condition: SyntaxNode): boolean | undefined {
  if (condition.name === 'UnaryExpression' && textOf(text, condition).startsWith('not')) {
    const operand = condition.lastChild;
    const inner = operand ? offlineModeAsked(text, operand) : undefined;
    return inner === undefined ? undefined : !inner;
  }
  if (condition.name === 'ParenthesizedExpression') {
    const inner = childrenOf(condition).find((part) => part.name !== '(' && part.name !== ')');
    return inner ? offlineModeAsked(text, inner) : undefined;
  }
  if (condition.name !== 'CallExpression') return undefined;
  const callee = condition.firstChild;
  const args = condition.getChild('ArgList');
  if (!callee || !args || childrenOf(args).length !== 2) return undefined;
  return isAlembicContextCall(textOf(text, callee), 'is_offline_mode', text) ? true : undefined;
}

/** The first statement of `body` that raises, directly or through a module function it calls. */
function firstRaiseIn(text: string, body: SyntaxNode, functions: ReadonlyMap<string, SyntaxNode>): SyntaxNode | undefined {
  for (const statement of childrenOf(body)) {
    const raise = raiseRunBy(text, statement, functions);
    if (raise) return raise;
  }
  return undefined;
}

/** `statement` itself when it is a `raise`; the function's raise when it is a call of a module function whose body raises. */
function raiseRunBy(text: string, statement: SyntaxNode, functions: ReadonlyMap<string, SyntaxNode>): SyntaxNode | undefined {
  if (statement.name === 'RaiseStatement') return statement;
  if (statement.name !== 'ExpressionStatement') return undefined;
  const call = statement.firstChild;
  if (call?.name !== 'CallExpression' || call.firstChild?.name !== 'VariableName') return undefined;
  const body = functions.get(textOf(text, call.firstChild));
  if (!body) return undefined;
  // One level only: the function's own statements (a call it makes in turn is not followed); a
  // `return` written before the raise ends the function first.
  for (const inner of childrenOf(body)) {
    if (inner.name === 'ReturnStatement') return undefined;
    if (inner.name === 'RaiseStatement') return inner;
  }
  return undefined;
}
