/**
 * A migration whose bytes are not UTF-8 (and declare no other encoding) is indexed with U+FFFD
 * where the bytes were, but Python refuses to compile it: Alembic cannot import it. The text
 * alone cannot tell (U+FFFD is a valid character), so a text holding one is compared with the
 * file on disk, as the index decoded it.
 */
import type { SourceRange } from '../../common/range';
import { readMigrationText } from '../../project/versionFiles';

export function undecodableOnDisk(file: string, source: string): { message: string; range: SourceRange } | undefined {
  if (!source.includes('\ufffd')) return undefined;
  const onDisk = readMigrationText(file);
  if (onDisk.text !== source) return undefined;
  const problem = onDisk.problems.find((candidate) => candidate.code === 'file-not-utf8' && candidate.severity === 'error');
  return problem && { message: `its bytes are not valid UTF-8 on line ${problem.range.start.line + 1} and it declares no other encoding`, range: problem.range };
}
