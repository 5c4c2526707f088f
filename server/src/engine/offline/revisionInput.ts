/**
 * A migration file's graph record from its header, as the CLI's environment loader builds it
 * (cli/environment.ts `revisionInputOf`, which the engine may not import): the literal
 * `revision` (or the id in the file name), parents, labels, dependencies and docstring facts.
 * Used by the cached offline loader and its worker threads.
 */
import type { Position } from '../../common/range';
import type { RevisionInput } from '../../graph/types';
import { literalStrings, type MigrationHeader } from '../../python/header';
import { decodeStringLiteral } from '../../python/parser';

export function revisionInputFromHeader(header: MigrationHeader, text: string): RevisionInput | undefined {
  const id = literalStrings(header.revision)[0] ?? header.revisionFromFileName;
  if (id === undefined) return undefined;
  const input: RevisionInput = {
    id,
    downRevisions: literalStrings(header.downRevision),
    branchLabels: literalStrings(header.branchLabels),
    dependsOn: literalStrings(header.dependsOn),
    key: header.file,
    path: header.file,
  };
  const fields = [header.revision, header.downRevision, header.branchLabels, header.dependsOn];
  if (fields.some((field) => field?.value.items.some((item) => item.kind === 'reference'))) input.hasUnresolvedReferences = true;
  if (header.docstring) {
    input.message = header.docstring.message;
    const raw = text.slice(offsetAt(text, header.docstring.range.start), offsetAt(text, header.docstring.range.end));
    const decoded = decodeStringLiteral(raw);
    if (decoded !== undefined) input.docstring = decoded.trim();
    if (header.docstring.createDate) input.createDate = header.docstring.createDate.value;
  }
  return input;
}

/**
 * Offset of a position, scanning only up to its line: the docstring sits at the top of the file,
 * so this avoids indexing every line of every file on a cold run (a LineIndex per file).
 */
function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return Math.min(offset + position.character, text.length);
}
