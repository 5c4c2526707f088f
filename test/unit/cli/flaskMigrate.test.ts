// A Flask-Migrate project through the CLI: the `migrations/` folder `flask db init` writes (an
// alembic.ini without script_location, an env.py taking the app from flask) is read as `flask db`
// reads it; what would need the real Alembic is refused with flask-migrate-needs-flask, and
// nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

function flaskProject(): string {
  const root = temporaryFolder('alembic-lens-flask-cli-');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('migrations/alembic.ini', '[alembic]\n# Flask-Migrate passes script_location itself\n\n[loggers]\nkeys = root\n');
  write('migrations/env.py', 'from flask import current_app\nfrom alembic import context\n\nconfig = context.config\n');
  write('migrations/script.py.mako', '"""${message}"""\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n\n\ndef upgrade():\n    ${upgrades if upgrades else "pass"}\n\n\ndef downgrade():\n    ${downgrades if downgrades else "pass"}\n');
  write(
    'migrations/versions/1a2b3c4d5e6f_users.py',
    '"""users\n\nRevision ID: 1a2b3c4d5e6f\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "1a2b3c4d5e6f"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))\n\n\ndef downgrade():\n    op.drop_table("users")\n',
  );
  return root;
}

test('heads, history, check and upgrade --sql read the migrations/ folder as flask db does', async () => {
  const root = flaskProject();
  const ini = path.join('migrations', 'alembic.ini');
  const heads = await run(['-c', ini, 'heads'], root);
  assert.equal(heads.code, 0, heads.stderr);
  assert.equal(heads.stdout, '1a2b3c4d5e6f (head)\n');
  const history = await run(['-c', ini, 'history'], root);
  assert.equal(history.stdout, '<base> -> 1a2b3c4d5e6f (head), users\n');
  const check = await run(['check', '--format', 'json'], root);
  const report = JSON.parse(check.stdout) as { summary: { environments: number; revisions: number }; problems: { code: string }[] };
  assert.equal(report.summary.environments, 1);
  assert.equal(report.summary.revisions, 1);
  assert.ok(!report.problems.some((problem) => problem.code === 'missing-script-location'), check.stdout);
  const sql = await run(['-c', ini, 'upgrade', 'head', '--sql'], root);
  assert.equal(sql.code, 0, sql.stderr);
  assert.match(sql.stdout, /CREATE TABLE users \(/);
});

test('commands that need the real Alembic are refused with flask-migrate-needs-flask, nothing written', async () => {
  const root = flaskProject();
  const versions = () => fs.readdirSync(path.join(root, 'migrations', 'versions')).sort();
  const before = versions();
  const autogenerate = await run(['-c', path.join('migrations', 'alembic.ini'), 'revision', '--autogenerate', '-m', 'orders', '--python', process.execPath], root);
  assert.equal(autogenerate.code, 2, autogenerate.stderr);
  assert.match(autogenerate.stderr, /flask db migrate -m "orders"[\s\S]*error code: flask-migrate-needs-flask/);
  assert.deepEqual(versions(), before);
});

test('the same folder without flask in env.py keeps Alembic\'s own error', async () => {
  const root = flaskProject();
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), 'from alembic import context\n');
  const heads = await run(['-c', path.join('migrations', 'alembic.ini'), 'heads'], root);
  assert.notEqual(heads.code, 0);
  assert.match(heads.stderr, /No 'script_location' key found in configuration/);
});

test('an alembic.ini of only logging sections beside a Flask env.py (lando-api) is the environment flask db reads; without flask, still an error', async () => {
  const root = flaskProject();
  fs.writeFileSync(path.join(root, 'migrations', 'alembic.ini'), '[loggers]\nkeys = root\n\n[handlers]\nkeys = console\n\n[formatters]\nkeys = generic\n\n[logger_root]\nlevel = WARN\nhandlers = console\n');
  const check = await run(['check', '--format', 'json'], root);
  const report = JSON.parse(check.stdout) as { summary: { environments: number; revisions: number }; problems: { code: string }[] };
  assert.equal(report.summary.environments, 1, check.stdout);
  assert.equal(report.summary.revisions, 1);
  assert.ok(!report.problems.some((problem) => problem.code === 'missing-script-location'), check.stdout);
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), 'from alembic import context\n');
  const plain = await run(['check', '--format', 'json'], root);
  assert.ok((JSON.parse(plain.stdout) as { problems: { code: string }[] }).problems.some((problem) => problem.code === 'missing-script-location'), plain.stdout);
});
