/**
 * How `alembic upgrade --sql` compiles statements, as env.py's offline configure() says.
 *
 * The paramstyle of the dialect `alembic upgrade --sql` compiles with. Alembic's generic env.py
 * passes `dialect_opts={"paramstyle": "named"}` to its offline `context.configure(url=...)`; an
 * env.py that does not (Flask-Migrate's template, older projects: fedora-infra/koschei) keeps the
 * driver's own, psycopg2's `pyformat`, under which SQLAlchemy doubles every `%` in literals, SQL
 * text and quoted names (`LIKE '%%x%%'`). Read from env.py's configure() calls that pass `url=` or
 * `dialect_name=` (the offline ones: a live run passes `connection=`); anything not read with certainty
 * (several that disagree, `**kwargs`, dialect_opts built at run time) keeps `named`, as does an
 * env.py for asyncpg, whose paramstyle does not escape `%`.
 *
 * Whether it compiles with literal binds: Alembic passes `literal_binds` to SQLAlchemy only when
 * env.py's offline configure() sets `literal_binds=True` (the generic and Flask-Migrate templates
 * do; older env.py files, wazo-platform's, do not). Without it a statement's values print as bind
 * placeholders (`%(name)s::VARCHAR`). Read the same way: only when every offline call is known to
 * leave it out (or set it False) are binds placeholders.
 */
import { isContextConfigure } from '../../../python/alembicContext';
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import { splatEntriesOf } from '../../../python/splatDict';
import type { InterpreterState } from '../state';
import { moduleScope } from '../workspaceModules';
import { findEnvPy } from './targetMetadata';

export type OfflineParamstyle = 'named' | 'pyformat';

interface OfflineOptions {
  paramstyle: OfflineParamstyle;
  literalBinds: boolean;
}

const DEFAULTS: OfflineOptions = { paramstyle: 'named', literalBinds: true };

/** By env.py content hash: the answer does not depend on anything else. */
const byEnvHash = new Map<string, OfflineOptions>();

export function offlineParamstyle(state: InterpreterState): OfflineParamstyle {
  return offlineOptions(state).paramstyle;
}

/** False when env.py's offline configure() is known not to set `literal_binds=True`. */
export function offlineLiteralBinds(state: InterpreterState): boolean {
  return offlineOptions(state).literalBinds;
}

function offlineOptions(state: InterpreterState): OfflineOptions {
  const envPy = findEnvPy(state.file);
  if (!envPy) return DEFAULTS;
  const scope = moduleScope(envPy, state);
  if (!scope) return DEFAULTS;
  const known = byEnvHash.get(scope.hash);
  if (known) return known;
  const answer = readOptions(scope.top, scope.state.source);
  if (byEnvHash.size > 100) byEnvHash.clear();
  byEnvHash.set(scope.hash, answer);
  return answer;
}

function readOptions(top: SyntaxNode, source: string): OfflineOptions {
  const text = (node: SyntaxNode): string => source.slice(node.from, node.to);
  const paramstyles = new Set<OfflineParamstyle | 'unknown'>();
  const literalBinds = new Set<boolean | 'unknown'>();
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'CallExpression' && isContextConfigure(text(node.firstChild!), source)) {
      const answer = offlineCallOptions(node, text, source);
      if (answer) {
        paramstyles.add(answer.paramstyle);
        literalBinds.add(answer.literalBinds);
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(top);
  // asyncpg's paramstyle does not escape `%`, and its placeholders ($1) are not modelled: literal, as before.
  const asyncpg = /asyncpg/.test(source);
  return {
    paramstyle: !asyncpg && paramstyles.size === 1 && paramstyles.has('pyformat') ? 'pyformat' : 'named',
    literalBinds: asyncpg || !(literalBinds.size === 1 && literalBinds.has(false)),
  };
}

/**
 * Undefined for an online call: one that passes `connection=`, or neither `url=` nor
 * `dialect_name=` (either makes Alembic's offline mock connection; cloudify-manager's offline
 * call gives `dialect_name='postgresql'` alone).
 */
function offlineCallOptions(call: SyntaxNode, text: (node: SyntaxNode) => string, source: string): { paramstyle: OfflineParamstyle | 'unknown'; literalBinds: boolean | 'unknown' } | undefined {
  const argList = childrenOf(call).find((part) => part.name === 'ArgList');
  if (!argList) return undefined;
  const parts = childrenOf(argList);
  // `**kwargs` of a dict written out in env.py (python/splatDict.ts) gives its keys as keywords.
  const splats = parts.filter((part) => part.name === '**' || part.name === '*');
  const splatAt = parts.findIndex((part) => part.name === '**');
  const spread = splats.length === 1 && parts[splatAt + 1] !== undefined ? splatEntriesOf(source, call, parts[splatAt + 1]) : undefined;
  if (splats.length > 0 && (!spread || [...spread.values()].some((entry) => !entry.certain))) return { paramstyle: 'unknown', literalBinds: 'unknown' };
  const keyword = (name: string): SyntaxNode | undefined => {
    const at = parts.findIndex((part, index) => part.name === 'VariableName' && text(part) === name && parts[index + 1]?.name === 'AssignOp');
    return at >= 0 ? parts[at + 2] : spread?.get(name)?.value;
  };
  if (keyword('connection')) return undefined;
  if (!keyword('url') && !keyword('dialect_name')) return undefined;
  const binds = keyword('literal_binds');
  const literalBinds = binds === undefined ? false : binds.name === 'Boolean' ? text(binds) === 'True' : 'unknown';
  return { paramstyle: callParamstyle(keyword, text), literalBinds };
}

function callParamstyle(keyword: (name: string) => SyntaxNode | undefined, text: (node: SyntaxNode) => string): OfflineParamstyle | 'unknown' {
  const options = keyword('dialect_opts');
  if (!options) return 'pyformat';
  if (options.name !== 'DictionaryExpression') return 'unknown';
  const entries = childrenOf(options).filter((part) => !['{', '}', ',', ':', 'Comment'].includes(part.name));
  for (let at = 0; at + 1 < entries.length; at += 2) {
    if (!/^["']paramstyle["']$/.test(text(entries[at]))) continue;
    const value = text(entries[at + 1]).replace(/^["']|["']$/g, '');
    return value === 'format' || value === 'pyformat' ? 'pyformat' : 'named';
  }
  return 'pyformat';
}
