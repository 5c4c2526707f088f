/**
 * The Alembic command and target behind each database action on a revision. No `vscode` import:
 * the db-tier differential test (test/db/online-merge-parent.test.ts) runs these very targets
 * through the real Alembic 1.20.
 */
import type { RunCommand } from '../../../server/src/protocol';
import type { OnlineActionName } from './onlineActionName';

export function actionTarget(action: OnlineActionName, revision: { id: string; downRevisions: readonly string[] }): { command: RunCommand; target: string; dryRun: boolean } {
  switch (action) {
    case 'upgrade':
      return { command: 'upgrade', target: revision.id, dryRun: false };
    case 'dryRun':
      return { command: 'upgrade', target: revision.id, dryRun: true };
    case 'stamp':
      return { command: 'stamp', target: revision.id, dryRun: false };
    case 'downgrade': {
      const parents = revision.downRevisions;
      if (parents.length === 0) return { command: 'downgrade', target: 'base', dryRun: false };
      // A merge point: Alembic refuses `M-1` (and `-1`) there as an "Ambiguous walk"; `downgrade`
      // to any one parent undoes only the merge and leaves every parent applied (measured with
      // Alembic 1.20: `downgrade A` from merge M of A and B runs "downgrade M -> A, B" and leaves
      // rows A and B). So the first parent serves for one parent and for several.
      return { command: 'downgrade', target: parents[0], dryRun: false };
    }
  }
}
