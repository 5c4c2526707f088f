/**
 * A DROP CONSTRAINT (without IF EXISTS) of a named constraint an earlier statement of the history
 * already dropped: PostgreSQL refuses it (42704) and the deploy fails there. The mirror of
 * object-already-exists for constraints, and as careful: the replay must have known the constraint
 * was there when it was dropped (added by that name, or made in a table whose every change it
 * followed), nothing it could not follow may have run since (raw SQL that might add it again), the
 * table must be the same one (not made again under its name), and the drop must be one this
 * migration runs after (its own statements above, or an ancestor's; not a sibling branch's).
 */
import type { LintRule } from '../types';
import { quoted } from './shared/describe';
import { ranBefore } from './shared/ranBefore';

export const unknownConstraint: LintRule = {
  code: 'unknown-constraint',
  defaultSeverity: 'warning',
  title: 'Constraint does not exist at this revision',
  actionKinds: ['dropConstraint'],
  checkAction(action, context) {
    if (action.kind !== 'dropConstraint' || action.ifExists || action.mayNotRun) return;
    const gone = context.schema.constraintGone(action.table, action.name);
    if (!gone || !ranBefore(gone.removedIn, context)) return;
    const revision = context.migration.revision;
    const by =
      gone.removedIn === revision
        ? 'this upgrade() dropped it above'
        : gone.removedIn === `${revision} (downgrade)`
          ? 'this downgrade() dropped it above'
          : `revision ${gone.removedIn.replace(/ \(downgrade\)$/, '')} dropped it`;
    context.report(
      action.range,
      `constraint ${quoted(action.name)} on ${quoted(action.table)} does not exist at this revision (${by}, and nothing since made it again): PostgreSQL refuses the DROP CONSTRAINT (error 42704) and the deploy fails; leave this drop_constraint out, or pass if_exists=True`,
    );
  },
};
