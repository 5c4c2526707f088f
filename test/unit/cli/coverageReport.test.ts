/**
 * `alembic-lens coverage`: upgrade() and downgrade() counted separately, a missing downgrade()
 * listed once as information (not an opaque step), opaque reasons grouped by kind, and a total
 * over several environments, in text and JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { opaqueKindOf } from '../../../server/src/engine/offline/opaqueKinds';
import { OnlineCompiler, collectOnlineOpaque } from '../../../server/src/engine/online/onlineCompiler';
import { temporaryFolder } from '../../support/temporaryFolders';

process.env.ALEMBIC_LENS_CACHE_DIR = temporaryFolder('coverage-cli-');

async function run(cwd: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: process.env });
  return { code, stdout, stderr };
}

function migration(id: string, parent: string | null, upgrade: string, downgrade?: string): string {
  const lines = ['from alembic import op', 'import sqlalchemy as sa', '', `revision = "${id}"`, `down_revision = ${parent ? `"${parent}"` : 'None'}`, '', '', 'def upgrade():', `    ${upgrade}`];
  if (downgrade !== undefined) lines.push('', '', 'def downgrade():', `    ${downgrade}`);
  return lines.join('\n') + '\n';
}

/** An environment with four revisions: understood; ORM upgrade; no downgrade(); opaque downgrade. */
function environment(root: string, name: string): void {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  fs.writeFileSync(path.join(dir, 'migrations', 'env.py'), 'from alembic import context\n');
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, 'migrations', 'versions', file), text);
  write('a1_first.py', migration('a1', null, 'op.execute("SELECT 1")', 'op.execute("SELECT 2")'));
  write('b2_orm.py', migration('b2', 'a1', 'sa.orm.Session(bind=op.get_bind()).query(sa.text("x")).all()', 'pass'));
  write('c3_nodown.py', migration('c3', 'b2', 'op.execute("SELECT 3")'));
  write('d4_query.py', migration('d4', 'c3', 'op.execute("SELECT 4")', 'op.get_bind().execute(sa.text("SELECT 1")).fetchall()'));
}

test('coverage counts upgrade and downgrade separately, lists a missing downgrade once, and groups reasons by kind', async () => {
  const root = temporaryFolder('coverage-report-');
  environment(root, 'one');
  const text = await run(root, ['coverage']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /one\/alembic.ini \[alembic\]: 2 of 4 revisions fully understood \(50.0%\); upgrade\(\) 3 of 4 \(75.0%\), downgrade\(\) 2 of 3 \(66.7%\); 1 without downgrade\(\)/);
  assert.match(text.stdout, /upgrade\(\) opaque by kind \(revisions\/steps\): ORM data migration 1\/1/);
  assert.match(text.stdout, /downgrade\(\) opaque by kind \(revisions\/steps\): database query 1\/1/);
  assert.match(text.stdout, /c3_nodown.py:1: c3 has no downgrade\(\) \(information: not counted as opaque\)/);
  assert.doesNotMatch(text.stdout, /c3 downgrade\(\):/, 'a missing downgrade() is not an opaque step');
  assert.doesNotMatch(text.stdout, /^total/m, 'one environment has no total line');

  const json = await run(root, ['coverage', '--json']);
  const report = JSON.parse(json.stdout) as {
    version: number;
    environments: { upgrade: { total: number; understood: number }; downgrade: { total: number; understood: number }; withoutDowngrade: { revision: string }[]; partial: { revision: string }[] }[];
  };
  assert.equal(report.version, 2);
  const [only] = report.environments;
  assert.deepEqual([only.upgrade, only.downgrade], [{ total: 4, understood: 3 }, { total: 3, understood: 2 }]);
  assert.deepEqual(only.withoutDowngrade.map((entry) => entry.revision), ['c3']);
  assert.deepEqual(only.partial.map((entry) => entry.revision), ['b2', 'd4']);
});

