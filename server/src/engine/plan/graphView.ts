/**
 * The slice of the revision graph the planner needs, stated as an interface so the planner can be
 * tested on small hand-built graphs and stays independent of how the graph layer stores revisions.
 * `fromRevisionMap.ts` adapts the graph layer's RevisionMap to it.
 *
 * Every method that resolves user input throws a PlanError carrying Alembic's message.
 */
export interface PlanRevision {
  id: string;
  /** `down_revision` as written (Alembic's `_versioned_down_revisions`). */
  downRevisions: readonly string[];
  /**
   * `down_revision` plus the `depends_on` targets not already implied by an ancestor's
   * dependencies (Alembic's `_normalized_down_revisions`).
   */
  normalizedDownRevisions: readonly string[];
}

export interface PlanGraph {
  get(id: string): PlanRevision | undefined;
  /** Alembic's `get_revision`: exactly one revision id, or null for `base`. */
  resolveOne(identifier: string): string | null;
  /** Alembic's `get_revisions`: every id an identifier names (`heads`, `label@head`, ...). */
  resolveMany(identifier: string): string[];
  /**
   * Alembic's `reversed(iterate_revisions(destination, current, implicit_base=True))`: the
   * revisions an upgrade from `currentHeads` to `destination` runs, in run order.
   */
  upgradeRevisions(destination: string, currentHeads: readonly string[]): string[];
  /** Alembic's `iterate_revisions(current, destination, select_for_downgrade=True)`, in run order. */
  downgradeRevisions(destination: string, currentHeads: readonly string[]): string[];
  /** The ids themselves and everything below them (following dependencies when asked). */
  ancestors(ids: readonly string[], includeDependencies: boolean): Set<string>;
  /** The ids themselves and everything above them (following dependencies when asked). */
  descendants(ids: readonly string[], includeDependencies: boolean): Set<string>;
  /** Alembic's `filter_for_lineage(targets, checkAgainst, include_dependencies)`. */
  filterForLineage(ids: readonly string[], checkAgainst: string, includeDependencies: boolean): string[];
}
