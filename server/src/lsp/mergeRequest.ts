/** `alembic/createMergeRevision` (and the server-side merge command): plan the file, then apply or write it. */
import type { CreateMergeRevisionParams, CreateMergeRevisionResult, ProtocolWorkspaceEdit } from '../protocol';
import { mergeHeadsOf } from './codeActions';
import { mergeRevisionEdit, writeMergeRevision } from './mergeRevision';
import { planMergeRevision } from '../project/authoring/mergePlan';
import { AuthoringError } from '../project/authoring/newRevision';
import type { Session } from './session';
import { pathToUri } from './uri';

export async function createMergeRevision(
  session: Session,
  params: CreateMergeRevisionParams,
  applyEdit: ((edit: ProtocolWorkspaceEdit) => Promise<boolean>) | undefined,
): Promise<CreateMergeRevisionResult | null> {
  const env = session.environmentById(params.environmentId);
  if (!env) {
    session.logger.warn(`[alembic-lens] createMergeRevision: unknown environment ${params.environmentId}`);
    return null;
  }
  const heads = params.heads && params.heads.length > 0 ? params.heads : mergeHeadsOf(env);
  if (heads.length < 2) {
    session.logger.warn(`[alembic-lens] createMergeRevision: nothing to merge in ${params.environmentId}`);
    return null;
  }
  let plan;
  try {
    plan = planMergeRevision(env, heads, params.message || 'merge heads');
  } catch (error) {
    if (!(error instanceof AuthoringError)) throw error;
    session.logger.warn(`[alembic-lens] createMergeRevision: ${error.message}`);
    return null;
  }
  const edit = mergeRevisionEdit(plan);
  let applied = false;
  if (params.apply !== false) {
    if (applyEdit) applied = await applyEdit(edit);
    else {
      applied = writeMergeRevision(plan);
      if (applied) session.fileChangedOnDisk(plan.file);
    }
  }
  return { file: plan.file, uri: pathToUri(plan.file), revisionId: plan.revisionId, content: plan.content, edit, applied };
}
