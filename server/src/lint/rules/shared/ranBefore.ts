/**
 * Whether what a replayed revision did (removed a table or a column, created a table) is certain
 * to have happened before the migration being checked. The replay is one line through a history
 * that may branch: a revision on a sibling branch is replayed earlier, but its upgrade may run
 * after this one, or never (aiida keeps two alternative branches in one history). Only the
 * migration itself and its ancestors (along down_revision and depends_on) count.
 */
import type { RuleContext } from '../../types';

/** `by`: a revision, or `<revision> (downgrade)` while a downgrade is tried; undefined: not known. */
export function ranBefore(by: string | undefined, context: RuleContext): boolean {
  const revision = context.migration.revision;
  if (by === undefined || !context.isAncestor) return true;
  if (by === revision || by === `${revision} (downgrade)`) return true;
  return context.isAncestor(by, revision);
}
