/**
 * The paramstyle of the dialect `alembic upgrade --sql` compiles with. Alembic's generic env.py
 * passes `dialect_opts={"paramstyle": "named"}` to its offline `context.configure(url=...)`; an
 * env.py that does not (Flask-Migrate's template, older projects: fedora-infra/koschei) keeps the
 * driver's own, psycopg2's `pyformat`, under which SQLAlchemy doubles every `%` in literals, SQL
 * text and quoted names (`LIKE '%%x%%'`). Read from env.py's configure() calls that pass `url=`
 * (the offline ones: a live run passes `connection=`); anything not read with certainty
 * (several that disagree, `**kwargs`, dialect_opts built at run time) keeps `named`, as does an
 * env.py for asyncpg, whose paramstyle does not escape `%`.
 */
import { childrenOf, type SyntaxNode } from '../../../python/parser';
import type { InterpreterState } from '../state';
import { moduleScope } from '../workspaceModules';
import { findEnvPy } from './targetMetadata';

export type OfflineParamstyle = 'named' | 'pyformat';

/** By env.py content hash: the answer does not depend on anything else. */
const byEnvHash = new Map<string, OfflineParamstyle>();

export function offlineParamstyle(state: InterpreterState): OfflineParamstyle {
  const envPy = findEnvPy(state.file);
  if (!envPy) return 'named';
  const scope = moduleScope(envPy, state);
  if (!scope) return 'named';
  const known = byEnvHash.get(scope.hash);
  if (known) return known;
  const answer = readParamstyle(scope.top, scope.state.source);
  if (byEnvHash.size > 100) byEnvHash.clear();
  byEnvHash.set(scope.hash, answer);
  return answer;
}

function readParamstyle(top: SyntaxNode, source: string): OfflineParamstyle {
  if (/asyncpg/.test(source)) return 'named';
  const text = (node: SyntaxNode): string => source.slice(node.from, node.to);
  const answers = new Set<OfflineParamstyle | 'unknown'>();
  const visit = (node: SyntaxNode): void => {
    if (node.name === 'CallExpression' && /^context\s*\.\s*configure$/.test(text(node.firstChild!))) {
      const answer = offlineCallParamstyle(node, text);
      if (answer) answers.add(answer);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(top);
  return answers.size === 1 && answers.has('pyformat') ? 'pyformat' : 'named';
}

/** Undefined for an online call (no `url=`). */
function offlineCallParamstyle(call: SyntaxNode, text: (node: SyntaxNode) => string): OfflineParamstyle | 'unknown' | undefined {
  const argList = childrenOf(call).find((part) => part.name === 'ArgList');
  if (!argList) return undefined;
  const parts = childrenOf(argList);
  if (parts.some((part) => part.name === '**' || part.name === '*')) return 'unknown';
  const keyword = (name: string): SyntaxNode | undefined => {
    const at = parts.findIndex((part, index) => part.name === 'VariableName' && text(part) === name && parts[index + 1]?.name === 'AssignOp');
    return at >= 0 ? parts[at + 2] : undefined;
  };
  if (!keyword('url')) return undefined;
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
