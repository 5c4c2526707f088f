/**
 * The Alembic configuration as a migration reads it: `get_main_option` / `get_section_option`
 * answer from the migration's alembic.ini, env.py that sets options makes them unknown, a
 * migration no ini names stays opaque, and `__name__` is the module name Alembic gives the file.
 * Real-Alembic parity of the ckan idiom is in the corpus tier (ckan, ckan-legacy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { workspaceWith } from '../../support/workspaceFolder';

function workspace(files: Record<string, string>): string {
  return workspaceWith('lens-config-', files);
}

const MIGRATION = `from alembic import op, context


def upgrade():
    config = op.get_context().config
    op.execute("SELECT '%s'" % config.get_main_option("flavour"))
    op.execute("SELECT '%s'" % config.get_main_option("missing", "fallback"))
    op.execute("SELECT '%s'" % context.config.get_section_option("extra", "colour"))
    op.execute("SELECT '%s'" % __name__)
`;

function sqlOf(steps: Step[]): string[] {
  return steps.map((step) => (step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql : `opaque: ${step.kind === 'opaque' ? step.reason : step.kind}`));
}

test('options come from the alembic.ini whose script_location holds the migration', () => {
  const root = workspace({
    'alembic.ini': '[alembic]\nscript_location = %(here)s/migrations\nflavour = vanilla\n\n[extra]\ncolour = blue\n',
    'migrations/env.py': 'from alembic import context\n',
    'migrations/versions/005_add-tables.py': MIGRATION,
  });
  const file = path.join(root, 'migrations', 'versions', '005_add-tables.py');
  const result = interpretMigration(file, MIGRATION);
  assert.deepEqual(sqlOf(result.upgrade!.steps), ["SELECT 'vanilla'", "SELECT 'fallback'", "SELECT 'blue'", "SELECT '005_add_tables_py'"]);
  assert.ok((result.dependencies ?? []).some((dependency) => dependency.path === path.join(root, 'alembic.ini')), 'the ini is a dependency of the result');
});

test('an env.py that sets options at run time makes them unknown, with that reason', () => {
  const root = workspace({
    'alembic.ini': '[alembic]\nscript_location = migrations\nflavour = vanilla\n',
    'migrations/env.py': 'from alembic import context\ncontext.config.set_main_option("flavour", "mint")\n',
    'migrations/versions/a1.py': MIGRATION,
  });
  const result = interpretMigration(path.join(root, 'migrations', 'versions', 'a1.py'), MIGRATION);
  assert.match(sqlOf(result.upgrade!.steps)[0], /^opaque: .*env\.py sets configuration options at run time/);
});

test('a migration no alembic.ini names keeps the configuration opaque', () => {
  const root = workspace({ 'elsewhere/versions/a1.py': MIGRATION, 'other/alembic.ini': '[alembic]\nscript_location = migrations\n' });
  const result = interpretMigration(path.join(root, 'elsewhere', 'versions', 'a1.py'), MIGRATION);
  assert.match(sqlOf(result.upgrade!.steps)[0], /^opaque: .*depends on the Alembic configuration .*no alembic\.ini above the migration/);
});
