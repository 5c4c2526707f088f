/**
 * Turns the server's `alembic/graph` answer and the client's database states into what the
 * webview draws: plain rows without file paths, each with its applied / pending / current mark.
 */
import type { DatabaseState, GraphResult } from '../../../server/src/protocol';
import type { DatabaseMark, GraphViewModel } from './messages';

/** Where a revision stands in a database (the same marks as the revision tree). */
export function databaseMarkOf(revisionId: string, database: DatabaseState | undefined): DatabaseMark | undefined {
  if (!database?.ok) return undefined;
  if (database.current.includes(revisionId)) return 'current';
  return database.applied.includes(revisionId) ? 'applied' : 'pending';
}

/**
 * `relativePath` shortens a config file's path for the environment's heading (several
 * environments often share the section name `alembic`).
 */
export function graphViewModel(result: GraphResult, databaseOf: (environmentId: string) => DatabaseState | undefined, relativePath: (file: string) => string = (file) => file): GraphViewModel {
  const environments = result.environments.map((environment) => {
    const database = databaseOf(environment.id);
    return {
      id: environment.id,
      name: `${environment.name} · ${relativePath(environment.configFile)}`,
      laneCount: environment.laneCount,
      heads: environment.heads,
      problemCount: environment.problemCount,
      database: database ? `${database.connection}: ${database.ok ? database.current.join(', ') || 'empty (base)' : (database.message ?? 'unknown')}` : undefined,
      rows: environment.revisions.map((revision) => ({
        id: revision.id,
        environmentId: environment.id,
        message: revision.message,
        labels: revision.labels,
        lane: revision.lane,
        color: revision.color,
        through: revision.through,
        incoming: revision.incoming,
        outgoing: revision.outgoing,
        jumpsOut: revision.jumpsOut,
        jumpsIn: revision.jumpsIn,
        upwardEdges: revision.upwardEdges,
        head: revision.markers.head,
        base: revision.markers.base,
        branchpoint: revision.markers.branchpoint,
        mergepoint: revision.markers.mergepoint,
        problemCount: revision.problemCount,
        database: databaseMarkOf(revision.id, database),
      })),
    };
  });
  const message = environments.length === 0 ? (result.indexing ? 'Indexing Alembic migrations…' : 'No Alembic environment found in this workspace.') : undefined;
  return { environments, indexing: result.indexing, message };
}
