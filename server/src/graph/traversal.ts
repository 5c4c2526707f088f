/**
 * Ordered traversal with Alembic's semantics (RevisionMap.iterate_revisions and the functions
 * behind it). Entry points, all newest-first like Alembic's iterator:
 *
 * - `iterateRevisions(map, upper, lower, options)`: Alembic's `iterate_revisions`, options
 *   `implicitBase`, `inclusive`, `assertRelativeLength` (default true), `selectForDowngrade`.
 * - `collectUpgradeRevisions(map, upper, lower, ...)`: `_collect_upgrade_revisions`; the set of
 *   revisions to apply to go from `lower` (the current heads) to `upper`, plus the targets.
 * - `collectDowngradeRevisions(map, upper, lower, ...)`: `_collect_downgrade_revisions`; the set
 *   to undo to go from `upper` (the current heads) down to `lower`, plus the current heads.
 * - `upgradeRevisions(map, destination, current)`: what `ScriptDirectory._upgrade_revs` runs,
 *   oldest first (implicit base, reversed iteration).
 * - `downgradeRevisions(map, destination, current)`: what `_downgrade_revs` runs, newest first.
 *
 * Order: the sets are ordered by `topologicalSort`, Alembic's `_topological_sort`, which breaks
 * ties by the map order (first appearance of each id). Where Alembic iterates a Python set
 * (children of a branch point, normalized dependencies) we use map order; Alembic's order there
 * is arbitrary and may differ run to run.
 *
 * All functions throw GraphFailure; RevisionMap.iterate and the wrappers at the bottom return
 * GraphResult values.
 */
import { attempt, fail, type GraphResult } from './errors';
import { Revision } from './revision';
import type { RevisionMap } from './revisionMap';
import {
  filterForLineage,
  getRevision,
  getRevisions,
  lookupFor,
  resolveBranch,
  walk,
  type Identifier,
  type Target,
} from './resolve';
import { ancestors, descendants } from './walk';

export type { Identifier };

export interface IterateOptions {
  implicitBase?: boolean;
  inclusive?: boolean;
  assertRelativeLength?: boolean;
  selectForDowngrade?: boolean;
}

export interface Collected {
  revisions: Set<Revision>;
  heads: Target[];
}

/** Alembic's `_relative_destination` (anchored at the start only, as `re.match` is). */
const RELATIVE_DESTINATION = /^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-]\d+)/u;

const isRevision = (target: Target): target is Revision => target instanceof Revision;

function toList(identifier: Identifier): string[] {
  if (identifier === null) return [];
  return typeof identifier === 'string' ? [identifier] : [...identifier];
}

function didNotProduce(relative: string, count: number): never {
  return fail('revision', `Relative revision ${relative} didn't produce ${Math.abs(count)} migrations`);
}

export function iterateRevisions(map: RevisionMap, upper: Identifier, lower: Identifier, options: IterateOptions = {}): Revision[] {
  const collect = options.selectForDowngrade ? collectDowngradeRevisions : collectUpgradeRevisions;
  const { revisions, heads } = collect(
    map,
    upper,
    lower,
    options.inclusive ?? false,
    options.implicitBase ?? false,
    options.assertRelativeLength ?? true,
  );
  return topologicalSort(map, revisions, heads).map((id) => map.byId.get(id)!);
}

/** Alembic's `_get_all_current`: the branch tips among the given revisions and their ancestors. */
export function getAllCurrent(map: RevisionMap, ids: readonly string[]): Revision[] {
  const top = getRevisions(map, ids).filter(isRevision);
  const all = new Set<Revision>([...top, ...ancestors(lookupFor(map), top)]);
  // A member is no branch tip when another member lies above it along down_revision alone (its
  // descendants without dependencies): one walk down from every member, each revision marked once,
  // instead of the descendants of each member (quadratic over a long history).
  const below = new Set<string>();
  const walkDown = (revision: Revision): void => {
    for (const parent of revision.downRevisions) {
      if (below.has(parent)) continue;
      below.add(parent);
      const next = map.byId.get(parent);
      if (next) walkDown(next);
    }
  };
  for (const revision of all) walkDown(revision);
  return [...all].filter((revision) => !below.has(revision.id));
}

