/**
 * The facts about revisions the editor features show (parents, children, labels, markers,
 * history order), gathered from an environment's files and its RevisionMap into one plain
 * shape, so handlers never depend on the graph layer's internals.
 */
import type { Environment, MigrationFile } from '../project/types';
import type { RevisionMarkers } from '../protocol';
import { historyOrder } from '../graph/history';

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
  /** Migration file path -> the id of the record built from it (every copy of a duplicate id). */
  idByFile: Map<string, string>;
  /** `alembic history` order (graph/history.ts): heads first, bases last. */
  order: string[];
}

/** Keyed by the graph object: the index builds a new RevisionMap whenever an environment changes. */
const cache = new WeakMap<object, GraphFacts>();

/**
 * The revision id the index's graph has for a migration file (graph record keys are file paths),
 * undefined when the file gives no record; shadowed duplicates keep their id.
 */
export function revisionIdOf(env: Environment, migration: MigrationFile): string | undefined {
  return graphFacts(env).idByFile.get(migration.path);
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
  const idByFile = new Map(graph.all.map((revision) => [revision.key, revision.id]));
  const facts: GraphFacts = { env, byId, idByFile, heads, bases, order: historyOrder(graph).filter((id) => byId.has(id)) };
  cache.set(env.graph, facts);
  return facts;
}

/**
 * Resolves a revision identifier as written (full id, unique partial id, branch label,
 * `label@id`, `head`) with Alembic's `get_revision` (graph/resolve.ts), so the editor resolves
 * exactly what Alembic would; undefined when Alembic would not find one revision.
 */
export function resolveRevision(facts: GraphFacts, text: string): RevisionFacts | undefined {
  const found = facts.env.graph.resolveOne(text);
  return found.ok && found.value ? facts.byId.get(found.value.id) : undefined;
}
