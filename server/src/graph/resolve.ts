/**
 * Identifier resolution with Alembic's rules (RevisionMap.get_revisions / get_revision /
 * _resolve_revision_number / _revision_for_ident / filter_for_lineage / _walk):
 *   `head`, `heads`, `base`, full ids, partial ids (>= 4 characters, unique; branch labels
 *   count as candidates too, as in Alembic), `label@head`, `label@heads`, `label@base`,
 *   `label@<id>`, `-N` / `label@-N` (walk down from the heads). Relative forms with a symbol
 *   (`ae10+2`, `label@+1`) are parsed by traversal.ts where Alembic parses them (up/downgrade
 *   targets). Functions here throw GraphFailure; the RevisionMap methods turn it into values.
 *
 * `Target` mirrors what Alembic's functions return: a Revision, `null` (Python None: base, or a
 * walk that went past the end) or the string 'base' (a walk down past a base).
 */
import { fail, GraphFailure } from './errors';
import { Revision } from './revision';
import type { RevisionMap } from './revisionMap';
import { ancestors, descendants } from './walk';

export type Target = Revision | 'base' | null;
export type Identifier = string | readonly string[] | null;

export function lookupFor(map: RevisionMap): (id: string) => Revision | undefined {
  return (id) => map.byId.get(id);
}

/** Python's int() on a string, or undefined. */
function pythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) return undefined;
  return Number.parseInt(trimmed.replace(/_/g, ''), 10);
}

/** Alembic's `_resolve_revision_number`: symbolic names to ids, plus the branch label. */
export function resolveRevisionNumber(map: RevisionMap, identifier: Identifier): [string[], string | null] {
  let branchLabel: string | null = null;
  let id: Identifier = identifier;
  if (typeof id === 'string' && id.includes('@')) {
    const at = id.indexOf('@');
    branchLabel = id.slice(0, at);
    id = id.slice(at + 1);
  }
  if (id === 'heads') {
    if (branchLabel) return [filterForLineage(map, map.heads, branchLabel).map(idOf), branchLabel];
    return [[...map.realHeads], branchLabel];
  }
  if (id === 'head') {
    const head = getCurrentHead(map, branchLabel);
    return [head ? [head] : [], branchLabel];
  }
  if (id === 'base' || id === null) return [[], branchLabel];
  return [typeof id === 'string' ? [id] : [...id], branchLabel];
}

function idOf(target: string | Revision): string {
  return typeof target === 'string' ? target : target.id;
}

export function getCurrentHead(map: RevisionMap, branchLabel: string | null): string | null {
  let heads: string[] = map.heads;
  if (branchLabel) heads = filterForLineage(map, heads, branchLabel).map(idOf);
  if (heads.length > 1) {
    const argument = branchLabel ? `${branchLabel}@head` : 'head';
    fail('multiple-heads', `Multiple heads are present for given argument '${argument}'; ${heads.join(', ')}`, {
      heads,
      argument,
    });
  }
  return heads[0] ?? null;
}

/** Alembic's `get_revisions`. */
export function getRevisions(map: RevisionMap, identifier: Identifier): Target[] {
  if (identifier !== null && typeof identifier !== 'string') {
    return identifier.flatMap((element) => getRevisions(map, element));
  }
  const [resolved, branchLabel] = resolveRevisionNumber(map, identifier);
  if (resolved.length === 1) {
    const steps = pythonInt(resolved[0]);
    if (steps !== undefined && steps < 0) {
      // `-N` / `label@-N`: walk down from each (real) head.
      let heads = getRevisions(map, 'heads');
      if (branchLabel !== null) {
        heads = heads.filter((head) => head instanceof Revision && head.hasInheritedLabel(branchLabel));
      }
      return heads.map((head) => walk(map, head, steps));
    }
  }
  return resolved.map((id) => revisionForIdent(map, id, branchLabel));
}

/** Alembic's `get_revision`. */
export function getRevision(map: RevisionMap, identifier: string | null): Target {
  const [resolved, branchLabel] = resolveRevisionNumber(map, identifier);
  if (resolved.length > 1) {
    const argument = identifier ?? 'None';
    fail('multiple-heads', `Multiple heads are present for given argument '${argument}'; ${resolved.join(', ')}`, {
      heads: resolved,
      argument,
    });
  }
  return revisionForIdent(map, resolved[0] ?? null, branchLabel);
}

/** Alembic's `_resolve_branch`: a label, or any identifier that names a revision. */
export function resolveBranch(map: RevisionMap, branchLabel: string): Revision | null {
  const direct = map.lookupSymbol(branchLabel);
  if (direct) return direct;
  try {
    const found = revisionForIdent(map, branchLabel, null);
    return found instanceof Revision ? found : null;
  } catch (error) {
    if (error instanceof GraphFailure && error.error.kind === 'resolution') {
      return fail('resolution', `No such branch: '${branchLabel}'`, { argument: branchLabel });
    }
    throw error;
  }
}

