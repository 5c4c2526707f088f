/** Dispatches `alembic/createRevision`: the template renderer, or Alembic's autogenerate when asked. */
import type { CreateRevisionParams, CreateRevisionResult } from '../protocol';
import { createRevision, refusal } from './createRevision';
import type { Session } from './session';

export async function createRevisionRequest(session: Session, params: CreateRevisionParams): Promise<CreateRevisionResult> {
  if (params?.autogenerate) return refusal('Autogenerate is not available in this server yet', 'autogenerate-failed');
  return createRevision(session, params);
}