/**
 * Whether a downgrade destination walks down from the current revisions themselves (`-1`: no
 * revision and no branch named). From several of them Alembic starts at the first and warns that
 * this is ambiguous (`downgrade -1 from multiple heads is ambiguous`, a UserWarning).
 */
export function isDowngradeRelativeToCurrent(target: string): boolean {
  const match = RELATIVE_DESTINATION.exec(target);
  return match !== null && match[1] === undefined && match[2] === undefined && Number.parseInt(match[3], 10) < 0;
}

/** Alembic's `_parse_downgrade_target`: [branch label, target] for a downgrade destination. */
export function parseDowngradeTarget(
  map: RevisionMap,
  currentRevisions: Identifier,
  target: Identifier,
  assertRelativeLength: boolean,
): [string | null, Target] {
  if (target === null) return [null, null];
  if (typeof target !== 'string') fail('revision', 'Expected downgrade target in string form');
  const match = RELATIVE_DESTINATION.exec(target);
  if (match) {
    let branchLabel: string | null = match[1] ?? null;
    let symbol: string | null = match[2] ?? null;
    const relative = match[3];
    const steps = Number.parseInt(relative, 10);
    if (steps >= 0) {
      if (symbol === null) didNotProduce(relative, steps);
      const revision = walk(map, symbol, steps, branchLabel, assertRelativeLength);
      if (revision === null) fail('revision', 'Walked too far');
      return [branchLabel, revision];
    }
    const relativeToCurrent = symbol === null;
    if (relativeToCurrent) {
      const current = toList(currentRevisions);
      if (branchLabel) {
        let onBranch = filterForLineage(map, current, branchLabel);
        if (onBranch.length === 0) {
          onBranch = filterForLineage(map, getAllCurrent(map, current), branchLabel).map((r) => r.id);
        }
        if (onBranch.length !== 1) fail('revision', `Ambiguous relative downgrade on branch '${branchLabel}'`);
        symbol = onBranch[0];
      } else {
        if (current.length === 0) didNotProduce(relative, steps);
        symbol = current[0];
        // Restrict the walk to the selected branch when several are current.
        branchLabel = symbol;
      }
    }
    const start = branchLabel === null ? getRevision(map, symbol) : getRevision(map, `${branchLabel}@${symbol}`);
    const revision = walk(map, start, steps, null, assertRelativeLength);
    if (revision === null) {
      if (relativeToCurrent) didNotProduce(relative, steps);
      fail('revision', 'Walked too far');
    }
    return [branchLabel, revision];
  }
  const at = target.lastIndexOf('@');
  const label = at >= 0 ? target.slice(0, at) : '';
  return [label || null, getRevision(map, target.slice(at + 1))];
}

/** Alembic's `_parse_upgrade_target`: the revisions an upgrade destination names. */
export function parseUpgradeTarget(map: RevisionMap, currentRevisions: Identifier, target: Identifier, assertRelativeLength: boolean): Target[] {
  const match = typeof target === 'string' ? RELATIVE_DESTINATION.exec(target) : null;
  if (!match) return getRevisions(map, target);
  const branchLabel = match[1] ?? null;
  const symbol = match[2] ?? null;
  const relativeText = match[3];
  const relative = Number.parseInt(relativeText, 10);
  if (relative > 0) {
    if (symbol !== null) {
      return [walk(map, getRevision(map, symbol), relative, branchLabel, assertRelativeLength)];
    }
    const current: (string | null)[] = toList(currentRevisions);
    if (current.length === 0) current.push(null);
    let starts: (string | Target)[] = current;
    if (branchLabel) {
      const currentRevs = getRevisions(map, current.filter((c): c is string => c !== null)).filter(isRevision);
      starts = filterForLineage(map, currentRevs, branchLabel);
      if (starts.length === 0) {
        // The branch is not at a head: find the tips of the branch among the applied revisions.
        const active = filterForLineage(map, ancestors(lookupFor(map), currentRevs), branchLabel);
        const below = new Set(active.flatMap((r) => r.normalizedDownRevisions));
        const tips = active.filter((r) => !below.has(r.id)).map((r) => r.id);
        starts = tips.length > 0 ? tips : [null];
      }
    }
    if (starts.length > 1) fail('revision', 'Ambiguous upgrade from multiple current revisions');
    const revision = walk(map, starts[0], relative, branchLabel, assertRelativeLength);
    if (revision === null) didNotProduce(relativeText, relative);
    return [revision];
  }
  if (symbol === null) didNotProduce(String(relative), relative);
  const start = branchLabel === null ? getRevision(map, symbol) : getRevision(map, `${branchLabel}@${symbol}`);
  return [walk(map, start, relative, null, assertRelativeLength)];
}

