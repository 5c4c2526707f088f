import type { CodeInfo } from './types';

/** Diagnostic codes reported by the graph layer (graph/revisionMap.ts). Each has docs/rules/<code>.md. */
export const GRAPH_CODES: readonly CodeInfo[] = [
  { code: 'multiple-heads', defaultSeverity: 'warning', title: 'The history has more than one head' },
  { code: 'missing-parent', defaultSeverity: 'error', title: 'down_revision or depends_on names a revision that does not exist' },
  { code: 'duplicate-revision', defaultSeverity: 'warning', title: 'Two migration files declare the same revision id' },
  { code: 'revision-cycle', defaultSeverity: 'error', title: 'down_revision links form a cycle' },
  { code: 'dependency-cycle', defaultSeverity: 'error', title: 'depends_on links form a cycle' },
  { code: 'self-loop', defaultSeverity: 'error', title: 'A revision names itself as down_revision' },
  { code: 'dependency-self-loop', defaultSeverity: 'error', title: 'A revision depends on itself' },
  { code: 'duplicate-branch-label', defaultSeverity: 'error', title: 'A branch label is used twice (or is a revision id)' },
  { code: 'invalid-revision-id', defaultSeverity: 'error', title: 'A revision id contains @, -, + or :' },
  { code: 'partial-id-reference', defaultSeverity: 'error', title: 'down_revision or depends_on uses an abbreviated revision id' },
];
