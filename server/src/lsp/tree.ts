/** `alembic/tree` and `alembic/status`: the sidebar tree and the status bar summary. */
import type { Environment } from '../project/types';
import type { EnvironmentStatus, StatusResult, TreeEnvironment, TreeParams, TreeResult, TreeRevision } from '../protocol';
import { graphFacts } from './graph';
import { definitionRange } from './navigation';
import type { Session } from './session';
import { pathToUri } from './uri';

function problemCountsByFile(env: Environment): Map<string, number> {
  const counts = new Map<string, number>();
  for (const problem of env.problems) counts.set(problem.file, (counts.get(problem.file) ?? 0) + 1);
  return counts;
}

export function treeEnvironment(env: Environment): TreeEnvironment {
  const facts = graphFacts(env);
  const counts = problemCountsByFile(env);
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
