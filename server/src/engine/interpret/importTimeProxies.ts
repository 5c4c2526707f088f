/**
 * `op` and `context` used where the module runs at import: Alembic imports every revision file to
 * build the history, and outside a running migration neither proxy is established. `alembic heads`,
 * `history` and `check` then fail with NameError ("Can't invoke function 'get_bind', as the proxy
 * object has not yet been established"); `upgrade` (with `--sql` too) imports the files inside the
 * migration context, so there it runs, before any migration and whatever the target revision
 * (cds-snc/notification-api's `database_name = op.get_bind().engine.url.database`; FitTrackee's
 * `enum.create(op.get_bind(), checkfirst=True)`, printed at the top of every `upgrade --sql`).
 * A use inside a `try` whose handler catches the error it raises (NameError for a call,
 * AttributeError for `context.config`; or Exception, BaseException, a bare except) breaks nothing:
 * FitTrackee guards it so. Under an `if`, only the branch the engine knows is taken counts (one
 * whose condition is known only at run time may not run). Reported once per file, at the first use.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { InterpreterState } from './state';
import { chainHead } from './chainHead';
import { decidedBranch } from './statements';

const PROXIES = new Set(['alembic.op', 'alembic.context']);

export function reportImportTimeProxies(script: SyntaxNode, state: InterpreterState): void {
  for (const statement of childrenOf(script)) {
    const use = firstProxyUse(statement, state, NOTHING_CAUGHT);
    if (use) {
      const proxy = proxyOf(use, state);
      state.report(
        'operation-at-import',
        'warning',
        `${state.shortText(use)} runs when Alembic imports this file, where the ${proxy} proxy is not established: \`alembic heads\`, \`history\` and \`check\` fail with ${raisedBy(use)}, and \`upgrade\` (\`--sql\` too) runs it while importing the files, before any migration and whatever the target revision. Move it into upgrade() / downgrade()`,
        use,
      );
      return;
    }
  }
}

/** Whether the statement calls `op` or `context` (or a name imported from them) where it runs, caught or not. */
export function usesProxy(statement: SyntaxNode, state: InterpreterState): boolean {
  return firstProxyUse(statement, state, NOTHING_CAUGHT) !== undefined;
}

const NOTHING_CAUGHT: ReadonlySet<string> = new Set();
/** Handlers that catch whatever a proxy raises; '*' stands for a bare `except:`. */
const CATCH_ALL = ['*', 'Exception', 'BaseException'];

/**
 * The first call of `op.x(...)` / `context.x(...)` (or of a name imported from them), or
 * `context.config`, in code that runs at import, not caught by an enclosing `try` (`caught`: the
 * exception names its handlers catch).
 */
function firstProxyUse(node: SyntaxNode, state: InterpreterState, caught: ReadonlySet<string>): SyntaxNode | undefined {
  if (node.name === 'FunctionDefinition') {
    // Its body runs when called; its defaults and annotations run now.
    for (const part of childrenOf(node)) if (part.name === 'ParamList') return firstProxyUse(part, state, caught);
    return undefined;
  }
  if (node.name === 'LambdaExpression') return undefined;
  // Only a branch certain to run counts: magfest's `if is_sqlite:` below a `try:` that sets it
  // False when the proxy fails never runs its body at import.
  if (node.name === 'IfStatement') {
    const condition = childrenOf(node).find((part) => part.name !== 'if' && part.name !== 'Comment');
    const inCondition = condition && condition.name !== 'Body' ? firstProxyUse(condition, state, caught) : undefined;
    if (inCondition) return inCondition;
    const taken = decidedBranch(node, state, state.module);
    return taken ? firstProxyUse(taken, state, caught) : undefined;
  }
  if (proxyOf(node, state)) {
    const error = raisedBy(node);
    if (!caught.has(error) && !CATCH_ALL.some((name) => caught.has(name))) return node;
  }
  if (node.name === 'TryStatement') return firstInTry(node, state, caught);
  for (const child of childrenOf(node)) {
    const found = firstProxyUse(child, state, caught);
    if (found) return found;
  }
  return undefined;
}

/**
 * In a `try`, the body runs under its handlers; `else` and `finally` run outside them; a handler
 * runs only when the body raised, which the first use found in the body already reports.
 */
function firstInTry(node: SyntaxNode, state: InterpreterState, caught: ReadonlySet<string>): SyntaxNode | undefined {
  const parts = childrenOf(node);
  const handled = new Set(caught);
  for (let at = 0; at < parts.length; at++) {
    if (parts[at].name !== 'except') continue;
    const next = parts[at + 1];
    if (!next || next.name === 'Body') handled.add('*');
    else for (const name of exceptionNames(next, state)) handled.add(name);
  }
  let clause = 'try';
  for (const part of parts) {
    if (['try', 'except', 'else', 'finally'].includes(part.name)) clause = part.name;
    if (part.name !== 'Body' || clause === 'except') continue;
    const found = firstProxyUse(part, state, clause === 'try' ? handled : caught);
    if (found) return found;
  }
  return undefined;
}

/** `NameError`, `(NameError, KeyError)`, `builtins.NameError`: the last name of each. */
export function exceptionNames(node: SyntaxNode, state: InterpreterState): string[] {
  if (node.name === 'TupleExpression' || node.name === 'ParenthesizedExpression') return childrenOf(node).flatMap((part) => exceptionNames(part, state));
  if (node.name === 'VariableName') return [state.textOf(node)];
  if (node.name === 'MemberExpression') {
    const property = childrenOf(node).find((part) => part.name === 'PropertyName');
    return property ? [state.textOf(property)] : [];
  }
  return [];
}

/** What the use raises outside a migration: a proxy's function NameError, `context.config` AttributeError. */
function raisedBy(use: SyntaxNode): string {
  return use.name === 'MemberExpression' ? 'AttributeError' : 'NameError';
}

/**
 * `op` for `op.get_bind()`, `get_bind()` imported from alembic.op, `context` for `context.config`;
 * undefined otherwise. Naming a proxy's function (`execute = op.execute`) works at import: the
 * proxy fails only when called, and `context` has no `config` or `script` outside env.py's run.
 */
function proxyOf(node: SyntaxNode, state: InterpreterState): string | undefined {
  if (node.name === 'CallExpression') {
    const callee = node.firstChild;
    const head = chainHead(callee);
    const bound = head ? state.module.lookup(state.textOf(head)) : undefined;
    if (bound?.kind !== 'symbol') return undefined;
    if (PROXIES.has(bound.qname) && callee?.name === 'MemberExpression') return bound.qname.slice('alembic.'.length);
    const owner = bound.qname.slice(0, bound.qname.lastIndexOf('.'));
    return PROXIES.has(owner) && callee?.name === 'VariableName' ? owner.slice('alembic.'.length) : undefined;
  }
  if (node.name === 'MemberExpression') {
    const object = node.firstChild;
    const property = childrenOf(node).find((part) => part.name === 'PropertyName');
    const bound = object?.name === 'VariableName' ? state.module.lookup(state.textOf(object)) : undefined;
    if (bound?.kind === 'symbol' && bound.qname === 'alembic.context' && property && ['config', 'script'].includes(state.textOf(property))) return 'context';
  }
  return undefined;
}