function formatIdentifier(identifier: Identifier | string): string | undefined {
  if (identifier === null) return undefined;
  if (typeof identifier === 'string') return identifier || undefined;
  // Python formats a tuple with %s as its repr.
  return identifier.length === 1 ? `('${identifier[0]}',)` : `(${identifier.map((i) => `'${i}'`).join(', ')})`;
}

function rangeNotAncestor(lower: Identifier | string, upper: Identifier): never {
  const lowerText = formatIdentifier(lower);
  const upperText = formatIdentifier(upper);
  return fail('range-not-ancestor', `Revision ${lowerText ?? 'base'} is not an ancestor of revision ${upperText ?? 'base'}`, {
    lower: lowerText,
    upper: upperText,
  });
}

/** Alembic's `_collect_upgrade_revisions`. */
export function collectUpgradeRevisions(
  map: RevisionMap,
  upper: Identifier,
  lower: Identifier,
  inclusive: boolean,
  implicitBase: boolean,
  assertRelativeLength: boolean,
): Collected {
  const lookup = lookupFor(map);
  const parsed = parseUpgradeTarget(map, lower, upper, assertRelativeLength);
  if (parsed.some((t) => !isRevision(t))) fail('revision', `Relative revision ${String(upper)} didn't produce a revision`);
  let targets = parsed as Revision[];
  if (typeof lower === 'string' && lower.includes('@')) {
    let branch = lower.slice(0, lower.indexOf('@'));
    const branchRevision = getRevision(map, branch);
    if (isRevision(branchRevision) && branchRevision.id === branch) {
      // A revision id was used as a label: use that revision's branch. Alembic asserts it has
      // exactly one (`history -r c@-1:c` on a history without labels raises AssertionError).
      if (branchRevision.inheritedLabelCount !== 1) {
        fail('revision', `${lower} uses the revision ${branch} as a branch label, which needs exactly one branch label on it (it has ${branchRevision.inheritedLabelCount}): Alembic fails here with AssertionError; name the branch label instead`);
      }
      branch = branchRevision.allBranchLabels[0];
    }
    targets = targets.filter((t) => t.hasInheritedLabel(branch));
  }
  const required = new Set<Revision>([...ancestors(lookup, targets, { check: true }), ...targets]);
  let current = getRevisions(map, lower);
  if (!implicitBase && current.some((r) => r !== null && !(isRevision(r) && required.has(r)))) {
    rangeNotAncestor(lower, upper);
  }
  let effectiveLower: Identifier = lower;
  if (current.length > 0 && current[0] === null) {
    // `lower` was relative (`-1`): Alembic resolves it as a downgrade target from `upper`.
    const [, revision] = parseDowngradeTarget(map, upper, lower, assertRelativeLength);
    if (revision === 'base' || revision === null) {
      current = [];
      effectiveLower = null;
    } else {
      current = [revision];
      effectiveLower = revision.id;
    }
  }
  // Alembic asserts every current revision is a Revision here: a relative `lower` that walks
  // past the base of one of several heads crashes it; we fail with a message instead.
  if (current.some((r) => !isRevision(r))) fail('revision', `Relative revision ${formatIdentifier(lower) ?? 'base'} walks past the base of a head`);
  const currentRevisions = current.filter(isRevision);
  const currentSet = new Set<Revision>([...ancestors(lookup, currentRevisions, { check: true }), ...currentRevisions]);
  let needs = new Set([...required].filter((r) => !currentSet.has(r)));
  if (inclusive) for (const r of getRevisions(map, effectiveLower)) if (isRevision(r)) needs.add(r);
  if (current.length > 0 && !implicitBase) {
    const above = new Set(descendants(lookup, currentRevisions, { check: true, includeDependencies: false }));
    needs = new Set([...needs].filter((r) => above.has(r)));
  }
  return { revisions: needs, heads: targets };
}

