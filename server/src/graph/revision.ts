/**
 * One node of the revision graph, with Alembic's vocabulary:
 * - `downRevisions` are the `down_revision` entries as written (Alembic's "versioned" parents);
 * - `dependsOnAsWritten` are the `depends_on` entries as written (ids, partial ids or labels),
 *   `dependsOn` the revision ids they resolve to, `normalizedDependsOn` those not already a
 *   dependency of an ancestor (Alembic's `_normalized_resolved_dependencies`);
 * - `children` are revisions naming this one in `down_revision` (Alembic's `nextrev`),
 *   `allChildren` adds revisions that depend on it (`_all_nextrev`).
 * "Real" heads/bases/branch points also count `depends_on` edges, as Alembic's `_is_real_*` do.
 */
import type { RevisionInput } from './types';
import { emptyList } from '../common/emptyList';

/**
 * The list every edge field starts as. A map of thousands of revisions is rebuilt on each edit,
 * and most revisions have no dependency and one child: sharing one frozen empty list instead of
 * four new ones per revision keeps those rebuilds out of the garbage collector's way. The
 * builder replaces it before adding anything (pushing onto it throws).
 */
const NO_IDS: readonly string[] = emptyList();
const NO_LABELS: ReadonlySet<string> = new Set<string>();

/**
 * Appends to a child list this class created (never NO_IDS, which addChild replaces first): the
 * lists are readonly to every other reader, so this is the one place that writes to them.
 */
function appendToOwn(list: readonly string[], id: string): void {
  (list as string[]).push(id);
}

export class Revision {
  readonly id: string;
  readonly key: string;
  /**
   * Shared with the input (inputs are cached and reused by the next build, so nothing writes to
   * it); the builder replaces it with a repaired copy when an entry is a partial id.
   */
  downRevisions: readonly string[];
  readonly dependsOnAsWritten: readonly string[];
  readonly branchLabels: readonly string[];
  readonly message?: string;
  readonly docstring?: string;
  readonly createDate?: string;
  readonly path?: string;
  /** Set while building the map (a shared empty list until then; see NO_IDS). */
  dependsOn: readonly string[] = NO_IDS;
  /** True when a `depends_on` entry names no revision (reported as missing-parent). */
  missingDependency = false;
  normalizedDependsOn: readonly string[] = NO_IDS;
  children: readonly string[] = NO_IDS;
  allChildren: readonly string[] = NO_IDS;
  /**
   * Own plus inherited labels. Revisions that got the same labels in the same order share one
   * set (label inheritance hands thousands of revisions the same labels); `ownsLabels` says
   * whether this revision may add to it in place.
   */
  private labelSet: ReadonlySet<string>;
  private ownsLabels: boolean;
  private allDownCache?: string[];
  private normalizedDownCache?: string[];
  /** The map builder's integer position of this winner (reach.ts); meaningless elsewhere. */
  densePosition = -1;

  constructor(input: RevisionInput) {
    this.id = input.id;
    this.key = input.key;
    this.downRevisions = input.downRevisions;
    this.dependsOnAsWritten = input.dependsOn;
    this.branchLabels = input.branchLabels;
    this.message = input.message;
    this.docstring = input.docstring;
    this.createDate = input.createDate;
    this.path = input.path;
    this.ownsLabels = input.branchLabels.length > 0;
    this.labelSet = this.ownsLabels ? new Set(input.branchLabels) : NO_LABELS;
  }

  /**
   * Own labels plus those inherited along the branch (Alembic's mutable `branch_labels`), as a
   * set of this revision's own that callers may add to. Reading code should prefer
   * `hasInheritedLabel` / `inheritedLabelCount`, which never copy a shared set.
   */
  get inheritedLabels(): Set<string> {
    if (!this.ownsLabels) {
      this.labelSet = new Set(this.labelSet);
      this.ownsLabels = true;
    }
    return this.labelSet as Set<string>;
  }

  hasInheritedLabel(label: string): boolean {
    return this.labelSet.has(label);
  }

  get inheritedLabelCount(): number {
    return this.labelSet.size;
  }