test('coverage over several environments prints a total line and a JSON total', async () => {
  const root = temporaryFolder('coverage-total-');
  environment(root, 'one');
  environment(root, 'two');
  const text = await run(root, ['coverage']);
  assert.match(text.stdout, /^total \(2 environments\): 4 of 8 revisions fully understood \(50.0%\); upgrade\(\) 6 of 8 \(75.0%\), downgrade\(\) 4 of 6 \(66.7%\); 2 without downgrade\(\)$/m);
  const json = JSON.parse((await run(root, ['coverage', '--json'])).stdout) as { total: { upgrade: { understood: number }; kinds: { kind: string; revisions: number }[] } };
  assert.equal(json.total.upgrade.understood, 6);
  assert.deepEqual(json.total.kinds.map((kind) => [kind.kind, kind.revisions]), [['database query', 2], ['ORM data migration', 2]]);
});

test('opaque reasons are grouped by their most specific cause', () => {
  assert.equal(opaqueKindOf('loop over values known only at run time (calls session.query() on a value known only at run time: uses the SQLAlchemy ORM (sessionmaker))'), 'ORM data migration');
  assert.equal(opaqueKindOf('queries the database through op.get_bind() (conn.execute)'), 'database query');
  assert.equal(opaqueKindOf('calls inspector.get_columns() on a value known only at run time: inspects the live database (sa.inspect)'), 'database reflection');
  assert.equal(opaqueKindOf('column type imported from the application: myapp.types.GUID'), 'application column type');
  assert.equal(opaqueKindOf('calls into application code: migration.create_table_if_not_exists'), 'application code');
  assert.equal(opaqueKindOf('custom operation op.sync_enum_values (registered by a plugin)'), 'plugin operation');
  assert.equal(opaqueKindOf('unsupported Python expression (lambda): lambda x: x'), 'other Python');
});

test('a migration file that cannot be read is in no count: the report, a warning naming it, exit 1 (as heads)', async () => {
  const root = temporaryFolder('coverage-unreadable-');
  environment(root, 'one');
  fs.writeFileSync(path.join(root, 'one', 'migrations', 'versions', 'e5_binary.py'), 'revision = "e5"\0\n');
  for (const args of [['coverage'], ['coverage', '--json']]) {
    const result = await run(root, args);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /warning: one\/migrations\/versions\/e5_binary\.py:1: binary-file: /);
    assert.match(result.stderr, /1 migration file could not be read completely/);
    if (args.includes('--json')) assert.equal(JSON.parse(result.stdout).environments[0].total, 4);
    else assert.match(result.stdout, /2 of 4 revisions fully understood/);
  }
});

// A loop the interpreter unrolls repeats its opaque statements once per value; each is one place to
// fix, listed once, offline (coverage) and online (the refusal's list): held-out sweeps AK and AL
// saw two or three lines listed two or three times, counted as that many steps.
test('an opaque statement inside a loop is listed once, offline and online', async () => {
  const root = temporaryFolder('coverage-loop-');
  const dir = path.join(root, 'loop');
  fs.mkdirSync(path.join(dir, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  fs.writeFileSync(path.join(dir, 'migrations', 'env.py'), 'from alembic import context\n');
  const body = ['for name in ["a", "b", "c"]:', '        inspector = sa.inspect(op.get_bind())', '        for fk in inspector.get_foreign_keys(name):', '            op.drop_constraint(fk["name"], name, type_="foreignkey")'].join('\n');
  const file = path.join(dir, 'migrations', 'versions', 'a1_loop.py');
  fs.writeFileSync(file, migration('a1', null, body, 'pass'));
  const text = await run(dir, ['coverage']);
  assert.equal(text.code, 0, text.stderr);
  const listed = text.stdout.split('\n').filter((line) => line.includes('a1_loop.py:'));
  assert.ok(listed.length > 0, text.stdout);
  assert.equal(new Set(listed).size, listed.length, `each line once:\n${listed.join('\n')}`);
  const kinds = /upgrade\(\) opaque by kind \(revisions\/steps\): (.*)/.exec(text.stdout)![1];
  const steps = [...kinds.matchAll(/ 1\/(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  assert.equal(steps, listed.length, kinds);
  const online = collectOnlineOpaque(new OnlineCompiler(null).compile(file).upgrade);
  assert.ok(online.length > 0);
  assert.equal(new Set(online.map((step) => `${step.line} ${step.reason}`)).size, online.length, JSON.stringify(online));
});
