/**
 * Which `target_metadata` env.py gives `context.configure()` in each mode. Most env.py files call
 * configure() once per mode with the same metadata, but some differ: neutron's offline configure
 * gets `**kwargs` built in the function from literal keys, none of them `target_metadata`, while
 * its online one passes the models' metadata. Alembic's operations take the naming convention of
 * the metadata configured in the mode that runs, so `--sql` must use the offline one.
 *
 * Attribution is structural and strict: env.py's top-level `if context.is_offline_mode():` (or
 * its negation) names the functions each mode runs; a configure() call belongs to a mode when the
 * top-level function holding it is reachable from that branch through references to env.py's own
 * functions. Anything less clear (a configure() at module level or in a function neither branch
 * reaches, a mode without one) returns undefined, and the caller keeps its mode-blind reading.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import { isAlembicContextCall, isContextConfigure } from '../../../python/alembicContext';
import { splatEntriesOf } from '../../../python/splatDict';
import { statementsOf } from '../statements';
import type { ModuleScope } from '../workspaceModules';

/** What one mode's configure() receives as target_metadata. */
export type ConfiguredTarget =
  | { kind: 'expression'; node: SyntaxNode }
  /** No target_metadata at all: SQLAlchemy's default convention. */
  | { kind: 'absent' }
  | { kind: 'unknown'; reason: string };

export interface ModeTargets {
  offline: ConfiguredTarget;
  online: ConfiguredTarget;
}

export { isContextConfigure } from '../../../python/alembicContext';

export function configuredTargets(scope: ModuleScope): ModeTargets | undefined {
  const source = scope.state.source;
  const text = (node: SyntaxNode): string => source.slice(node.from, node.to);
  const functions = new Map<string, SyntaxNode>();
  for (const statement of statementsOf(scope.top)) {
    const name = statement.name === 'FunctionDefinition' ? childrenOf(statement).find((part) => part.name === 'VariableName') : undefined;
    if (name) functions.set(text(name), statement);
  }
  const branches = modeBranches(scope, text);
  if (!branches) return undefined;
  const reachable = (roots: SyntaxNode[]): Set<SyntaxNode> => {
    const seen = new Set<SyntaxNode>();
    const queue = roots.flatMap((root) => referencedFunctions(root, functions, text));
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...referencedFunctions(next, functions, text));
    }
    return seen;
  };
  const offlineFunctions = reachable(branches.offline);
  const onlineFunctions = reachable(branches.online);
  const calls = configureCalls(scope.top, text, source);
  const offline: SyntaxNode[] = [];
  const online: SyntaxNode[] = [];
  for (const call of calls) {
    const holder = topLevelFunction(call, functions);
    const inOffline = holder !== undefined && offlineFunctions.has(holder);
    const inOnline = holder !== undefined && onlineFunctions.has(holder);
    if (!inOffline && !inOnline) return undefined;
    if (inOffline) offline.push(call);
    if (inOnline) online.push(call);
  }
  if (offline.length === 0 || online.length === 0) return undefined;
  return { offline: agreed(offline, text, source), online: agreed(online, text, source) };
}

/** The statements of the `if context.is_offline_mode():` branches at module level. */
function modeBranches(scope: ModuleScope, text: (node: SyntaxNode) => string): { offline: SyntaxNode[]; online: SyntaxNode[] } | undefined {
  for (const statement of statementsOf(scope.top)) {
    if (statement.name !== 'IfStatement') continue;
    const parts = childrenOf(statement).filter((part) => part.name !== 'Comment');
    const condition = parts[1] ? text(parts[1]).replace(/\s+/g, ' ').trim() : '';
    // `context.is_offline_mode()`, or the function imported itself (abrt/faf's bare `is_offline_mode()`).
    const match = /^(not )?([\w.]+)\(\)$/.exec(condition);
    if (!match || !isAlembicContextCall(match[2], 'is_offline_mode', scope.state.source)) continue;
    const negated = match[1] !== undefined;
    const bodies = parts.filter((part) => part.name === 'Body');
    // Exactly `if ...: A else: B`; an elif would make the split unclear.
    if (bodies.length !== 2 || parts.some((part) => part.name === 'elif')) return undefined;
    const [whenTrue, whenFalse] = bodies;
    return negated ? { offline: [whenFalse], online: [whenTrue] } : { offline: [whenTrue], online: [whenFalse] };
  }
  return undefined;
}