/** Alembic's `_collect_downgrade_revisions`. */
export function collectDowngradeRevisions(
  map: RevisionMap,
  upper: Identifier,
  lower: Identifier,
  inclusive: boolean,
  implicitBase: boolean,
  assertRelativeLength: boolean,
): Collected {
  const lookup = lookupFor(map);
  const [branchLabel, parsedTarget] = parseDowngradeTarget(map, upper, lower, assertRelativeLength);
  const target = parsedTarget === 'base' ? null : parsedTarget;
  let roots: Revision[];
  if (target === null) roots = map.revisions().filter((r) => r.isBase);
  else if (inclusive) roots = [target];
  else roots = getRevisions(map, target.children).filter(isRevision);

  if (branchLabel && roots.length > 1) {
    const branchRevision = resolveBranch(map, branchLabel);
    const onBranch = new Set(ancestors(lookup, branchRevision ? [branchRevision] : [], { includeDependencies: false }));
    roots = roots.filter((r) => onBranch.has(r));
    if (roots.length === 0) fail('revision', 'Not a valid downgrade target from current heads');
  }
  const heads = getRevisions(map, upper);
  // Alembic asserts these are revisions (a relative `upper` walking past a base crashes it).
  if (heads.some((r) => !isRevision(r))) fail('revision', `Relative revision ${formatIdentifier(upper) ?? 'base'} walks past the base of a head`);
  const active = new Set(ancestors(lookup, heads.filter(isRevision)));
  const drop = new Set(descendants(lookup, roots).filter((r) => active.has(r)));
  if (implicitBase) {
    const belowRoots = new Set(ancestors(lookup, roots));
    for (const r of active) if (!belowRoots.has(r)) drop.add(r);
  }
  if (target !== null && drop.size === 0 && !heads.includes(target)) {
    fail('range-not-ancestor', `Revision Nothing to drop is not an ancestor of revision ${formatIdentifier(upper) ?? 'base'}`, {
      lower: 'Nothing to drop',
      upper: formatIdentifier(upper),
    });
  }
  return { revisions: drop, heads };
}

/**
 * Alembic's `_topological_sort`: walk down from the heads (in map order), emitting a revision
 * only when no other pending branch still needs it as an ancestor.
 */
export function topologicalSort(map: RevisionMap, revisions: Set<Revision>, heads: readonly Target[]): string[] {
  const order = new Map<string, number>();
  for (const id of map.byId.keys()) order.set(id, order.size);
  const ancestorsOf = ancestorBitsets(map);
  const todo = new Set([...revisions].map((r) => r.id));
  const currentHeads = [...new Set(heads.filter(isRevision).map((r) => r.id))]
    .filter((id) => todo.has(id))
    .sort((a, b) => order.get(a)! - order.get(b)!);
  // Alembic keeps, per pending head, the set of its ancestors (get_ancestors). That set always
  // equals the ancestors of the head currently at that index, so we look it up (memoised bitsets)
  // instead of recomputing and mutating sets; the order produced is the same.
  const ancestorsByIndex = currentHeads.map(ancestorsOf.get);
  const output: string[] = [];
  let index = 0;
  let blockedInARow = 0;
  while (currentHeads.length > 0) {
    const candidate = currentHeads[index];
    const blocker = ancestorsByIndex.findIndex((set, i) => i !== index && ancestorsOf.has(set, candidate));
    if (blocker >= 0) {
      // Another pending head needs this revision below it: that head goes first.
      index = blocker;
      if (++blockedInARow > currentHeads.length) fail('revision', `Cycle is detected in revisions (${[...currentHeads].sort().join(', ')})`);
      continue;
    }
    blockedInARow = 0;
    if (todo.delete(candidate)) output.push(candidate);
    const revision = map.byId.get(candidate)!;
    const toAdd = revision.normalizedDownRevisions.filter((id) => todo.has(id) && !currentHeads.includes(id));
    if (toAdd.length === 0) {
      currentHeads.splice(index, 1);
      ancestorsByIndex.splice(index, 1);
      index = Math.max(index - 1, 0);
    } else {
      currentHeads[index] = toAdd[0];
      currentHeads.push(...toAdd.slice(1));
      ancestorsByIndex[index] = ancestorsOf.get(toAdd[0]);
      ancestorsByIndex.push(...toAdd.slice(1).map(ancestorsOf.get));
    }
  }
  // Alembic asserts nothing is left (and crashes with an AssertionError), e.g. for
  // `history -r <effective head>:`, where the head is not below any target.
  if (todo.size > 0) {
    const left = [...map.byId.keys()].filter((id) => todo.has(id));
    fail('revision', `Revision(s) ${left.join(', ')} cannot be ordered below the requested heads (Alembic fails here with an AssertionError)`);
  }
  return output;
}

