/**
 * Some problems involve several files equally: with two heads, neither head is "the" culprit.
 * The index reports such a problem once (at the first subject, the others as related
 * locations); the editor shows it in every file involved, so a developer sees it whichever head
 * they have open, and it clears from all of them together.
 */
import type { Problem, RelatedLocation } from '../common/problem';

/** Codes whose related locations are peers of the primary location, not mere context. */
export const MIRRORED_CODES: ReadonlySet<string> = new Set(['multiple-heads']);

export function mirroredProblems(problems: Iterable<Problem>): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (!MIRRORED_CODES.has(problem.code)) continue;
    const primary: RelatedLocation = { file: problem.file, range: problem.range, message: 'also reported here' };
    problem.related.forEach((peer, index) => {
      if (peer.file === problem.file) return;
      const others = problem.related.filter((_, other) => other !== index);
      const mirror: Problem = { ...problem, file: peer.file, range: peer.range, related: [primary, ...others] };
      const list = byFile.get(peer.file);
      if (list) list.push(mirror);
      else byFile.set(peer.file, [mirror]);
    });
  }
  return byFile;
}