/** env.py's own functions a node names (called, or passed on as `run_sync(do_run_migrations)`). */
function referencedFunctions(node: SyntaxNode, functions: Map<string, SyntaxNode>, text: (node: SyntaxNode) => string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (current: SyntaxNode): void => {
    if (current.name === 'VariableName') {
      const target = functions.get(text(current));
      if (target && target !== node) found.push(target);
    }
    for (const child of childrenOf(current)) visit(child);
  };
  // A function's own name is not a reference to it: start from its body.
  const start = node.name === 'FunctionDefinition' ? childrenOf(node).find((part) => part.name === 'Body') : node;
  if (start) visit(start);
  return found;
}

function configureCalls(top: SyntaxNode, text: (node: SyntaxNode) => string, envSource: string): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'CallExpression' && node.firstChild && isContextConfigure(text(node.firstChild), envSource)) calls.push(node);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(top);
  return calls;
}

function topLevelFunction(node: SyntaxNode, functions: Map<string, SyntaxNode>): SyntaxNode | undefined {
  // Syntax nodes are fresh objects on every walk: a function is recognised by where it starts.
  const byStart = new Map([...functions.values()].map((fn) => [fn.from, fn]));
  for (let current: SyntaxNode | null = node.parent; current; current = current.parent) {
    const known = current.name === 'FunctionDefinition' ? byStart.get(current.from) : undefined;
    if (known) return known;
  }
  return undefined;
}

/** Whether two targets are the same expression text (the same name in env.py's one scope), or both absent. */
export function sameTarget(a: ConfiguredTarget, b: ConfiguredTarget, source: string): boolean {
  const key = (target: ConfiguredTarget): string =>
    target.kind === 'expression' ? `e:${source.slice(target.node.from, target.node.to)}` : target.kind === 'absent' ? 'absent' : `u:${target.reason}`;
  return key(a) === key(b);
}

/** One target for a mode's configure() calls, or unknown when they differ. */
function agreed(calls: SyntaxNode[], text: (node: SyntaxNode) => string, source: string): ConfiguredTarget {
  const targets = calls.map((call) => targetOfCall(call, text, source));
  const first = targets[0];
  if (targets.every((target) => sameTarget(target, first, source))) return first;
  return { kind: 'unknown', reason: 'env.py calls configure() with different target_metadata in the same mode' };
}

function targetOfCall(call: SyntaxNode, text: (node: SyntaxNode) => string, source: string): ConfiguredTarget {
  const argList = childrenOf(call).find((part) => part.name === 'ArgList');
  if (!argList) return { kind: 'unknown', reason: 'malformed configure() call in env.py' };
  const parts = childrenOf(argList);
  // An explicit target_metadata= decides: a `**kwargs` holding it too would make Python raise
  // ("got multiple values for keyword argument"), so the splat cannot change it (Flask-Migrate's
  // `**current_app.extensions["migrate"].configure_args`).
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.name === 'VariableName' && text(part) === 'target_metadata' && parts[index + 1]?.name === 'AssignOp' && parts[index + 2]) {
      return { kind: 'expression', node: parts[index + 2] };
    }
  }
  let target: ConfiguredTarget = { kind: 'absent' };
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part.name === '**') {
      const splat = parts[index + 1];
      // A dict written out in env.py (python/splatDict.ts): whether target_metadata is among its keys is known.
      const entries = splat ? splatEntriesOf(source, call, splat) : undefined;
      const given = entries?.get('target_metadata');
      if (!entries || (given && !given.certain)) return { kind: 'unknown', reason: `env.py passes configure() arguments through ${splat ? `**${text(splat)}` : '**'}` };
      if (given) target = { kind: 'expression', node: given.value };
    } else if (part.name === '*') {
      return { kind: 'unknown', reason: 'env.py passes configure() arguments through *args' };
    }
  }
  return target;
}
