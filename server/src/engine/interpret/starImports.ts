/**
 * `from .custom import *` in a workspace module (indico's `indico/core/db/sqlalchemy/__init__.py`
 * re-exports its column types this way): which module a name bound by a star import comes from.
 * Python binds the public names of the module, or exactly those its `__all__` lists; a later star
 * import rebinds a name an earlier one bound, so they are tried last first. A star import from
 * outside the workspace, or an `__all__` that is not a literal list of strings, could bind the name
 * too: the search stops there and the name stays unknown rather than taken from the wrong module.
 */
import { readImport } from '../../python/imports';
import { decodeStringLiteral, childrenOf, type SyntaxNode } from '../../python/parser';
import { resolveQualifiedName } from '../../project/pythonModules';
import type { InterpreterState } from './state';
import { statementsOf } from './statements';

/** What star-import resolution needs of a bound workspace module. */
export interface StarScope {
  file: string;
  state: InterpreterState;
  top: SyntaxNode;
  classes: Map<string, SyntaxNode>;
  frame: { lookup(name: string): unknown };
  assignments: Map<string, SyntaxNode>;
}

const MAX_DEPTH = 4;

/** The file whose module binds `name` for `scope` through a star import, if the engine can tell. */
export function starImportSource(scope: StarScope, name: string, scopeOf: (file: string) => StarScope | undefined, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const starImports = statementsOf(scope.top)
    .filter((node) => node.name === 'ImportStatement')
    .map((node) => readImport(scope.state.source, node, scope.state.lines))
    .filter((info) => info?.kind === 'from' && info.names.some((entry) => entry.name === '*'));
  for (const info of starImports.reverse()) {
    const resolved = resolveQualifiedName(scope.file, info!.module);
    if (!resolved || resolved.attributes.length > 0) return undefined;
    const target = scopeOf(resolved.file);
    if (!target) return undefined;
    const exported = exportedNames(target);
    if (exported === 'unknown') return undefined;
    if (exported ? !exported.includes(name) : name.startsWith('_')) continue;
    if (target.classes.has(name) || target.frame.lookup(name) !== undefined) return resolved.file;
    if (starImportSource(target, name, scopeOf, depth + 1) !== undefined) return resolved.file;
    // Listed in __all__ but not bound where the engine can see it: do not guess.
    if (exported) return undefined;
  }
  return undefined;
}

/** A literal `__all__`, undefined without one, 'unknown' when it is not a literal list of strings. */
function exportedNames(scope: StarScope): string[] | undefined | 'unknown' {
  const node = scope.assignments.get('__all__');
  if (!node) return undefined;
  if (node.name !== 'ArrayExpression' && node.name !== 'TupleExpression' && node.name !== 'ParenthesizedExpression') return 'unknown';
  const names: string[] = [];
  for (const part of childrenOf(node)) {
    if (['[', ']', '(', ')', ',', 'Comment'].includes(part.name)) continue;
    const value = part.name === 'String' ? decodeStringLiteral(scope.state.source.slice(part.from, part.to)) : undefined;
    if (value === undefined) return 'unknown';
    names.push(value);
  }
  return names;
}
