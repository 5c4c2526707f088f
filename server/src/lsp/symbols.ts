/**
 * Document symbols (the revision, upgrade(), downgrade() and each operation inside them) and
 * workspace symbols (every revision, found by id, branch label or message).
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import type { SourceRange } from '../common/range';
import type { FunctionInfo } from '../python/headerTypes';
import { headerWithFunctions } from './functionHeader';
import { graphFacts, revisionIdOf } from './graph';
import { definitionRange } from './navigation';
import type { Session } from './session';
import { pathToUri } from './uri';

/** Operations found in a function's body, supplied by the interpreter adapter. */
export interface OperationSymbol {
  name: string;
  detail?: string;
  range: SourceRange;
  function: 'upgrade' | 'downgrade';
}

export function documentSymbols(session: Session, file: string, operations: OperationSymbol[]): DocumentSymbol[] {
  const found = session.migrationFile(file);
  if (!found) return [];
  const header = headerWithFunctions(session.index, file, found.migration.header);
  const symbols: DocumentSymbol[] = [];
  const id = revisionIdOf(found.env, found.migration);
  if (header.revision && id) {
    symbols.push({
      name: id,
      detail: header.docstring?.message || 'revision',
      kind: SymbolKind.Constant,
      range: header.revision.statementRange,
      selectionRange: header.revision.value.items[0]?.range ?? header.revision.nameRange,
    });
  }
  const functionSymbol = (info: FunctionInfo | undefined): void => {
    if (!info) return;
    const children: DocumentSymbol[] = operations
      .filter((operation) => operation.function === info.name)
      .map((operation) => ({
        name: operation.name,
        detail: operation.detail,
        kind: SymbolKind.Event,
        range: operation.range,
        selectionRange: operation.range,
      }));
    symbols.push({ name: `${info.name}()`, kind: SymbolKind.Function, range: info.range, selectionRange: info.nameRange, children });
  };
  functionSymbol(header.upgrade);
  functionSymbol(header.downgrade);
  return symbols;
}

const MAX_WORKSPACE_SYMBOLS = 500;

export function workspaceSymbols(session: Session, query: string): SymbolInformation[] {
  const needle = query.trim().toLowerCase();
  const results: SymbolInformation[] = [];
  for (const env of session.index?.environments ?? []) {
    const facts = graphFacts(env);
    for (const id of facts.order) {
      const revision = facts.byId.get(id)!;
      const haystack = [revision.id, ...revision.branchLabels, revision.message].join('\n').toLowerCase();
      if (needle && !haystack.includes(needle)) continue;
      const labels = revision.branchLabels.length ? ` [${revision.branchLabels.join(', ')}]` : '';
      results.push({
        name: `${revision.id}${labels} ${revision.message}`.trim(),
        kind: SymbolKind.Constant,
        location: { uri: pathToUri(revision.file), range: definitionRange(revision) },
        containerName: env.config.name,
      });
      if (results.length >= MAX_WORKSPACE_SYMBOLS) return results;
    }
  }
  return results;
}
