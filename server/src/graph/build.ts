/**
 * The steps of building a revision map that can find something wrong, each reporting
 * `GraphIssue`s with Alembic's wording instead of raising as Alembic does. Alembic stops at the
 * first of these; we report all of them and keep building a usable map around the damage
 * (a self edge is dropped, a missing parent is left out of the edges, a partial id is resolved
 * to the full id it abbreviates).
 */
import type { GraphIssue, IssueSubject, RevisionField } from './types';
import type { Revision } from './revision';
import { descendants, type Lookup } from './walk';
import { ALL_DOWN_EDGES, CHILD_EDGES, DenseRevisions, DOWN_EDGES, type Step } from './reach';

const DOWN = DOWN_EDGES;
const UP = CHILD_EDGES;
const ALL_DOWN = ALL_DOWN_EDGES;
const ALL_UP: Step = (r) => r.allChildren;

export const ILLEGAL_ID_CHARACTERS = ['@', '-', '+', ':'];
const ILLEGAL_ID_PATTERN = /[@\-+:]/;

export function subject(revision: Revision, field: RevisionField, value?: string): IssueSubject {
  return value === undefined ? { id: revision.id, key: revision.key, field } : { id: revision.id, key: revision.key, field, value };
}

/** Alembic's `Revision.verify_rev_id`. */
export function invalidIdIssue(revision: Revision): GraphIssue | undefined {
  // Almost every id is clean: one scan instead of a filter per id.
  if (!ILLEGAL_ID_PATTERN.test(revision.id)) return undefined;
  const illegal = ILLEGAL_ID_CHARACTERS.filter((c) => revision.id.includes(c)).sort();
  if (illegal.length === 0) return undefined;
  return {
    code: 'invalid-revision-id',
    severity: 'error',
    message: `Character(s) '${illegal.join(', ')}' not allowed in revision identifier '${revision.id}'`,
    subjects: [subject(revision, 'revision')],
    data: { characters: illegal },
  };
}

/** Alembic's `LoopDetected` / `DependencyLoopDetected`, raised when a script is loaded. */
export function selfLoopIssues(revision: Revision): GraphIssue[] {
  const issues: GraphIssue[] = [];
  if (revision.downRevisions.includes(revision.id)) {
    issues.push({
      code: 'self-loop',
      severity: 'error',
      message: `Self-loop is detected in revisions (${revision.id})`,
      subjects: [subject(revision, 'down_revision', revision.id)],
    });
  } else if (revision.dependsOnAsWritten.includes(revision.id)) {
    issues.push({
      code: 'dependency-self-loop',
      severity: 'error',
      message: `Dependency self-loop is detected in revisions (${revision.id})`,
      subjects: [subject(revision, 'depends_on', revision.id)],
    });
  }
  return issues;
}

/** The unique id that `value` abbreviates (at least four characters, as Alembic's partial ids). */
export function uniquePrefixMatch(value: string, ids: Iterable<string>): string | undefined {
  if (value.length < 4) return undefined;
  let found: string | undefined;
  for (const id of ids) {
    if (id.startsWith(value)) {
      if (found !== undefined) return undefined;
      found = id;
    }
  }
  return found;
}

export function missingReferenceIssue(revision: Revision, field: RevisionField, value: string): GraphIssue {
  return {
    code: 'missing-parent',
    severity: 'error',
    // Alembic formats the referencing Script with str() (its history line); we name the id.
    message: `Revision ${value} referenced from ${revision.id} is not present`,
    subjects: [subject(revision, field, value)],
    data: { missing: value },
  };
}

export function partialReferenceIssue(revision: Revision, field: RevisionField, value: string, fullId: string, owner: Revision): GraphIssue {
  return {
    code: 'partial-id-reference',
    severity: 'error',
    message: `Revision ${value} referenced from ${revision.id} is not present; '${value}' is a partial identifier of revision ${fullId}, and ${field} needs the full identifier`,
    subjects: [subject(revision, field, value), subject(owner, 'revision')],
    data: { partial: value, fullId },
  };
}

