/**
 * The revision map: Alembic's `RevisionMap` built from plain records, never throwing. Every
 * condition Alembic warns or raises about while loading becomes a `GraphIssue` in `issues`;
 * queries (identifier resolution, traversal) return `GraphResult` values.
 *
 * Order: `revisions()` lists each id once, at the position where it first appeared in the
 * input (Alembic's OrderedDict keeps the first position when a duplicate id replaces an entry),
 * and holds the revision read last. `heads`/`bases` are Alembic's lists verbatim, in input order;
 * like Alembic's, they can name a duplicated id twice (the shadowed copy stays a head).
 *
 * API for other layers:
 *   buildRevisionMap(inputs)            never throws; `issues` holds every GraphIssue
 *   map.get(id) / map.revisions()       Revision records (see revision.ts for their fields)
 *   map.heads / realHeads / bases / realBases   Alembic's lists (realHeads = `heads --resolve-dependencies`)
 *   map.resolve(identifier)             any identifier form -> Revision[] (get_revisions)
 *   map.resolveOne(identifier)          one revision or null for base (get_revision)
 *   map.currentHead(label?) / filterForLineage(...)
 *   map.iterate(upper, lower, options)  iterate_revisions, newest first (traversal.ts)
 *   map.walkRevisions(base, head)       what `history` prints
 * Errors are GraphResult values; errors.ts `commandMessage` gives the text Alembic's commands print.
 */
import type { GraphIssue, RevisionInput } from './types';
import { Revision } from './revision';
import {
  cycleIssues,
  inheritBranchLabels,
  invalidIdIssue,
  missingReferenceIssue,
  partialReferenceIssue,
  selfLoopIssues,
  subject,
  uniquePrefixMatch,
} from './build';
import { normalizeAllDependencies } from './dependencies';
import { ALL_DOWN_EDGES, CHILD_EDGES, DenseRevisions, DOWN_EDGES, reversed } from './reach';
import { attempt, type GraphResult } from './errors';
import * as resolve from './resolve';
import * as traversal from './traversal';
import type { IterateOptions } from './traversal';

export { Revision };

export class RevisionMap {
  /** Winning revision per id, in first-appearance order. */
  readonly byId = new Map<string, Revision>();
  /** Branch label -> the revision that declares it. */
  readonly labels = new Map<string, Revision>();
  /** Every revision record, including ones shadowed by a later duplicate id. */
  readonly all: Revision[] = [];
  /** Alembic's `heads`: revisions no other revision names in `down_revision`. */
  heads: string[] = [];
  /** Alembic's `_real_heads`: heads not consumed by a `depends_on` either (`heads --resolve-dependencies`). */
  realHeads: string[] = [];
  /** Alembic's `bases`: revisions without `down_revision`. */
  bases: string[] = [];
  /** Alembic's `_real_bases`: bases without `depends_on`. */
  realBases: string[] = [];
  readonly issues: GraphIssue[] = [];

  get(id: string): Revision | undefined {
    return this.byId.get(id);
  }

  /** A revision id or a branch label (Alembic's `_revision_map[...]`). */
  lookupSymbol(symbol: string): Revision | undefined {
    return this.byId.get(symbol) ?? this.labels.get(symbol);
  }

  revisions(): Revision[] {
    return [...this.byId.values()];
  }

  /** True when Alembic itself would refuse to load this map (an error-level issue). */
  get hasFatalIssues(): boolean {
    return this.issues.some((issue) => issue.severity === 'error');
  }

  /** Alembic's `get_revisions`: every form of identifier, a list of them, `heads`, `base`, ... */
  resolve(identifier: string | readonly string[] | null): GraphResult<Revision[]> {
    return attempt(() => resolve.getRevisions(this, identifier).filter((r): r is Revision => r instanceof Revision));
  }

  /** Alembic's `get_revision`: one revision (null for `base`), MultipleHeads for `heads` with several. */
  resolveOne(identifier: string | null): GraphResult<Revision | null> {
    return attempt(() => {
      const found = resolve.getRevision(this, identifier);
      return found instanceof Revision ? found : null;
    });
  }

  /** Alembic's `get_current_head(branch_label)`. */
  currentHead(branchLabel?: string): GraphResult<string | null> {
    return attempt(() => resolve.getCurrentHead(this, branchLabel ?? null));
  }

  /** Alembic's `filter_for_lineage`: the targets on the same lineage as `checkAgainst`. */
  filterForLineage(targets: readonly string[], checkAgainst: string | null, includeDependencies = false): GraphResult<string[]> {
    return attempt(() =>
resolve.filterForLineage(this, targets, checkAgainst, includeDependencies));
  }

  /** Alembic's `iterate_revisions(upper, lower, ...)`, newest first. */
  iterate(upper: traversal.Identifier, lower: traversal.Identifier, options: IterateOptions = {}): GraphResult<Revision[]> {
    return attempt(() => traversal.iterateRevisions(this, upper, lower, options));
  }