  /**
   * Adds `labels` in order. `shared` remembers, for one batch of labels, which set each shared
   * set becomes, so the revisions that start alike end up sharing one set again.
   */
  inheritLabels(labels: readonly string[], shared: Map<ReadonlySet<string>, ReadonlySet<string>>): void {
    if (this.ownsLabels) {
      for (const label of labels) (this.labelSet as Set<string>).add(label);
      return;
    }
    const current = this.labelSet;
    let next = shared.get(current);
    if (!next) {
      next = labels.every((label) => current.has(label)) ? current : new Set([...current, ...labels]);
      shared.set(current, next);
    }
    this.labelSet = next;
  }

  /** Own labels first (as written), then inherited ones in the order they were added. */
  get allBranchLabels(): string[] {
    return [...this.labelSet];
  }

  get isHead(): boolean {
    return this.children.length === 0;
  }
  get isRealHead(): boolean {
    return this.allChildren.length === 0;
  }
  get isBase(): boolean {
    return this.downRevisions.length === 0;
  }
  get isRealBase(): boolean {
    return this.downRevisions.length === 0 && this.dependsOnAsWritten.length === 0;
  }
  get isBranchPoint(): boolean {
    return this.children.length > 1;
  }
  get isRealBranchPoint(): boolean {
    return this.allChildren.length > 1;
  }
  get isMergePoint(): boolean {
    return this.downRevisions.length > 1;
  }
  /** A head for `heads` that a `depends_on` edge consumes: Alembic prints "(effective head)". */
  get isEffectiveHead(): boolean {
    return this.isHead && !this.isRealHead;
  }

  /** Parents plus resolved dependencies (Alembic's `_all_down_revisions`). */
  get allDownRevisions(): string[] {
    return (this.allDownCache ??= dedupe([...this.downRevisions, ...this.dependsOn]));
  }
  /** Parents plus normalized dependencies (Alembic's `_normalized_down_revisions`). */
  get normalizedDownRevisions(): string[] {
    return (this.normalizedDownCache ??= dedupe([...this.downRevisions, ...this.normalizedDependsOn]));
  }
  /** The map builder calls this after changing edges (the derived lists are cached for walks). */
  edgesChanged(): void {
    this.allDownCache = undefined;
    this.normalizedDownCache = undefined;
  }

  /** Replaces one `down_revision` entry (a partial id the builder resolved) without touching the input's list. */
  repairDownRevision(index: number, fullId: string): void {
    const repaired = [...this.downRevisions];
    repaired[index] = fullId;
    this.downRevisions = repaired;
    this.edgesChanged();
  }

  /**
   * Adds a child (`versioned`: named in down_revision) to `children` and `allChildren`, once each.
   * While every child is versioned the two lists are equal and share one array (most revisions
   * never get a child through depends_on); the first other child splits them.
   */
  addChild(childId: string, versioned: boolean): void {
    const all = this.allChildren;
    if (all === NO_IDS) {
      this.allChildren = [childId];
      if (versioned) this.children = this.allChildren;
      return;
    }
    const shared = this.children === all;
    if (!all.includes(childId)) {
      if (shared && !versioned) {
        // Split: `children` keeps the array as it was.
        this.allChildren = [...all, childId];
        return;
      }
      appendToOwn(all, childId);
      if (shared) return;
    } else if (shared) {
      return;
    }
    if (versioned && !this.children.includes(childId)) {
      if (this.children === NO_IDS) this.children = [childId];
      else appendToOwn(this.children, childId);
    }
  }

  /**
   * A copy with the same edges and labels but the carried details (message, docstring, create
   * date, path) of `input`: the index uses it when an edit changed nothing the graph is built from.
   */
  withDetails(input: RevisionInput): Revision {
    const copy = Object.assign(Object.create(Revision.prototype) as Revision, this);
    return Object.assign(copy, { message: input.message, docstring: input.docstring, createDate: input.createDate, path: input.path });
  }

  /** Alembic's `Script.longdoc`. */
  get longDoc(): string {
    return (this.docstring ?? this.message ?? '').trim();
  }
  /** Alembic's `Script.doc`: the docstring up to the first blank line. */
  get doc(): string {
    return this.longDoc.split('\n\n')[0];
  }
}

export function dedupe(values: readonly string[]): string[] {
  // Most revisions have one parent and no dependency: skip the set.
  if (values.length < 2) return [...values];
  return [...new Set(values)];
}
