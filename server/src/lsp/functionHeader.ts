/**
 * The cold index skips the `upgrade`/`downgrade` signatures of files that are not open (see
 * python/header.ts `signatures`). Editor features that show them (CodeLens, document symbols)
 * may still be asked about such a file, so they read the signatures here, on demand.
 */
import { readMigrationHeader, type MigrationHeader } from '../python/header';
import type { WorkspaceIndex } from '../project/types';

export function headerWithFunctions(index: WorkspaceIndex | undefined, file: string, header: MigrationHeader): MigrationHeader {
  if (header.parsedWholeFile || header.upgrade || header.downgrade) return header;
  const text = index?.textOf(file);
  return text === undefined ? header : readMigrationHeader(file, text, { signatures: true });
}
