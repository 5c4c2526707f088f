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

test('an env.py that sets the option the migration reads at run time makes it unknown, with that reason', () => {
  const root = workspace({
    'alembic.ini': '[alembic]\nscript_location = migrations\nflavour = vanilla\n',
    'migrations/env.py': 'from alembic import context\ncontext.config.set_main_option("flavour", "mint")\n',
    'migrations/versions/a1.py': MIGRATION,
  });
  const result = interpretMigration(path.join(root, 'migrations', 'versions', 'a1.py'), MIGRATION);
  assert.match(sqlOf(result.upgrade!.steps)[0], /^opaque: .*env\.py sets flavour at run time/);
});

test('a migration no alembic.ini names keeps the configuration opaque', () => {
  const root = workspace({ 'elsewhere/versions/a1.py': MIGRATION, 'other/alembic.ini': '[alembic]\nscript_location = migrations\n' });
  const result = interpretMigration(path.join(root, 'elsewhere', 'versions', 'a1.py'), MIGRATION);
  assert.match(sqlOf(result.upgrade!.steps)[0], /^opaque: .*depends on the Alembic configuration .*no alembic\.ini above the migration/);
});

test('an env.py that sets the URL at run time leaves the other options to the ini; the options it sets, and all of them when a name is computed, stay unknown', () => {
  const files = (envPy: string): Record<string, string> => ({
    'alembic.ini': '[alembic]\nscript_location = migrations\nflavour = vanilla\nsqlalchemy.url = postgresql://ini/db\n\n[extra]\ncolour = blue\n',
    'migrations/env.py': `import os\nfrom alembic import context\nconfig = context.config\n${envPy}`,
    'migrations/versions/a1.py': MIGRATION,
  });
  const stepsWith = (envPy: string): string[] => {
    const root = workspace(files(envPy));
    return sqlOf(interpretMigration(path.join(root, 'migrations', 'versions', 'a1.py'), MIGRATION).upgrade!.steps);
  };
  // The URL (the common case), in both forms, and an option of another section.
  const urlOnly = stepsWith('config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])\nconfig.set_section_option(config.config_ini_section, "SQLALCHEMY.URL", "x")\n');
  assert.deepEqual(urlOnly.slice(0, 3), ["SELECT 'vanilla'", "SELECT 'fallback'", "SELECT 'blue'"]);
  // The option the migration reads is the one env.py writes (configparser's names ignore case).
  const flavour = stepsWith('config.set_main_option(name="FLAVOUR", value=os.environ["F"])\n');
  assert.match(flavour[0], /^opaque: .*env\.py sets flavour at run time/);
  assert.equal(flavour[2], "SELECT 'blue'");
  const colour = stepsWith('config.set_section_option("extra", "colour", "red")\n');
  assert.deepEqual([colour[0], colour[1]], ["SELECT 'vanilla'", "SELECT 'fallback'"]);
  assert.match(colour[2], /^opaque: .*env\.py sets colour at run time/);
  // A name computed when env.py runs could be any option.
  for (const computed of ['config.set_main_option(os.environ["K"], "x")\n', 'setter = config.set_main_option\nsetter("flavour", "x")\n', 'config.set_main_option(**options)\n']) {
    assert.match(stepsWith(computed)[0], /^opaque: .*env\.py sets configuration options at run time, of names computed when it runs/, computed);
  }
});
