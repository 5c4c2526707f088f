/**
 * A migration file's graph record from its header, as the CLI's environment loader builds it
 * (cli/environment.ts `revisionInputOf`, which the engine may not import): the literal
 * `revision` (or the id in the file name), parents, labels, dependencies and docstring facts.
 * Used by the cached offline loader and its worker threads.
 */
import { LineIndex } from '../../common/range';
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
  if (header.docstring) {
    input.message = header.docstring.message;
    const lines = new LineIndex(text);
    const raw = text.slice(lines.offsetAt(header.docstring.range.start), lines.offsetAt(header.docstring.range.end));
    const decoded = decodeStringLiteral(raw);
    if (decoded !== undefined) input.docstring = decoded.trim();
    if (header.docstring.createDate) input.createDate = header.docstring.createDate.value;
  }
  return input;
}
