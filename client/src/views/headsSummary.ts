/**
 * The status bar's words for an environment's heads. Several heads are a problem only when
 * nothing says why: a head whose branch labels no other head shares is a deliberate line of
 * history (expand / contract), so it is named (`expand: a1b2c3d4e5f6`) instead of counted in a
 * warning. The same rule decides the `multiple-heads` diagnostic's severity in the graph layer.
 */
import type { TreeEnvironment, TreeRevision } from '../../../server/src/protocol';

const SHORT_ID = 12;

export function shortId(id: string): string {
  return id.length > SHORT_ID ? id.slice(0, SHORT_ID) : id;
}

export interface LabelledHead {
  id: string;
  labels: string[];
}

export interface HeadsSummary {
  /** Status bar text, with a codicon. */
  text: string;
  /** True when some head is not explained by a label (the item gets a warning background). */
  warning: boolean;
  /** Heads named by their labels. */
  labelled: LabelledHead[];
  /** Heads no label explains. */
  unexplained: string[];
}

/** Splits the heads into labelled ones (a label set no other head has) and the rest. */
export function classifyHeads(environment: TreeEnvironment): { labelled: LabelledHead[]; unexplained: string[] } {
  const byId = new Map<string, TreeRevision>(environment.revisions.map((revision) => [revision.id, revision]));
  const labelsOf = (id: string): string[] => {
    const revision = byId.get(id);
    return revision ? revision.branches : [];
  };
  const keyCounts = new Map<string, number>();
  for (const head of environment.heads) {
    const key = labelsOf(head).join(',');
    keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
  }
  const labelled: LabelledHead[] = [];
  const unexplained: string[] = [];
  for (const head of environment.heads) {
    const labels = labelsOf(head);
    if (labels.length && keyCounts.get(labels.join(',')) === 1) labelled.push({ id: head, labels });
    else unexplained.push(head);
  }
  return { labelled, unexplained };
}

export function headsSummary(environment: TreeEnvironment): HeadsSummary {
  const heads = environment.heads;
  if (heads.length === 0) return { text: '$(git-commit) no revisions', warning: false, labelled: [], unexplained: [] };
  if (heads.length === 1) return { text: `$(git-commit) ${shortId(heads[0])}`, warning: false, labelled: [], unexplained: [] };
  const { labelled, unexplained } = classifyHeads(environment);
  const named = labelled.map((head) => `${head.labels.join('/')}: ${shortId(head.id)}`);
  if (unexplained.length === 0) return { text: `$(git-branch) ${named.join(' · ')}`, warning: false, labelled, unexplained };
  if (labelled.length === 0) return { text: `$(warning) ${heads.length} heads`, warning: true, labelled, unexplained };
  const rest = `${unexplained.length} unlabelled head${unexplained.length > 1 ? 's' : ''}`;
  return { text: `$(warning) ${[...named, rest].join(' · ')}`, warning: true, labelled, unexplained };
}
