/**
 * A migration without `downgrade()`: `alembic downgrade` past it fails.
 */
import type { LintRule } from '../types';

export const missingDowngrade: LintRule = {
  code: 'missing-downgrade',
  defaultSeverity: 'warning',
  title: 'Migration has no downgrade() function',
  checkMigration(context) {
    const { upgrade, downgrade } = context.migration;
    if (downgrade || !upgrade) return;
    context.report(upgrade.nameRange, 'this migration has no downgrade() function: `alembic downgrade` past it fails; write one, or one that raises NotImplementedError on purpose');
  },
};
