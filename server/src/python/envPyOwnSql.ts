/**
 * env.py's own SQL: `context.execute("SET search_path TO app")` (or any statement) written in
 * env.py, which Alembic emits where env.py calls it: printed in the `--sql` output (after BEGIN,
 * before the version table, when called inside `begin_transaction()`), run on the connection
 * online. The engine prints and runs only the migrations, so either output would differ from
 * Alembic's (a search_path it sets would even move every unqualified table): the modes in which
 * env.py does this are refused, with the line.
 *
 * The mode is read from the function the call is in: beside only `configure(connection=...)`
 * calls it runs online, beside only `configure(url=...)` calls (or none with a connection) it
 * prints offline; anywhere else (the module's top level, a helper, a function with both kinds)
 * it counts for both.
 */
import { textOf, type SyntaxNode } from './parser';
import { isAlembicContextCall } from './alembicContext';

export interface OwnSqlLines {
  offline?: number;
  online?: number;
}

export interface ConfigureCall {
  node: SyntaxNode;
  online: boolean;
}

/** The line (1-based) of env.py's first `context.execute(...)` per mode; empty when it has none. */
export function ownSqlLines(text: string, top: SyntaxNode, configureCalls: readonly ConfigureCall[], lineOf: (offset: number) => number): OwnSqlLines {
  const found: OwnSqlLines = {};
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const call = cursor.node;
    const callee = call.firstChild;
    if (!callee || (callee.name !== 'MemberExpression' && callee.name !== 'VariableName')) continue;
    if (!isAlembicContextCall(textOf(text, callee), 'execute', text)) continue;
    const line = lineOf(call.from);
    for (const mode of modesOf(call, configureCalls)) found[mode] ??= line;
  } while (cursor.next());
  return found;
}

function modesOf(call: SyntaxNode, configureCalls: readonly ConfigureCall[]): ('offline' | 'online')[] {
  const own = enclosingFunction(call);
  if (!own) return ['offline', 'online'];
  const beside = configureCalls.filter((configure) => enclosingFunction(configure.node)?.from === own.from);
  if (beside.length === 0) return ['offline', 'online'];
  if (beside.every((configure) => configure.online)) return ['online'];
  if (beside.every((configure) => !configure.online)) return ['offline'];
  return ['offline', 'online'];
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let at = node.parent; at; at = at.parent) if (at.name === 'FunctionDefinition') return at;
  return undefined;
}
