/**
 * A command that runs the environment stops as Alembic stops when it cannot load env.py: no SQL,
 * exit 1, the path in the message; a compiled env.py left in `__pycache__` still loads, as in
 * Alembic. The real Alembic 1.20 is the oracle for `upgrade head --sql` in each case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';
const linear = path.resolve(__dirname, '..', '..', 'fixtures', 'topologies', 'linear');

async function lens(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

function alembic(args: string[], cwd: string) {
  return spawnSync(PYTHON, ['-m', 'alembic', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
}

/** An env.py that runs offline (the fixture's own refuses to run: it serves read-only commands). */
const OFFLINE_ENV_PY = 'from alembic import context\n\ncontext.configure(url="postgresql://", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n';

/** A copy of the linear fixture environment, with an env.py that runs offline. */
function copyOfLinear(): string {
  const root = temporaryFolder('lens-env-py-');
  fs.cpSync(linear, root, { recursive: true });
  fs.writeFileSync(path.join(root, 'env.py'), OFFLINE_ENV_PY);
  return root;
}

test('without env.py, upgrade --sql fails as Alembic does (exit 1, no SQL); heads still answers', async () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Alembic`);
  const root = copyOfLinear();
  fs.rmSync(path.join(root, 'env.py'));
  const theirs = alembic(['upgrade', 'head', '--sql'], root);
  assert.notEqual(theirs.status, 0);
  assert.match(theirs.stderr, /Can't find Python file .*env\.py/);
  const ours = await lens(['upgrade', 'head', '--sql'], root);
  assert.equal(ours.code, 1, ours.stderr);
  assert.equal(ours.stdout, '');
  assert.match(ours.stderr, new RegExp(`Can't find Python file ${path.join(root, 'env.py').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // Reading the history needs no env.py, in Alembic as here.
  assert.equal(alembic(['heads'], root).status, 0);
  assert.equal((await lens(['heads'], root)).code, 0);
});

test('env.py as a folder fails too; a compiled env.py in __pycache__ still loads, as in Alembic', async () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Alembic`);
  const folder = copyOfLinear();
  fs.rmSync(path.join(folder, 'env.py'));
  fs.mkdirSync(path.join(folder, 'env.py'));
  assert.notEqual(alembic(['upgrade', 'head', '--sql'], folder).status, 0);
  const ours = await lens(['upgrade', 'head', '--sql'], folder);
  assert.equal(ours.code, 1);
  assert.match(ours.stderr, /env\.py is a folder/);

  const compiled = copyOfLinear();
  const compile = spawnSync(PYTHON, ['-m', 'py_compile', path.join(compiled, 'env.py')], { encoding: 'utf8' });
  assert.equal(compile.status, 0, compile.stderr);
  fs.rmSync(path.join(compiled, 'env.py'));
  const theirs = alembic(['upgrade', 'head', '--sql'], compiled);
  assert.equal(theirs.status, 0, theirs.stderr);
  const fromPyc = await lens(['upgrade', 'head', '--sql'], compiled);
  assert.equal(fromPyc.code, 0, fromPyc.stderr);
  assert.equal(fromPyc.stdout, theirs.stdout);
});

test('upgrade --sql warns when sqlalchemy.url names another database, whose SQL Alembic prints differently', async () => {
  const root = copyOfLinear();
  const ini = path.join(root, 'alembic.ini');
  const original = fs.readFileSync(ini, 'utf8');
  const withUrl = (url: string): string => (/^sqlalchemy\.url\s*=.*$/m.test(original) ? original.replace(/^sqlalchemy\.url\s*=.*$/m, `sqlalchemy.url = ${url}`) : original.replace('[alembic]\n', `[alembic]\nsqlalchemy.url = ${url}\n`));
  fs.writeFileSync(ini, withUrl('sqlite:///scratch.db'));
  const sqlite = await lens(['upgrade', 'head', '--sql'], root);
  assert.equal(sqlite.code, 0, sqlite.stderr);
  assert.match(sqlite.stderr, /^WARNING: sqlalchemy\.url names sqlite, and Alembic Lens prints the SQL Alembic prints for PostgreSQL, which differs from what it prints for sqlite$/m);
  fs.writeFileSync(ini, withUrl('postgresql://u@h/d'));
  const postgres = await lens(['upgrade', 'head', '--sql'], root);
  assert.equal(postgres.code, 0, postgres.stderr);
  assert.doesNotMatch(postgres.stderr, /WARNING: sqlalchemy\.url/);
  assert.equal(postgres.stdout, sqlite.stdout, 'the same SQL either way');
});
