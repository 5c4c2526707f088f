/** `alembic/previewSql`: find the revision (by file or id) and ask the engine for its offline SQL. */
import type { Environment } from '../project/types';
import type { PreviewSqlParams, PreviewSqlResult } from '../protocol';
import { previewSql } from './engine';
import { graphFacts, resolveRevision, revisionIdOf } from './graph';
import type { Session } from './session';
import { uriToPath } from './uri';

function locate(session: Session, params: PreviewSqlParams): { env: Environment; revisionId: string } | string {
  if (params.uri) {
    const file = uriToPath(params.uri);
    const found = file ? session.migrationFile(file) : undefined;
    if (!found) return `${params.uri} is not a migration file of any Alembic environment`;
    const revisionId = revisionIdOf(found.env, found.migration);
    if (!revisionId) return `${params.uri} declares no revision id`;
    return { env: found.env, revisionId };
  }
  if (!params.revisionId) return 'previewSql needs a uri or a revisionId';
  const environments = (session.index?.environments ?? []).filter((env) => !params.environmentId || env.config.id === params.environmentId);
  for (const env of environments) {
    const revision = resolveRevision(graphFacts(env), params.revisionId);
    if (revision) return { env, revisionId: revision.id };
  }
  return `unknown revision ${params.revisionId}`;
}

export function previewRequest(session: Session, params: PreviewSqlParams): PreviewSqlResult {
  const direction = params.direction === 'downgrade' ? 'downgrade' : 'upgrade';
  const located = locate(session, params);
  if (typeof located === 'string') return { sql: '', direction, revisionId: params.revisionId, environmentId: params.environmentId, warnings: [located] };
  return { ...previewSql(session.index!, located.env, located.revisionId, direction), environmentId: located.env.config.id };
}
