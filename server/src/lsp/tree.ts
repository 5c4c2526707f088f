/** `alembic/tree` and `alembic/status`: the sidebar tree and the status bar summary. */
import type { Environment } from '../project/types';
import type { EnvironmentStatus, StatusResult, TreeEnvironment, TreeParams, TreeResult, TreeRevision } from '../protocol';
import { graphFacts } from './graph';
import { definitionRange } from './navigation';
import type { Session } from './session';
import { pathToUri } from './uri';

/**
 * Errors and warnings per file: what puts a problem icon on a revision. Information (the
 * multiple-heads note on deliberately labelled branches, as in expand/contract histories) is
 * not a problem to flag in the tree or the graph view; it stays in the Problems panel.
 */
export function problemCountsByFile(env: Environment): Map<string, number> {
  const counts = new Map<string, number>();
  for (const problem of env.problems) {
    if (problem.severity === 'error' || problem.severity === 'warning') counts.set(problem.file, (counts.get(problem.file) ?? 0) + 1);
  }
  return counts;
}

/**
 * The base each revision descends from through its first parent: the tree groups unlabelled
 * revisions by it, so independent roots (or a trunk shared by labelled branches) stay apart.
 * History order puts children before parents, so walking it backwards meets parents first.
 */
function rootsOf(order: readonly string[], firstParent: (id: string) => string | undefined): Map<string, string> {
  const roots = new Map<string, string>();
  for (let position = order.length - 1; position >= 0; position--) {
    const id = order[position];
    let parent = firstParent(id);
    // A parent not yet seen (a cycle, a missing file) is followed by hand, with a bound.
    const visited = new Set([id]);
    while (parent !== undefined && !roots.has(parent) && !visited.has(parent)) {
      visited.add(parent);
      const next = firstParent(parent);
      if (next === undefined) break;
      parent = next;
    }
    roots.set(id, parent === undefined ? id : (roots.get(parent) ?? parent));
  }
  return roots;
}

export function treeEnvironment(env: Environment): TreeEnvironment {
  const facts = graphFacts(env);
  const counts = problemCountsByFile(env);
  const roots = rootsOf(facts.order, (id) => facts.byId.get(id)?.downRevisions.find((parent) => facts.byId.has(parent)));
  const revisions: TreeRevision[] = facts.order.map((id) => {
    const revision = facts.byId.get(id)!;
    return {
      id,
      message: revision.message,
      createDate: revision.createDate,
      file: revision.file,
      uri: pathToUri(revision.file),
      line: definitionRange(revision).start.line,
      labels: revision.branchLabels,
      branches: env.graph.get(id)?.allBranchLabels ?? revision.branchLabels,
      root: roots.get(id) ?? id,
      downRevisions: revision.downRevisions,
      dependsOn: revision.dependsOn,
      children: revision.children,
      markers: { ...revision.markers },
      problemCount: counts.get(revision.file) ?? 0,
    };
  });
  return {
    id: env.config.id,
    name: env.config.name,
    configFile: env.config.configFile,
    configUri: pathToUri(env.config.configFile),
    scriptLocation: env.config.scriptLocation,
    heads: facts.heads,
    bases: facts.bases,
    revisions,
    problemCount: env.problems.length,
  };
}

export function tree(session: Session, params: TreeParams | undefined): TreeResult {
  const environments = (session.index?.environments ?? []).filter((env) => !params?.environmentId || env.config.id === params.environmentId);
  return { environments: environments.map(treeEnvironment), indexing: session.state === 'indexing' };
}

export function status(session: Session): StatusResult {
  const environments: EnvironmentStatus[] = (session.index?.environments ?? []).map((env) => {
    const facts = graphFacts(env);
    return { id: env.config.id, name: env.config.name, configFile: env.config.configFile, heads: facts.heads, revisionCount: facts.byId.size, problemCount: env.problems.length };
  });
  return { state: session.state, environments, workspaceProblemCount: session.index?.workspaceProblems.length ?? 0 };
}