  /** `ScriptDirectory.walk_revisions(base, head)`: what `history` prints, newest first. */
  walkRevisions(base: traversal.Identifier = 'base', head: traversal.Identifier = 'heads'): GraphResult<Revision[]> {
    return this.iterate(head, base, { inclusive: true, assertRelativeLength: false });
  }
}

/** Builds the map; never throws. See build.ts for how each Alembic failure is reported. */
export function buildRevisionMap(inputs: readonly RevisionInput[]): RevisionMap {
  const map = new RevisionMap();
  const issues = map.issues;
  const bases: Revision[] = [];
  const realBases: Revision[] = [];

  for (const input of inputs) {
    // Only an input naming itself needs the self-loop report and a cleaned copy.
    const selfReference = input.downRevisions.includes(input.id) || input.dependsOn.includes(input.id);
    if (selfReference) for (const issue of selfLoopIssues(new Revision(input))) issues.push(issue);
    const revision = new Revision(selfReference ? sanitize(input) : input);
    const invalid = invalidIdIssue(revision);
    if (invalid) issues.push(invalid);
    const previous = map.byId.get(revision.id);
    if (previous) {
      issues.push({
        code: 'duplicate-revision',
        severity: 'warning',
        message: `Revision ${revision.id} is present more than once`,
        subjects: [subject(revision, 'revision'), subject(previous, 'revision')],
        data: { winner: revision.key, shadowed: previous.key },
      });
    }
    map.byId.set(revision.id, revision);
    map.all.push(revision);
    if (revision.isBase) bases.push(revision);
    if (revision.isRealBase) realBases.push(revision);
  }

  registerBranchLabels(map);
  resolveDependencies(map);
  // Integer adjacency over the winners, shared by linking, normalization, the cycle check and label inheritance.
  const dense = new DenseRevisions(map.revisions(), map.byId);
  linkChildren(map, dense);

  const lookup = (id: string): Revision | undefined => map.byId.get(id);
  normalizeAllDependencies(lookup, map.all, dense);
  // A copy shadowed by a later duplicate never gets children, so it stays a head (as in Alembic).
  const heads = map.all.filter((r) => r.children.length === 0);
  const realHeads = map.all.filter((r) => r.allChildren.length === 0);
  issues.push(...cycleIssues(lookup, dense.winners, heads, bases, realHeads, realBases, dense));

  map.heads = heads.map((r) => r.id);
  map.realHeads = realHeads.map((r) => r.id);
  map.bases = bases.map((r) => r.id);
  map.realBases = realBases.map((r) => r.id);

  inheritBranchLabels(lookup, map.all.filter((r) => r.branchLabels.length > 0), dense);
  const multipleHeads = multipleHeadsIssue(map);
  if (multipleHeads) issues.push(multipleHeads);
  return map;
}

/**
 * A new map object for the same graph, where the revisions built from `changed` (matched by
 * `key`) carry those inputs' details (message, docstring, create date, path). Only valid when
 * every input that feeds the graph (id, down_revision, branch_labels, depends_on, order) is
 * unchanged; the index checks that and skips the whole rebuild for a docstring-only edit. The
 * result is a new object so caches keyed by the map see the change.
 */
export function withRevisionDetails(map: RevisionMap, changed: readonly RevisionInput[]): RevisionMap {
  const next = new RevisionMap();
  const inputByKey = new Map(changed.map((input) => [input.key, input]));
  const replaced = new Map<Revision, Revision>();
  for (const revision of map.all) {
    const input = inputByKey.get(revision.key);
    const copy = input ? revision.withDetails(input) : revision;
    if (copy !== revision) replaced.set(revision, copy);
    next.all.push(copy);
  }
  const current = (revision: Revision): Revision => replaced.get(revision) ?? revision;
  for (const [id, revision] of map.byId) next.byId.set(id, current(revision));
  for (const [label, revision] of map.labels) next.labels.set(label, current(revision));
  next.heads = [...map.heads];
  next.realHeads = [...map.realHeads];
  next.bases = [...map.bases];
  next.realBases = [...map.realBases];
  for (const issue of map.issues) next.issues.push(issue);
  return next;
}

/** Drops self references (reported as self-loops) so the rest of the graph stays walkable. */
function sanitize(input: RevisionInput): RevisionInput {
  return {
    ...input,
    downRevisions: input.downRevisions.filter((id) => id !== input.id),
    dependsOn: input.dependsOn.filter((id) => id !== input.id),
  };
}

/** Alembic's `_map_branch_labels`: a label may name one revision and may not be a revision id. */
function registerBranchLabels(map: RevisionMap): void {
  for (const revision of map.all) {
    for (const label of revision.branchLabels) {
      const owner = map.lookupSymbol(label);
      if (owner) {
        map.issues.push({
          code: 'duplicate-branch-label',
          severity: 'error',
          message: `Branch name '${label}' in revision ${revision.id} already used by revision ${owner.id}`,
          subjects: [subject(revision, 'branch_labels', label), subject(owner, map.labels.get(label) === owner ? 'branch_labels' : 'revision', label)],
          data: { label },
        });
        continue;
      }
      map.labels.set(label, revision);
    }
  }
}

