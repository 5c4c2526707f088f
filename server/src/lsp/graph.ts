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

/** Above this many revisions the ancestor bitsets (n²/8 bytes) cost too much memory; sets are used instead. */
const BITSET_LIMIT = 20000;

/**
 * "Is `a` an ancestor-or-self of `b`" for every pair, as one bitset per revision, built parents
 * first in one pass: ancestors(x) = {x} ∪ ancestors(each parent). Cycles contribute nothing.
 */
function ancestorBitsets(ids: string[], parentsOf: (id: string) => readonly string[]): (a: string, b: string) => boolean {
  const position = new Map(ids.map((id, index) => [id, index]));
  const words = (ids.length + 31) >>> 5;
  const bits = new Uint32Array(ids.length * words);
  const state = new Uint8Array(ids.length); // 0 new, 1 on the stack, 2 done
  for (let root = 0; root < ids.length; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const parents = parentsOf(ids[frame[0]]);
      if (frame[1] < parents.length) {
        const parent = position.get(parents[frame[1]++]);
        if (parent !== undefined && state[parent] === 0) {
          state[parent] = 1;
          stack.push([parent, 0]);
        }
        continue;
      }
      stack.pop();
      const node = frame[0];
      const base = node * words;
      bits[base + (node >>> 5)] |= 1 << (node & 31);
      for (const parentId of parents) {
        const parent = position.get(parentId);
        if (parent === undefined || state[parent] !== 2) continue;
        const from = parent * words;
        for (let w = 0; w < words; w++) bits[base + w] |= bits[from + w];
      }
      state[node] = 2;
    }
  }
  return (a, b) => {
    const ai = position.get(a);
    const bi = position.get(b);
    if (ai === undefined || bi === undefined) return false;
    return (bits[bi * words + (ai >>> 5)] & (1 << (ai & 31))) !== 0;
  };
}

function ancestorSets(parentsOf: (id: string) => readonly string[], known: (id: string) => boolean): (a: string, b: string) => boolean {
  const memo = new Map<string, Set<string>>();
  return (a, b) => {
    let set = memo.get(b);
    if (!set) {
      set = new Set<string>();
      const stack = [b];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (set.has(id) || !known(id)) continue;
        set.add(id);
        for (const parent of parentsOf(id)) stack.push(parent);
      }
      memo.set(b, set);
    }
    return set.has(a);
  };
}

/**
 * Alembic's `history` order (`walk_revisions()`: heads first), by Alembic's `_topological_sort`
 * rule: keep walking down the current head's line until the candidate is an ancestor of another
 * pending head, then switch to that head. Alembic's per-head ancestor sets always equal the
 * ancestors of the head's current position, so one precomputed ancestor relation answers every
 * check; this keeps the walk fast on 10,000 revisions with many merges and dependencies.
 * Revisions it cannot reach (cycles, broken parents) follow in a parents-after-children walk.
 */
function historyOrder(env: Environment, byId: Map<string, RevisionFacts>, heads: string[]): string[] {
  const graph = env.graph;
  const parentCache = new Map<string, readonly string[]>();
  const parentsOf = (id: string): readonly string[] => {
    let parents = parentCache.get(id);
    if (!parents) {
      parents = graph.get(id)?.normalizedDownRevisions ?? byId.get(id)?.downRevisions ?? [];
      parentCache.set(id, parents);
    }
    return parents;
  };
  const ids = [...byId.keys()];
  const isAncestor = ids.length <= BITSET_LIMIT ? ancestorBitsets(ids, parentsOf) : ancestorSets(parentsOf, (id) => byId.has(id));
  const todo = new Set(ids);
  const insertion = new Map(ids.map((id, position) => [id, position]));
  const current = [...new Set(heads)].filter((id) => todo.has(id)).sort((a, b) => insertion.get(a)! - insertion.get(b)!);
  const output: string[] = [];
  let index = 0;
  let guard = ids.length * 4 + 16;
  while (current.length > 0 && guard-- > 0) {
    const candidate = current[index];
    const blocker = current.findIndex((head, other) => other !== index && isAncestor(candidate, head));
    if (blocker >= 0) {
      index = blocker;
      continue;
    }
    if (todo.delete(candidate)) output.push(candidate);
    const toAdd = parentsOf(candidate).filter((id) => todo.has(id) && !current.includes(id));
    if (toAdd.length === 0) {
      current.splice(index, 1);
      index = Math.max(index - 1, 0);
    } else {
      current[index] = toAdd[0];
      current.push(...toAdd.slice(1));
    }
  }
  if (todo.size > 0) for (const id of fallbackOrder(byId, heads)) if (todo.has(id)) output.push(id);
  return output;
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
