/**
 * Splits an environment's history into branches for the tree. Projects that keep several lines
 * of history on purpose (OpenStack's `expand` / `contract`, one branch per database) read their
 * tree by branch; one flat list of ids hides which line a revision belongs to. A revision belongs
 * to the branch labels Alembic applies to it (its own and the propagated ones); an unlabelled
 * revision belongs to the base it descends from, so a trunk shared by labelled branches, or an
 * independent root, is its own group. With a single group the tree stays flat, as before.
 */
import type { TreeEnvironment, TreeRevision } from '../../../server/src/protocol';

export interface BranchGroup {
  /** Stable within the environment: `label:<labels>` or `root:<base id>`. */
  key: string;
  /** Branch labels of the group; empty for a group formed by its base. */
  labels: string[];
  /** The base an unlabelled group descends from. */
  root?: string;
  /** In history order (heads first), as in the flat tree. */
  revisions: TreeRevision[];
  /** The environment's heads that fall in this group. */
  heads: string[];
}

function groupKeyOf(revision: TreeRevision): string {
  const branches = revision.branches;
  return branches.length ? `label:${branches.join(',')}` : `root:${revision.root}`;
}

/** The branches of an environment, in the order their first revision appears in history; undefined when there is only one. */
export function branchGroupsOf(environment: TreeEnvironment): BranchGroup[] | undefined {
  const groups = new Map<string, BranchGroup>();
  const heads = new Set(environment.heads);
  for (const revision of environment.revisions) {
    const key = groupKeyOf(revision);
    let group = groups.get(key);
    if (!group) {
      const labels = revision.branches;
      group = { key, labels, root: labels.length ? undefined : revision.root, revisions: [], heads: [] };
      groups.set(key, group);
    }
    group.revisions.push(revision);
    if (heads.has(revision.id)) group.heads.push(revision.id);
  }
  return groups.size > 1 ? [...groups.values()] : undefined;
}

/** What the tree calls a group: its labels, or the base it grows from. */
export function groupTitle(group: BranchGroup): string {
  return group.labels.length ? group.labels.join(', ') : `from base ${group.root}`;
}