/**
 * Memoised ancestor sets (normalized edges, the revision itself included) as bitsets over map
 * order: n revisions cost n*n/8 bytes at most, computed only for what a traversal touches. Rows
 * are cut from slabs of ROWS_PER_SLAB so that a walk over thousands of revisions (history, the
 * editor's tree) makes a few hundred allocations rather than one per revision.
 */
const ROWS_PER_SLAB = 64;

function ancestorBitsets(map: RevisionMap): { get: (id: string) => Uint32Array; has: (bits: Uint32Array, id: string) => boolean } {
  const position = new Map<string, number>();
  for (const id of map.byId.keys()) position.set(id, position.size);
  const ids = [...map.byId.keys()];
  const words = Math.ceil(position.size / 32) || 1;
  const rows: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(ids.length);
  // 0: not reached, 1: on the stack (its parents are being computed), 2: done.
  const state = new Uint8Array(ids.length);
  const unknown = new Uint32Array(words);
  let slab = new Uint32Array(0);
  let slabRowsUsed = ROWS_PER_SLAB;
  const newRow = (): Uint32Array => {
    if (slabRowsUsed === ROWS_PER_SLAB) {
      slab = new Uint32Array(words * ROWS_PER_SLAB);
      slabRowsUsed = 0;
    }
    return slab.subarray(words * slabRowsUsed, words * ++slabRowsUsed);
  };
  const parentsAt = (at: number): number[] => {
    const parents: number[] = [];
    for (const parent of map.byId.get(ids[at])!.normalizedDownRevisions) {
      const parentAt = position.get(parent);
      if (parentAt !== undefined) parents.push(parentAt);
    }
    return parents;
  };
  const get = (id: string): Uint32Array => {
    const start = position.get(id);
    if (start === undefined) return unknown;
    const known = rows[start];
    if (known) return known;
    // Iterative post-order, so deep histories do not overflow the stack.
    const stack: number[] = [start];
    while (stack.length > 0) {
      const at = stack[stack.length - 1];
      if (state[at] === 2) {
        stack.pop();
        continue;
      }
      const parents = parentsAt(at);
      if (state[at] === 0) {
        state[at] = 1;
        const before = stack.length;
        // A parent already on the stack is a cycle's back edge: it contributes nothing.
        for (const parent of parents) if (state[parent] === 0) stack.push(parent);
        if (stack.length > before) continue;
      }
      stack.pop();
      const bits = newRow();
      bits[at >>> 5] |= 1 << (at & 31);
      for (const parent of parents) {
        const parentBits = rows[parent];
        if (!parentBits) continue;
        for (let w = 0; w < words; w++) bits[w] |= parentBits[w];
      }
      rows[at] = bits;
      state[at] = 2;
    }
    return rows[start]!;
  };
  const has = (bits: Uint32Array, id: string): boolean => {
    const at = position.get(id);
    return at !== undefined && (bits[at >>> 5] & (1 << (at & 31))) !== 0;
  };
  return { get, has };
}

/** What `alembic upgrade <destination>` runs from `current` heads, oldest first. */
export function upgradeRevisions(map: RevisionMap, destination: string, current: Identifier): GraphResult<Revision[]> {
  return attempt(() => iterateRevisions(map, destination, current, { implicitBase: true }).reverse());
}

/** What `alembic downgrade <destination>` runs from `current` heads, newest first. */
export function downgradeRevisions(map: RevisionMap, destination: string, current: Identifier): GraphResult<Revision[]> {
  return attempt(() => iterateRevisions(map, current, destination, { selectForDowngrade: true }));
}
