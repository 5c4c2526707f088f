/**
 * An env.py that takes its target_metadata from `config.attributes.get("target_metadata")` (a
 * program running Alembic's commands can hand it over there; amot-dev/MotoTwist's env.py does).
 * From the `alembic` command line `Config.attributes` is an empty dict, so the call gives its
 * default: None, and constraints keep the names SQLAlchemy's default convention gives, or the
 * MetaData passed as the default, with its convention. Found by held-out sweep GK: every unnamed
 * primary and foreign key was refused as "not a declarative base the engine can read". Compared
 * with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineEnvPy, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function envPy(target: string): string {
  return offlineEnvPy(
    ['from sqlalchemy import MetaData', '', 'config = context.config', 'convention = MetaData(naming_convention={"fk": "fk_%(table_name)s_%(column_0_name)s", "pk": "pk_%(table_name)s"})', `target_metadata = ${target}`],
    'target_metadata=target_metadata, literal_binds=True',
  );
}

const MIGRATION = baseRevision({
  upgrade: [
    'op.create_table("owners", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))',
    'op.create_table("twists", sa.Column("id", sa.Integer(), nullable=False), sa.Column("owner_id", sa.Integer()),',
    '                sa.ForeignKeyConstraint(["owner_id"], ["owners.id"]), sa.PrimaryKeyConstraint("id"))',
    'op.create_foreign_key(None, "twists", "owners", ["owner_id"], ["id"], ondelete="CASCADE")',
  ],
});

test('config.attributes.get() is None from the command line: the default convention', async () => {
  const dir = offlineProject('config-attributes-', { 'migrations/versions/a1_twists.py': MIGRATION }, '', envPy('config.attributes.get("target_metadata")'));
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /FOREIGN KEY\(owner_id\) REFERENCES owners \(id\)/);
  assert.match(printed, /ALTER TABLE twists ADD FOREIGN KEY\(owner_id\) REFERENCES owners \(id\) ON DELETE CASCADE;/);
});

test('config.attributes.get() with a default gives the default MetaData and its convention', async () => {
  const dir = offlineProject('config-attributes-default-', { 'migrations/versions/a1_twists.py': MIGRATION }, '', envPy('context.config.attributes.get("target_metadata", convention)'));
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /CONSTRAINT pk_twists PRIMARY KEY \(id\)/);
  assert.match(printed, /ADD CONSTRAINT fk_twists_owner_id FOREIGN KEY/);
});