/** Alembic's `_revision_for_ident`: exact id or label, else a unique partial id. */
export function revisionForIdent(map: RevisionMap, resolvedId: string | null, checkBranch: string | null = null): Target {
  const branchRevision = checkBranch ? resolveBranch(map, checkBranch) : null;
  let revision: Revision | null = null;
  if (resolvedId !== null) {
    const exact = map.lookupSymbol(resolvedId);
    if (exact) {
      revision = exact;
    } else {
      // Alembic's candidates are the keys of its map: ids first, then branch labels.
      let candidates = [...map.byId.keys(), ...map.labels.keys()].filter(
        (key) => key.length > 3 && key.startsWith(resolvedId),
      );
      if (branchRevision && checkBranch) candidates = filterForLineage(map, candidates, checkBranch).map(idOf);
      if (candidates.length === 0) {
        const hint =
          resolvedId.length < 4
            ? '; please ensure at least four characters are present for partial revision identifier matches'
            : '';
        fail('resolution', `No such revision or branch '${resolvedId}'${hint}`, { argument: resolvedId });
      }
      if (candidates.length > 1) {
        const listed = candidates
          .slice(0, 3)
          .map((c) => `'${c}'`)
          .join(', ');
        fail('resolution', `Multiple revisions start with '${resolvedId}': ${listed}...`, { argument: resolvedId });
      }
      revision = map.lookupSymbol(candidates[0])!;
    }
  }
  if (checkBranch && revision && branchRevision && resolvedId !== null) {
    if (!sharesLineage(map, revision, [branchRevision.id])) {
      fail('resolution', `Revision ${revision.id} is not a member of branch '${checkBranch}'`, { argument: resolvedId });
    }
  }
  return revision;
}

/** Alembic's `filter_for_lineage`. */
export function filterForLineage<T extends string | Revision>(
  map: RevisionMap,
  targets: readonly T[],
  checkAgainst: string | null,
  includeDependencies = false,
): T[] {
  const [ids, branchLabel] = resolveRevisionNumber(map, checkAgainst);
  const shares: string[] = [];
  if (branchLabel) shares.push(branchLabel);
  shares.push(...ids);
  return targets.filter((target) => sharesLineage(map, target, shares, includeDependencies));
}

/** Alembic's `_shares_lineage`: is any of `testAgainst` above or below `target`? */
export function sharesLineage(
  map: RevisionMap,
  target: string | Revision,
  testAgainst: readonly (string | Revision)[],
  includeDependencies = false,
): boolean {
  if (testAgainst.length === 0) return true;
  const resolvedTarget = typeof target === 'string' ? revisionForIdent(map, target) : target;
  if (!(resolvedTarget instanceof Revision)) return false;
  const against = new Set<Revision>();
  for (const entry of testAgainst) {
    const found = typeof entry === 'string' ? revisionForIdent(map, entry) : entry;
    if (found instanceof Revision) against.add(found);
  }
  const lookup = lookupFor(map);
  const options = { includeDependencies };
  for (const revision of descendants(lookup, [resolvedTarget], options)) if (against.has(revision)) return true;
  for (const revision of ancestors(lookup, [resolvedTarget], options)) if (against.has(revision)) return true;
  return false;
}

/**
 * Alembic's `_walk`: `steps` up (> 0) or down (< 0). Walking past the end gives null when
 * `noOverwalk`, else stays at the last revision reached; several choices fail "Ambiguous walk".
 */
export function walk(map: RevisionMap, start: string | Target, steps: number, branchLabel: string | null = null, noOverwalk = true): Target {
  // As in Alembic, any string (the 'base' marker too) goes through get_revision ('base' gives null).
  let current: Target = typeof start === 'string' ? getRevision(map, start) : start;
  for (let i = 0; i < Math.abs(steps); i++) {
    let children: Target[];
    if (steps > 0) {
      const from = current === null || current === 'base' ? map.bases : current.children;
      const up = getRevisions(map, from).filter((r): r is Revision => r instanceof Revision);
      children = branchLabel ? filterForLineage(map, up, branchLabel) : up;
    } else if (current === 'base') {
      children = [];
    } else {
      children = getRevisions(map, current === null ? map.heads : current.downRevisions);
      if (children.length === 0) children = ['base'];
    }
    if (children.length === 0) return noOverwalk ? null : current;
    if (children.length > 1) fail('revision', 'Ambiguous walk');
    current = children[0];
  }
  return current;
}