/**
 * Alembic's `_detect_cycles`: everything not both below a head and above a base is in (or
 * behind) a cycle; first along `down_revision`, then with `depends_on` edges too.
 */
export function cycleIssues(
  lookup: Lookup,
  winners: readonly Revision[],
  heads: readonly Revision[],
  bases: readonly Revision[],
  realHeads: readonly Revision[],
  realBases: readonly Revision[],
  dense = new DenseRevisions(winners),
): GraphIssue[] {
  if (winners.length === 0) return [];
  // children / allChildren are exactly the winners naming a revision in down_revision / either list.
  dense.reverseOf(UP, DOWN);
  dense.reverseOf(ALL_UP, ALL_DOWN);
  // The usual history: no cycle along both kinds of edges, and every revision where a walk down
  // ends is a (real) base or an orphan. Then every revision is below a head and above a base
  // along either kind of edge (walk up to a revision without children, down to one without
  // parents), so neither check below can find a member: one topological pass instead of four walks.
  if (!dense.hasCycle(ALL_DOWN) && walksDownEndAtBottoms(dense)) return [];
  // A revision whose parent is missing (reported separately) starts a line of its own; without
  // this, everything above it would look like a cycle. Alembic never gets here in that case.
  // The down_revision edges leave out exactly the ids without a revision (lookup fails).
  const down = dense.edges(DOWN);
  const orphans = winners.filter((r, index) => down.offsets[index + 1] - down.offsets[index] < r.downRevisions.length);
  const check = (code: 'revision-cycle' | 'dependency-cycle', tops: readonly Revision[], bottoms: readonly Revision[], down: Step, up: Step): GraphIssue | undefined => {
    let members: string[];
    if (tops.length === 0 || bottoms.length === 0) {
      members = winners.map((r) => r.id);
    } else {
      const below = dense.reached(tops, down);
      const above = dense.reached(bottoms, up);
      members = winners.filter((_, index) => !(below[index] && above[index])).map((r) => r.id).sort();
    }
    if (members.length === 0) return undefined;
    const kind = code === 'revision-cycle' ? 'Cycle' : 'Dependency cycle';
    const byId = new Map(winners.map((r) => [r.id, r]));
    return {
      code,
      severity: 'error',
      message: `${kind} is detected in revisions (${members.join(', ')})`,
      subjects: members.map((id) => subject(byId.get(id)!, code === 'revision-cycle' ? 'down_revision' : 'depends_on')),
      data: { members },
    };
  };
  const plain = check('revision-cycle', heads, [...bases, ...orphans], DOWN, UP);
  if (plain) return [plain];
  // Likewise a revision a depends_on entry of which is missing: its walk down ends there.
  const withDependencies = check('dependency-cycle', realHeads, [...realBases, ...orphans, ...winners.filter((r) => r.missingDependency)], ALL_DOWN, ALL_UP);
  if (withDependencies) return [withDependencies];
  // Alembic's check misses a cycle that is both above a base and below a head; it would hang
  // or fail later, so report it with the same wording. Most histories have none: a cheap
  // topological pass rules that out before the component search.
  if (!dense.hasCycle(ALL_DOWN)) return [];
  const members = cycleMembers(winners, lookup);
  if (members.length === 0) return [];
  const byId = new Map(winners.map((r) => [r.id, r]));
  return [
    {
      code: 'revision-cycle',
      severity: 'error',
      message: `Cycle is detected in revisions (${members.join(', ')})`,
      subjects: members.map((id) => subject(byId.get(id)!, 'down_revision')),
      data: { members },
    },
  ];
}

/**
 * True when every winner without down_revision or depends_on edges is a real base (declares
 * neither) or an orphan (its down_revision names only missing ids), the bottoms the
 * dependency-cycle check starts from. A revision whose every depends_on entry is missing is neither.
 */
function walksDownEndAtBottoms(dense: DenseRevisions): boolean {
  const { offsets } = dense.edges(ALL_DOWN);
  for (let index = 0; index < dense.winners.length; index++) {
    if (offsets[index + 1] > offsets[index]) continue;
    const revision = dense.winners[index];
    if (revision.downRevisions.length === 0 && revision.dependsOnAsWritten.length > 0) return false;
  }
  return true;
}

