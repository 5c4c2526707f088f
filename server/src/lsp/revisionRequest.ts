/** Dispatches `alembic/createRevision`: the template renderer, or Alembic's autogenerate when asked. */
import type { CreateRevisionParams, CreateRevisionResult } from '../protocol';
import { autogenerateRevision } from './autogenerateRevision';
import { createRevision } from './createRevision';
import type { OnlineService } from './online/onlineService';
import type { Session } from './session';

export async function createRevisionRequest(session: Session, params: CreateRevisionParams, online: OnlineService): Promise<CreateRevisionResult> {
  if (params?.autogenerate) return autogenerateRevision(session, params, online);
  return createRevision(session, params);
}
