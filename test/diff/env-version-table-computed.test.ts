/**
 * env.py may compute its version table's name: CKAN's extension template (ckan/ckanext-harvest,
 * and the ckanext-* plugins made from it) names it after the folder of env.py,
 * `name = os.path.basename(os.path.dirname(__file__))` then
 * `version_table=u'{}_alembic_version'.format(name)`. Lens refused every `--sql` of such a history
 * ("version_table ... is not a literal", held-out sweep AR); env.py's `__file__` is script_location
 * as written joined with env.py, and the string operations on it are followed
 * (python/envPyStrings.ts). Each spelling is compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const envPy = (prelude: string, versionTable: string): string => `from alembic import context
import os

${prelude}


def run_migrations_offline():
    url = context.config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=None, literal_binds=True, version_table=${versionTable})
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
`;

const MIGRATION = `"""harvest tables

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("harvest_source", sa.Column("id", sa.UnicodeText(), primary_key=True))


def downgrade():
    op.drop_table("harvest_source")
`;

const CASES: { name: string; scriptLocation: string; envPy: string }[] = [
  { name: "CKAN's template: '{}_alembic_version'.format(basename(dirname(__file__))), script_location = %(here)s", scriptLocation: '%(here)s', envPy: envPy('name = os.path.basename(os.path.dirname(__file__))', "u'{}_alembic_version'.format(name)") },
  { name: "a relative script_location, '%s' formatting and an f-string", scriptLocation: 'harvest', envPy: envPy('folder = os.path.basename(os.path.dirname(__file__))\nprefix = "%s_x" % folder', 'f"{prefix}_version"') },
  { name: 'abspath(__file__) and concatenation', scriptLocation: 'harvest', envPy: envPy('here = os.path.dirname(os.path.abspath(__file__))', 'os.path.basename(here) + "_v{0}".format("1")') },
];

for (const item of CASES) {
  test(`a version table computed in env.py (${item.name}) gives Alembic's SQL`, async () => {
    const dir = temporaryFolder('env-version-table-computed-');
    // CKAN keeps alembic.ini in the migration folder itself.
    const ini = item.scriptLocation === '%(here)s' ? path.join(dir, 'harvest', 'alembic.ini') : path.join(dir, 'alembic.ini');
    writeFile(ini, `[alembic]\nscript_location = ${item.scriptLocation}\nsqlalchemy.url = postgresql://u@h/d\n`);
    writeFile(path.join(dir, 'harvest', 'env.py'), item.envPy);
    writeFile(path.join(dir, 'harvest', 'versions', 'a1_harvest.py'), MIGRATION);
    // Both tools run where the ini is (the helpers pass `-c alembic.ini`), as CKAN runs them.
    await assertSameAsAlembic(path.dirname(ini), ['upgrade', 'head', '--sql']);
    await assertSameAsAlembic(path.dirname(ini), ['downgrade', 'a1:base', '--sql']);
  });
}