/** Revisions on a cycle of down_revision + depends_on edges (Tarjan's SCCs, iteratively), sorted. */
export function cycleMembers(revisions: readonly Revision[], lookup: Lookup): string[] {
  const index = new Map<Revision, number>();
  const low = new Map<Revision, number>();
  const onStack = new Set<Revision>();
  const stack: Revision[] = [];
  const members: string[] = [];
  let counter = 0;
  const edges = (r: Revision): Revision[] => r.allDownRevisions.map(lookup).filter((x): x is Revision => x !== undefined);
  for (const root of revisions) {
    if (index.has(root)) continue;
    const work: { node: Revision; next: number; out: Revision[] }[] = [];
    const enter = (node: Revision): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, out: edges(node) });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.out.length) {
        const target = frame.out[frame.next++];
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: Revision[] = [];
        let member: Revision;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) members.push(...component.map((r) => r.id));
      }
    }
  }
  return members.sort();
}

/**
 * Alembic's `_add_depends_on` + `_normalize_depends_on` second half: drop dependencies that an
 * ancestor (along down_revision) already depends on.
 */
export function normalizeDependencies(lookup: Lookup, revision: Revision, dependents?: ReadonlyMap<string, readonly Revision[]>): void {
  revision.edgesChanged();
  if (revision.dependsOn.length === 0) {
    revision.normalizedDependsOn = [];
    return;
  }
  // Only a dependency that some other revision also declares can be dropped; usually none is,
  // and then the walk below is not needed.
  const shared = dependents ? revision.dependsOn.filter((id) => (dependents.get(id)?.length ?? 0) > 1) : revision.dependsOn;
  if (shared.length === 0) {
    revision.normalizedDependsOn = [...revision.dependsOn];
    revision.edgesChanged();
    return;
  }
  const normalized = new Set(shared);
  // Alembic walks every ancestor along down_revision; we stop once nothing is left to drop.
  const seen = new Set<Revision>([revision]);
  const todo = revision.downRevisions.map(lookup).filter((r): r is Revision => r !== undefined);
  while (todo.length > 0 && normalized.size > 0) {
    const ancestor = todo.pop()!;
    if (seen.has(ancestor)) continue;
    seen.add(ancestor);
    for (const dependency of ancestor.dependsOn) normalized.delete(dependency);
    for (const id of ancestor.downRevisions) {
      const next = lookup(id);
      if (next && !seen.has(next)) todo.push(next);
    }
  }
  const dropped = new Set(shared.filter((id) => !normalized.has(id)));
  revision.normalizedDependsOn = revision.dependsOn.filter((id) => !dropped.has(id));
  revision.edgesChanged();
}

/**
 * Alembic's `_add_branches`: a revision's labels go to all its descendants (along
 * down_revision, across merges), then, walking down from the last descendant visited, to every
 * revision of that linear run until a (real) branch point or a merge point. Which descendant is
 * "last" follows the DFS order; Alembic's is set order when a descendant branches, ours is map
 * order.
 */
export function inheritBranchLabels(lookup: Lookup, labelled: readonly Revision[], dense?: DenseRevisions): void {
  for (const revision of labelled) {
    if (revision.inheritedLabelCount === 0) continue;
    const labels = revision.allBranchLabels;
    // Revisions that held the same label set before this batch share the one they hold after it.
    const shared = new Map<ReadonlySet<string>, ReadonlySet<string>>();
    const nodes = dense?.walkFrom(revision, UP) ?? descendants(lookup, [revision], { includeDependencies: false });
    for (const node of nodes) node.inheritLabels(labels, shared);
    let parent: Revision | undefined = nodes[nodes.length - 1];
    const visited = new Set<Revision>();
    while (parent && !parent.isRealBranchPoint && !parent.isMergePoint && !visited.has(parent)) {
      visited.add(parent);
      parent.inheritLabels(labels, shared);
      parent = parent.downRevisions.length > 0 ? lookup(parent.downRevisions[0]) : undefined;
    }
  }
}
