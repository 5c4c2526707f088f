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

export class Revision {
  readonly id: string;
  readonly key: string;
  readonly downRevisions: readonly string[];
  readonly dependsOnAsWritten: readonly string[];
  readonly branchLabels: readonly string[];
  readonly message?: string;
  readonly docstring?: string;
  readonly createDate?: string;
  readonly path?: string;
  /** Set while building the map. */
  dependsOn: string[] = [];
  normalizedDependsOn: string[] = [];
  children: string[] = [];
  allChildren: string[] = [];
  /** Own labels plus those inherited along the branch (Alembic's mutable `branch_labels`). */
  readonly inheritedLabels = new Set<string>();

  constructor(input: RevisionInput) {
    this.id = input.id;
    this.key = input.key;
    this.downRevisions = [...input.downRevisions];
    this.dependsOnAsWritten = [...input.dependsOn];
    this.branchLabels = [...input.branchLabels];
    this.message = input.message;
    this.docstring = input.docstring;
    this.createDate = input.createDate;
    this.path = input.path;
    for (const label of this.branchLabels) this.inheritedLabels.add(label);
  }

  /** Own labels first (as written), then inherited ones in the order they were added. */
  get allBranchLabels(): string[] {
    return [...this.inheritedLabels];
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

  private allDownCache?: string[];
  private normalizedDownCache?: string[];

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