/** Alembic's `_add_depends_on`: entries may be ids or branch labels; partial ids are not allowed. */
function resolveDependencies(map: RevisionMap): void {
  for (const revision of map.all) {
    // Most revisions declare no dependency; `dependsOn` starts empty.
    if (revision.dependsOnAsWritten.length === 0) continue;
    revision.missingDependency = false;
    const resolved: string[] = [];
    for (const entry of revision.dependsOnAsWritten) {
      const target = map.lookupSymbol(entry);
      if (target) {
        resolved.push(target.id);
        continue;
      }
      const full = uniquePrefixMatch(entry, map.byId.keys());
      if (full) {
        map.issues.push(partialReferenceIssue(revision, 'depends_on', entry, full, map.byId.get(full)!));
        resolved.push(full);
      } else {
        map.issues.push(missingReferenceIssue(revision, 'depends_on', entry));
        revision.missingDependency = true;
      }
    }
    revision.dependsOn = [...new Set(resolved)];
  }
}

/**
 * Alembic's nextrev loop: only the winning copy of each id links itself to its parents. The
 * parent positions it resolves are also the down_revision and all-down edges of `dense`
 * (in list order, missing ids left out; all-down without repeats), handed over so the later
 * walks do not look every id up again. A revision is a head exactly when it got no child here.
 */
function linkChildren(map: RevisionMap, dense: DenseRevisions): void {
  const winners = dense.winners;
  const count = winners.length;
  const downOffsets = new Int32Array(count + 1);
  const downTargets: number[] = [];
  const allOffsets = new Int32Array(count + 1);
  const allTargets: number[] = [];
  // down_revision edges without repeats: reversed, they are each revision's children in order.
  const versionedOffsets = new Int32Array(count + 1);
  const versionedTargets: number[] = [];
  for (let position = 0; position < count; position++) {
    const revision = winners[position];
    const firstAll = allTargets.length;
    const firstVersioned = versionedTargets.length;
    for (let index = 0; index < revision.downRevisions.length; index++) {
      const parentId = revision.downRevisions[index];
      let parentPosition = dense.indexOf(parentId);
      if (parentPosition === undefined) {
        const full = uniquePrefixMatch(parentId, map.byId.keys());
        if (full) {
          map.issues.push(partialReferenceIssue(revision, 'down_revision', parentId, full, map.byId.get(full)!));
          // Repair the edge so that the rest of the graph reads as the author meant it (on a
          // copy: the list is the cached input's, which the next build reads again).
          revision.repairDownRevision(index, full);
          parentPosition = dense.indexOf(full)!;
        } else {
          map.issues.push(missingReferenceIssue(revision, 'down_revision', parentId));
          continue;
        }
      }
      winners[parentPosition].addChild(revision.id, true);
      downTargets.push(parentPosition);
      if (!versionedTargets.includes(parentPosition, firstVersioned)) versionedTargets.push(parentPosition);
      if (!allTargets.includes(parentPosition, firstAll)) allTargets.push(parentPosition);
    }
    downOffsets[position + 1] = downTargets.length;
    versionedOffsets[position + 1] = versionedTargets.length;
    for (const dependencyId of revision.dependsOn) {
      const dependencyPosition = dense.indexOf(dependencyId)!;
      if (!revision.downRevisions.includes(dependencyId)) winners[dependencyPosition].addChild(revision.id, false);
      if (!allTargets.includes(dependencyPosition, firstAll)) allTargets.push(dependencyPosition);
    }
    allOffsets[position + 1] = allTargets.length;
  }
  dense.provideEdges(DOWN_EDGES, { offsets: downOffsets, targets: Int32Array.from(downTargets) });
  dense.provideEdges(ALL_DOWN_EDGES, { offsets: allOffsets, targets: Int32Array.from(allTargets) });
  // Children were pushed in winner order, which is the order `reversed` fills each list in.
  dense.provideOrderedEdges(CHILD_EDGES, reversed({ offsets: versionedOffsets, targets: Int32Array.from(versionedTargets) }, count));
}

/** Several heads: only `heads` works as an upgrade target. Labelled branches are a deliberate design. */
function multipleHeadsIssue(map: RevisionMap): GraphIssue | undefined {
  const heads = [...new Set(map.heads)];
  if (heads.length < 2) return undefined;
  const revisions = heads.map((id) => map.byId.get(id)!).filter(Boolean);
  const labelSets = revisions.map((r) => r.allBranchLabels.join('\u0000'));
  const deliberate = revisions.every((r) => r.allBranchLabels.length > 0) && new Set(labelSets).size === labelSets.length;
  return {
    code: 'multiple-heads',
    severity: deliberate ? 'information' : 'warning',
    message:
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, " +
      "'<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    subjects: revisions.map((r) => subject(r, 'revision')),
    data: { heads },
  };
}
