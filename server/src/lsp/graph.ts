/**
 * The facts about revisions the editor features show (parents, children, labels, markers,
 * history order), gathered from an environment's files and its RevisionMap into one plain
 * shape, so handlers never depend on the graph layer's internals.
 */
import type { Environment, MigrationFile } from '../project/types';
import { literalStrings } from '../python/headerTypes';
import type { RevisionMarkers } from '../protocol';

export interface RevisionFacts {
  id: string;
  file: string;
  migration: MigrationFile;
  downRevisions: string[];
  dependsOn: string[];
  /** Labels this revision declares. */
  branchLabels: string[];
  message: string;
  createDate?: string;
  children: string[];
  markers: RevisionMarkers;
}

export interface GraphFacts {
  env: Environment;
  byId: Map<string, RevisionFacts>;
  heads: string[];
  bases: string[];
  /** History order: heads first, bases last. */
  order: string[];
}

/** Keyed by the graph object: the index builds a new RevisionMap whenever an environment changes. */
const cache = new WeakMap<object, GraphFacts>();

export function revisionIdOf(migration: MigrationFile): string | undefined {
  const ids = literalStrings(migration.header.revision);
  return ids[0] ?? migration.header.revisionFromFileName;
}

/** Facts of every revision in an environment (cached per graph build). */
export function graphFacts(env: Environment): GraphFacts {
  const cached = cache.get(env.graph);
  if (cached && cached.env === env) return cached;
  const graph = env.graph;
  const byId = new Map<string, RevisionFacts>();
  for (const revision of graph.revisions()) {
    const file = revision.key || revision.path || env.fileOf(revision.id);
    const migration = file ? env.files.get(file) : undefined;
    if (!file || !migration) continue;
    const header = migration.header;
    byId.set(revision.id, {
      id: revision.id,
      file,
      migration,
      downRevisions: [...revision.downRevisions],
      dependsOn: [...revision.dependsOnAsWritten],
      branchLabels: [...revision.branchLabels],
      message: header.docstring?.message ?? revision.message ?? '',
      createDate: header.docstring?.createDate?.value ?? revision.createDate,
      children: [...revision.children],
      markers: { head: revision.isHead, base: revision.isBase, branchpoint: revision.isBranchPoint, mergepoint: revision.isMergePoint },
    });
  }
  const heads = [...new Set(graph.heads)].filter((id) => byId.has(id));
  const bases = [...new Set(graph.bases)].filter((id) => byId.has(id));
  const facts: GraphFacts = { env, byId, heads, bases, order: historyOrder(env, byId, heads) };
  cache.set(env.graph, facts);
  return facts;
}

/** Alembic's `history` order when the graph can walk it; a parents-after-children walk otherwise (cycles, missing parents). */
function historyOrder(env: Environment, byId: Map<string, RevisionFacts>, heads: string[]): string[] {
  try {
    const walked = env.graph.walkRevisions();
    if (walked.ok) {
      const order = [...new Set(walked.value.map((revision) => revision.id))].filter((id) => byId.has(id));
      const seen = new Set(order);
      // Revisions the walk cannot reach (broken branches) still belong in the tree.
      for (const id of fallbackOrder(byId, heads)) if (!seen.has(id)) order.push(id);
      return order;
    }
  } catch {
    // fall through to the local walk
  }
  return fallbackOrder(byId, heads);
}

function fallbackOrder(byId: Map<string, RevisionFacts>, heads: string[]): string[] {
  const remainingChildren = new Map<string, number>();
  for (const facts of byId.values()) remainingChildren.set(facts.id, facts.children.filter((child) => byId.has(child)).length);
  const order: string[] = [];
  const emitted = new Set<string>();
  const stack = [...heads].reverse();
  for (const facts of byId.values()) if (facts.children.length === 0 && !heads.includes(facts.id)) stack.unshift(facts.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (emitted.has(id)) continue;
    const facts = byId.get(id);
    if (!facts) continue;
    emitted.add(id);
    order.push(id);
    for (const parent of [...facts.downRevisions].reverse()) {
      const left = (remainingChildren.get(parent) ?? 1) - 1;
      remainingChildren.set(parent, left);
      if (left <= 0) stack.push(parent);
    }
  }
  // Cycles leave members unreached; list them anyway so the tree shows every revision.
  for (const id of byId.keys()) if (!emitted.has(id)) order.push(id);
  return order;
}

/** Resolves a revision id as written (full id, unique prefix, or branch label) to a revision. */
export function resolveRevision(facts: GraphFacts, text: string): RevisionFacts | undefined {
  const exact = facts.byId.get(text);
  if (exact) return exact;
  const bare = text.includes('@') ? text.slice(text.indexOf('@') + 1) : text;
  const byBare = facts.byId.get(bare);
  if (byBare) return byBare;
  const viaGraph = facts.env.graph.lookupSymbol(text);
  if (viaGraph && facts.byId.has(viaGraph.id)) return facts.byId.get(viaGraph.id);
  for (const revision of facts.byId.values()) if (revision.branchLabels.includes(text)) return revision;
  if (bare.length >= 4) {
    const matches = [...facts.byId.keys()].filter((id) => id.startsWith(bare));
    if (matches.length === 1) return facts.byId.get(matches[0]);
  }
  return undefined;
}
