/**
 * `alembic/graph`: the revision graph view's rows. The lane layout is computed here, once per
 * request, by the core (graph/layout.ts), so the webview only draws the rows on screen.
 */
import { layoutLanes, type LayoutRevision } from '../graph/layout';
import type { Environment } from '../project/types';
import type { GraphEnvironment, GraphParams, GraphResult, GraphRevision } from '../protocol';
import { graphFacts } from './graph';
import { definitionRange } from './navigation';
import type { Session } from './session';
import { problemCountsByFile } from './tree';
import { pathToUri } from './uri';

export function graphEnvironment(env: Environment): GraphEnvironment {
  const facts = graphFacts(env);
  const counts = problemCountsByFile(env);
  const inputs: LayoutRevision[] = facts.order.map((id) => ({
    id,
    parents: facts.byId.get(id)!.downRevisions,
    // Resolved ids (labels and partial ids as written would name no row).
    dependencies: env.graph.get(id)?.dependsOn ?? [],
  }));
  const layout = layoutLanes(inputs);
  const upwardByRow = new Map<number, string[]>();
  for (const edge of layout.upward) upwardByRow.set(edge.from, [...(upwardByRow.get(edge.from) ?? []), inputs[edge.to].id]);
  const revisions: GraphRevision[] = inputs.map((input, row) => {
    const revision = facts.byId.get(input.id)!;
    const lanes = layout.rows[row];
    return {
      id: input.id,
      message: revision.message,
      file: revision.file,
      uri: pathToUri(revision.file),
      line: definitionRange(revision).start.line,
      labels: revision.branchLabels,
      downRevisions: revision.downRevisions,
      dependsOn: [...input.dependencies],
      markers: { ...revision.markers },
      problemCount: counts.get(revision.file) ?? 0,
      lane: lanes.lane,
      color: lanes.color,
      through: lanes.through,
      incoming: lanes.incoming,
      outgoing: lanes.outgoing,
      jumpsOut: lanes.jumpsOut.map((target) => inputs[target].id),
      jumpsIn: lanes.jumpsIn.map((source) => inputs[source].id),
      upwardEdges: upwardByRow.get(row) ?? [],
    };
  });
  return {
    id: env.config.id,
    name: env.config.name,
    configFile: env.config.configFile,
    heads: facts.heads,
    bases: facts.bases,
    laneCount: layout.laneCount,
    revisions,
    problemCount: env.problems.length,
  };
}

export function graph(session: Session, params: GraphParams | undefined): GraphResult {
  const environments = (session.index?.environments ?? []).filter((env) => !params?.environmentId || env.config.id === params.environmentId);
  return { environments: environments.map(graphEnvironment), indexing: session.state === 'indexing' };
}
