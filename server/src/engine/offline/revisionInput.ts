/**
 * A migration file's graph record for the engine's cached loader and its worker threads: the
 * index's own builder (project/revisionInputs.ts) over the header's literal values, so `--sql`
 * and the editor read every header alike. Records whose header names imported constants are
 * marked; the loader then takes the graph from the index, which resolves them in the workspace.
 */
import type { RevisionInput } from '../../graph/types';
import type { MigrationHeader } from '../../python/header';
import type { Problem } from '../../common/problem';
import { hasReference, literalHeaderValues, revisionInputOf } from '../../project/revisionInputs';

export function revisionInputFromHeader(header: MigrationHeader): RevisionInput | undefined {
  const input = revisionInputOf(header.file, header, literalHeaderValues(header));
  if (input && hasReference(header)) return { ...input, hasUnresolvedReferences: true };
  return input;
}

/** The record, marked when the file's bytes are ones Python refuses to compile (see unloadable). */
export function withUnloadableMark(input: RevisionInput | undefined, readProblems: readonly Problem[]): RevisionInput | undefined {
  const refused = readProblems.find((problem) => problem.code === 'file-not-utf8' && problem.severity === 'error');
  return input && refused ? { ...input, unloadable: refused } : input;
}
