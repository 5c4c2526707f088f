// Which statement a failure report names when a migration's statements went to the server as one
// message. A syntax error anywhere in it is found while the server parses the whole message, before
// any statement runs, so counting completed statements named the first one (sweep C: wazo-auth and
// a `SELEC 1` written after a create_table were blamed on the create_table's line). The server's
// error position names the right one; a runtime error is still named by the count. Side by side
// with Alembic 1.20 on PostgreSQL 15: the database is left exactly as Alembic leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, dump, freshDatabase, lens, projectWithVersions, requireAlembic } from './onlineHelpers';

const header = (revision: string, down: string | undefined): string =>
  `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "${revision}"\ndown_revision = ${down ? `"${down}"` : 'None'}\nbranch_labels = None\ndepends_on = None\n\n`;

const VERSIONS = {
  'a1_base.py': `${header('a1', undefined)}
def upgrade():
    op.create_table("kept", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("kept")
`,
  'b2_syntax.py': `${header('b2', 'a1')}
def upgrade():
    op.create_table("éléments", sa.Column("id", sa.Integer, primary_key=True), sa.Column("nom", sa.String(20)))
    op.add_column("kept", sa.Column("note", sa.Text()))
    op.execute("SELEC 1")
    op.add_column("kept", sa.Column("other", sa.Text()))


def downgrade():
    pass
`,
};

/**
 * A project of a1 and a b2 whose upgrade() is `body`, upgraded to head on two fresh databases by
 * Alembic (which must fail) and by Lens; the databases must end alike. Returns Lens's run.
 */
async function failingUpgradeOfB2(prefix: string, file: string, body: string): Promise<{ status: number | null; stderr: string }> {
  const ini = projectWithVersions(prefix, { 'a1_base.py': VERSIONS['a1_base.py'], [file]: `${header('b2', 'a1')}\ndef upgrade():\n${body}\n\n\ndef downgrade():\n    pass\n` });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  assert.notEqual(alembic(ini, theirs, ['upgrade', 'head']).status, 0, 'Alembic fails on b2');
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(dump(ours), dump(theirs));
  return run;
}

test('a syntax error in a later statement of a migration is reported at its own line, and nothing of the migration stays', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-failure-location-', VERSIONS);
  const theirs = freshDatabase();
  const ours = freshDatabase();
  assert.notEqual(alembic(ini, theirs, ['upgrade', 'head']).status, 0, 'Alembic fails on b2');
  const run = await lens(ini, ours, ['upgrade', 'head']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /FAILED: b2 failed at .*b2_syntax\.py:13: \(42601\) syntax error at or near "SELEC"/);
  assert.match(run.stderr, /statement: SELEC 1/);
  assert.match(run.stderr, /\n {2}the open transaction was rolled back\n/);
  // Made in the run's transaction, gone with it: not "(no rows)".
  assert.match(run.stderr, /\n {2}the version table does not exist \(its creation was rolled back with the rest\)\n/);
  // One transaction for the run: a1 goes too, the version table with it (as Alembic leaves it).
  assert.equal(dump(ours), dump(theirs));
  assert.doesNotMatch(dump(ours), /kept/);
});

test('a runtime error after statements that ran is still reported at its own line', async () => {
  requireAlembic();
  const run = await failingUpgradeOfB2('online-failure-location-runtime-', 'b2_runtime.py', `    op.add_column("kept", sa.Column("note", sa.Text()))
    op.execute("INSERT INTO kept (id, note) VALUES (1, 'a')")
    op.execute("INSERT INTO missing_table (id) VALUES (1)")`);
  assert.match(run.stderr, /FAILED: b2 failed at .*b2_runtime\.py:13: \(42P01\) relation "missing_table" does not exist/);
});

test('a statement failing inside autocommit_block() is said to have run outside a transaction', async () => {
  requireAlembic();
  const run = await failingUpgradeOfB2('online-failure-autocommit-', 'b2_block.py', `    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_missing ON missing_table (id)")`);
  assert.match(run.stderr, /FAILED: b2 failed at .*b2_block\.py:12: \(42P01\) relation "missing_table" does not exist/);
  assert.match(run.stderr, /\n {2}the statement ran outside a transaction \(autocommit_block\(\), or after a COMMIT in the migration\): nothing was open to roll back\n/);
  assert.match(run.stderr, /\n {2}the version table now holds: a1\n/);
});

test('a revision the plan cannot reach is logged and printed as Alembic does', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-plan-error-', { 'a1_base.py': VERSIONS['a1_base.py'] });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  const real = alembic(ini, theirs, ['downgrade', '-1']);
  assert.notEqual(real.status, 0);
  const run = await lens(ini, ours, ['downgrade', '-1']);
  assert.equal(run.status, 1, run.stderr);
  // Alembic prints FAILED on standard output, Lens with its report on standard error.
  const failureLines = (output: { stdout: string; stderr: string }): string[] => `${output.stderr}\n${output.stdout}`.split('\n').filter((line) => /^(ERROR|FAILED)/.test(line));
  assert.deepEqual(failureLines(run), failureLines(real));
  assert.equal(failureLines(real).length, 2, real.stderr);
});

test('steps Alembic fails on too are refused without advising to hand the run to Alembic', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-alembic-fails-too-', {
    'a1_base.py': VERSIONS['a1_base.py'],
    'b2_no_downgrade.py': `${header('b2', 'a1')}
def upgrade():
    op.create_unique_constraint(None, "kept", ["id"])
`,
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  assert.equal(alembic(ini, theirs, ['upgrade', 'head']).status, 0);
  assert.equal((await lens(ini, ours, ['upgrade', 'head'])).status, 0);
  assert.notEqual(alembic(ini, theirs, ['downgrade', '-1']).status, 0, 'Alembic fails: b2 has no downgrade()');
  const run = await lens(ini, ours, ['downgrade', '-1']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /downgrade\(\) of b2: the migration has no downgrade\(\) function \(Alembic fails here too\)\n/);
  assert.match(run.stderr, /Nothing was run\. Alembic fails on these steps too, so handing the run to it \(--python\) would not help: fix the migrations\.\n/);
  assert.equal(dump(ours), dump(theirs));
});

test('an operation Alembic refuses (a unique constraint dropped without its name) is marked as failing in Alembic too', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-alembic-refuses-', {
    'a1_unnamed.py': `${header('a1', undefined)}
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("u", sa.Integer()))
    op.create_unique_constraint(None, "t", ["u"])


def downgrade():
    op.drop_constraint(None, "t", type_="unique")
    op.drop_table("t")
`,
  });
  const theirs = freshDatabase();
  const ours = freshDatabase();
  assert.equal(alembic(ini, theirs, ['upgrade', 'head']).status, 0);
  assert.equal((await lens(ini, ours, ['upgrade', 'head'])).status, 0);
  assert.notEqual(alembic(ini, theirs, ['downgrade', 'base']).status, 0, "Alembic's CompileError: the constraint has no name");
  const run = await lens(ini, ours, ['downgrade', 'base']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /a1_unnamed\.py:16: downgrade\(\) of a1: invalid arguments to op\.drop_constraint: .* \(Alembic fails here too\)\n/);
  assert.match(run.stderr, /Nothing was run\. Alembic fails on these steps too/);
  assert.equal(dump(ours), dump(theirs));
});
