// The CLI runner end to end, in-process: global options, exit codes and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { COMMANDS } from '../../../server/src/cli/commands/index';
import { temporaryFolder } from '../../support/temporaryFolders';

const topologies = path.resolve(__dirname, '..', '..', 'fixtures', 'topologies');

async function run(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? topologies,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

function tempEnvironment(files: Record<string, string>): string {
  const dir = temporaryFolder('alembic-lens-cli-');
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.mkdirSync(path.join(dir, 'versions'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'versions', name), text);
  return dir;
}

test('the registry has the read-only commands, each once', () => {
  const names = COMMANDS.map((c) => c.name);
  for (const name of ['heads', 'history', 'branches', 'show']) assert.ok(names.includes(name), name);
  assert.equal(new Set(names).size, names.length);
});

test('-c selects the config; heads prints Alembic lines', async () => {
  const result = await run(['-c', 'linear/alembic.ini', 'heads']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '4d5e6f7a8b9c (head)\n');
});

test('default config: ./alembic.ini, or $ALEMBIC_CONFIG', async () => {
  assert.equal((await run(['heads'], { cwd: path.join(topologies, 'linear') })).stdout, '4d5e6f7a8b9c (head)\n');
  const viaEnv = await run(['heads'], { cwd: os.tmpdir(), env: { ALEMBIC_CONFIG: path.join(topologies, 'diamond', 'alembic.ini') } });
  assert.equal(viaEnv.stdout, 'eeee00000005 (head)\n');
});

test('--help lists the commands; command --help shows its options', async () => {
  const main = await run(['--help']);
  assert.equal(main.code, 0);
  assert.match(main.stdout, /heads +Show current available heads/);
  const history = await run(['history', '--help']);
  assert.match(history.stdout, /-r REV_RANGE, --rev-range REV_RANGE\n +Specify a revision range/);
});

test('usage errors exit 2 with an argparse-style message', async () => {
  const noCommand = await run([]);
  assert.equal(noCommand.code, 2);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /invalid choice: 'frobnicate'/);
  const badOption = await run(['-c', 'linear/alembic.ini', 'heads', '--nope']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.stderr, /alembic-lens heads: error: unrecognized arguments: --nope/);
});

test('a missing config is exit 2 with the file named, no stack trace', async () => {
  const result = await run(['-c', 'nowhere/alembic.ini', 'heads']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /nowhere/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('an unknown revision is FAILED with exit 1', async () => {
  const result = await run(['-c', 'linear/alembic.ini', 'show', 'zzzz']);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, "FAILED: Can't locate revision identified by 'zzzz'\n");
});

test('history range without a colon is FAILED with Alembic text', async () => {
  const result = await run(['-c', 'linear/alembic.ini', 'history', '-r', 'heads']);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'FAILED: History range requires [start]:[end], [start]:, or :[end]\n');
});

test('a graph Alembic refuses (missing parent) fails with the graph message', async () => {
  const dir = tempEnvironment({ 'a.py': "revision = 'aaaa'\ndown_revision = 'gone'\n" });
  const result = await run(['heads'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'FAILED: Revision gone referenced from aaaa is not present\n');
});

test('a file without a revision variable fails as Alembic does', async () => {
  const dir = tempEnvironment({ 'notes.py': 'x = 1\n' });
  const result = await run(['history'], { cwd: dir });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^FAILED: Could not determine revision id from filename notes\.py\./);
});

test('-q silences stdout; show current needs a database (exit 2)', async () => {
  assert.equal((await run(['-q', '-c', 'linear/alembic.ini', 'heads'])).stdout, '');
  const current = await run(['-c', 'linear/alembic.ini', 'show', 'current']);
  assert.equal(current.code, 2);
  assert.match(current.stderr, /database/);
});

test('-n picks another ini section (multidb style)', async () => {
  const dir = tempEnvironment({ 'a.py': "revision = 'aaaa1111'\ndown_revision = None\n" });
  fs.mkdirSync(path.join(dir, 'other'));
  fs.writeFileSync(path.join(dir, 'other', 'b.py'), "revision = 'bbbb2222'\ndown_revision = None\n");
  fs.appendFileSync(path.join(dir, 'alembic.ini'), '\n[otherdb]\nscript_location = %(here)s\nversion_locations = %(here)s/other\n');
  assert.equal((await run(['heads'], { cwd: dir })).stdout, 'aaaa1111 (head)\n');
  assert.equal((await run(['-n', 'otherdb', 'heads'], { cwd: dir })).stdout, 'bbbb2222 (head)\n');
  const missing = await run(['-n', 'nosuch', 'heads'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nosuch/);
});
