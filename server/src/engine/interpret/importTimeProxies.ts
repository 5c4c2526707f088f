/**
 * `op` and `context` used where the module runs at import: Alembic imports every revision file to
 * build the history, and outside a running migration neither proxy is established. `alembic heads`,
 * `history` and `check` then fail with NameError ("Can't invoke function 'get_bind', as the proxy
 * object has not yet been established"), and `upgrade --sql` fails on the mock connection; only a
 * live `alembic upgrade` imports the file inside the migration context (cds-snc/notification-api's
 * `database_name = op.get_bind().engine.url.database`). Reported once per file, at the first use.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { InterpreterState } from './state';
import { chainHead } from './chainHead';

const PROXIES = new Set(['alembic.op', 'alembic.context']);

export function reportImportTimeProxies(script: SyntaxNode, state: InterpreterState): void {
  for (const statement of childrenOf(script)) {
    const use = firstProxyUse(statement, state);
    if (use) {
      const proxy = proxyOf(use, state);
      state.report(
        'operation-at-import',
        'warning',
        `${state.shortText(use)} runs when Alembic imports this file, where the ${proxy} proxy is not established: \`alembic heads\`, \`history\` and \`check\` fail with NameError and \`upgrade --sql\` fails; only a live upgrade imports it inside the migration context. Move it into upgrade() / downgrade()`,
        use,
      );
      return;
    }
  }
}

/** The first call of `op.x(...)` / `context.x(...)` (or of a name imported from them), or `context.config`, in code that runs at import. */
function firstProxyUse(node: SyntaxNode, state: InterpreterState): SyntaxNode | undefined {
  if (node.name === 'FunctionDefinition') {
    // Its body runs when called; its defaults and annotations run now.
    for (const part of childrenOf(node)) if (part.name === 'ParamList') return firstProxyUse(part, state);
    return undefined;
  }
  if (node.name === 'LambdaExpression') return undefined;
  if (proxyOf(node, state)) return node;
  for (const child of childrenOf(node)) {
    const found = firstProxyUse(child, state);
    if (found) return found;
  }
  return undefined;
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
