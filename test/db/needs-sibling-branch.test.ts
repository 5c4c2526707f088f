// needs-sibling-branch against the real tools: the history where the rule reports an error fails
// under the real Alembic 1.20's `upgrade heads` on an empty PostgreSQL database with 42P01, in the
// revision the rule names; declared with depends_on, the rule is silent and the same command
// succeeds; with the merge's parents the other way round, `upgrade heads` succeeds and the rule's
// warning is about `alembic upgrade <revision>` alone, which fails with 42P01. Names: `roles` and
// `public.roles` are one table under the default search_path, `audit.roles` is another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../server/src/engine/interpret/index';
import { lintEnvironment } from '../../server/src/lint/environment';
import { defaultLintConfig } from '../../server/src/lint/config';
import { loadSqlParser } from '../../server/src/lint/sql/parser';
import { alembic, freshDatabase, projectWithVersions, psql, requireAlembic } from './onlineHelpers';

function migration(revision: string, down: string, upgrade: string, extra = ''): string {
  return `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down}\n${extra}\n\ndef upgrade():\n    ${upgrade}\n\n\ndef downgrade():\n    pass\n`;
}

const MAKES_ROLES = 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True))';
const ADDS_LABEL = 'op.add_column("roles", sa.Column("label", sa.Text(), nullable=True))';

/** A pricing-app-like history: `grants` adds a column to `roles`, which its sibling `roles` makes. */
function history(mergeParents: string, dependsOn = '', makes = MAKES_ROLES, uses = ADDS_LABEL): Record<string, string> {
  return {
    'r0.py': migration('r0', 'None', 'op.create_table("accounts", sa.Column("id", sa.BigInteger(), primary_key=True))'),
    'roles.py': migration('roles', '"r0"', makes),
    'grants.py': migration('grants', '"r0"', uses, dependsOn),
    'm.py': migration('m', mergeParents, 'pass'),
  };
}

async function findings(ini: string): Promise<string[]> {
  await loadSqlParser();
  const index = buildWorkspaceIndex([path.dirname(ini)]);
  return index.environments
    .flatMap((environment) => lintEnvironment(index, environment, { ...defaultLintConfig(), select: ['needs-sibling-branch'] }, interpretMigration).problems)
    .filter((problem) => problem.code === 'needs-sibling-branch')
    .map((problem) => `${path.basename(problem.file)}:${problem.range.start.line + 1} ${problem.severity}`);
}

test('reported as an error: `alembic upgrade heads` on an empty database runs grants before roles and fails with 42P01', async () => {
  requireAlembic();
  const ini = projectWithVersions('alembic-lens-sibling-', history('("roles", "grants")'));
  assert.deepEqual(await findings(ini), ['grants.py:9 error']);
  const url = freshDatabase();
  const run = alembic(ini, url, ['upgrade', 'heads']);
  assert.notEqual(run.status, 0, 'the deploy fails');
  assert.match(run.stderr, /UndefinedTable\) relation "roles" does not exist/);
  assert.match(run.stderr, /Running upgrade r0 -> grants/);
  assert.doesNotMatch(run.stderr, /Running upgrade r0 -> roles/, 'roles had not run yet');
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'roles'").trim(), '0');
});

test('silent once grants depends_on roles: the same command succeeds and roles.label exists', async () => {
  requireAlembic();
  const ini = projectWithVersions('alembic-lens-sibling-', history('("roles", "grants")', 'depends_on = "roles"'));
  assert.deepEqual(await findings(ini), []);
  const url = freshDatabase();
  const run = alembic(ini, url, ['upgrade', 'heads']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(psql(url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'roles' ORDER BY 1").trim(), 'id\nlabel');
  assert.equal(psql(url, 'SELECT version_num FROM alembic_version').trim(), 'm');
});

test('a warning when Alembic happens to run roles first: `upgrade heads` succeeds, `upgrade grants` alone fails with 42P01', async () => {
  requireAlembic();
  const ini = projectWithVersions('alembic-lens-sibling-', history('("grants", "roles")'));
  assert.deepEqual(await findings(ini), ['grants.py:9 warning']);
  const heads = alembic(ini, freshDatabase(), ['upgrade', 'heads']);
  assert.equal(heads.status, 0, heads.stderr);
  const alone = alembic(ini, freshDatabase(), ['upgrade', 'grants']);
  assert.notEqual(alone.status, 0);
  assert.match(alone.stderr, /UndefinedTable\) relation "roles" does not exist/);
});

test('schema="public" on one side and a bare name on the other: one table, the error, and `upgrade heads` fails with 42P01', async () => {
  requireAlembic();
  const makesPublic = 'op.create_table("roles", sa.Column("id", sa.BigInteger(), primary_key=True), schema="public")';
  const ini = projectWithVersions('alembic-lens-sibling-', history('("roles", "grants")', '', makesPublic, 'op.execute("ALTER TABLE roles ADD COLUMN label text")'));
  assert.deepEqual(await findings(ini), ['grants.py:9 error']);
  const run = alembic(ini, freshDatabase(), ['upgrade', 'heads']);
  assert.notEqual(run.status, 0, 'the deploy fails');
  assert.match(run.stderr, /UndefinedTable\) relation "roles" does not exist/);
});

test('audit.roles made on the sibling is not the roles the migration alters: silent, and on a database that had public.roles before the history `upgrade heads` succeeds', async () => {
  requireAlembic();
  const makesAudit = 'op.execute("CREATE SCHEMA audit; CREATE TABLE audit.roles (id bigint PRIMARY KEY)")';
  const ini = projectWithVersions('alembic-lens-sibling-', history('("roles", "grants")', '', makesAudit));
  assert.deepEqual(await findings(ini), []);
  const url = freshDatabase();
  psql(url, 'CREATE TABLE public.roles (id bigint PRIMARY KEY)');
  const run = alembic(ini, url, ['upgrade', 'heads']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(psql(url, "SELECT table_schema || '.' || column_name FROM information_schema.columns WHERE table_name = 'roles' ORDER BY 1").trim(), 'audit.id\npublic.id\npublic.label');
});
