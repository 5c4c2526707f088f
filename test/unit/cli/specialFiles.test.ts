// A config file or env.py that is a named pipe or a device is refused with a sentence, never
// opened: a pipe without a writer blocks the open forever, /dev/zero never ends. The CLI runs in
// a process of its own with a time limit, so a hang fails the test. Linux only (mkfifo, /dev).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { temporaryFolder } from '../../support/temporaryFolders';

const repository = path.resolve(__dirname, '..', '..', '..');
const cliSource = path.join(repository, 'server', 'src', 'cli.ts');
const linear = path.join(repository, 'test', 'fixtures', 'topologies', 'linear');
/** A bound, not a wait: each run ends in a second or two. */
const PROCESS_TIMEOUT_MS = 20_000;

/** From the repository (where tsx resolves); the project is named with -c. */
function runCliProcess(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cliSource, ...args], {
    cwd: repository,
    env: { ...process.env, ALEMBIC_LENS_CACHE: 'off' },
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
  });
}

function makeFifo(file: string): void {
  const made = spawnSync('mkfifo', [file]);
  assert.equal(made.status, 0, String(made.stderr));
}

test('a config file that is a named pipe or /dev/zero: exit 2 with what it is, no hang', () => {
  const fifo = path.join(temporaryFolder('fifo-config-'), 'alembic.ini');
  makeFifo(fifo);
  for (const config of [fifo, '/dev/zero']) {
    const result = runCliProcess(['-c', config, 'heads']);
    assert.notEqual(result.signal, 'SIGTERM', `${config}: killed at the time limit, the read hangs`);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.split('\n')[0], `alembic-lens: Cannot read the config file: ${config} is a named pipe or a device, not a regular file. Run alembic-lens in the folder that holds alembic.ini, or pass -c PATH (or set ALEMBIC_CONFIG).`);
  }
});

test('env.py that is a named pipe: heads answers without it, upgrade --sql refuses as without env.py', () => {
  const project = temporaryFolder('fifo-envpy-');
  fs.cpSync(linear, project, { recursive: true });
  fs.rmSync(path.join(project, 'env.py'));
  makeFifo(path.join(project, 'env.py'));
  const config = path.join(project, 'alembic.ini');
  const heads = runCliProcess(['-c', config, 'heads']);
  assert.notEqual(heads.signal, 'SIGTERM', 'heads: killed at the time limit, the read of env.py hangs');
  assert.equal(heads.status, 0, heads.stderr);
  assert.equal(heads.stdout, '4d5e6f7a8b9c (head)\n');
  const sql = runCliProcess(['-c', config, 'upgrade', 'head', '--sql']);
  assert.notEqual(sql.signal, 'SIGTERM', 'upgrade --sql: killed at the time limit, the read of env.py hangs');
  assert.equal(sql.status, 1, sql.stderr);
  assert.equal(sql.stdout, '');
  assert.match(sql.stderr, /^FAILED: Can't find Python file .*env\.py/);
});

test('script.py.mako that is a named pipe: revision refuses with what it is (exit 2), no hang', () => {
  const project = temporaryFolder('fifo-mako-');
  fs.cpSync(path.join(repository, 'test', 'fixtures', 'workspaces', 'linear'), project, { recursive: true });
  const template = path.join(project, 'migrations', 'script.py.mako');
  fs.rmSync(template);
  makeFifo(template);
  const result = runCliProcess(['-c', path.join(project, 'alembic.ini'), 'revision', '-m', 'x']);
  assert.notEqual(result.signal, 'SIGTERM', 'killed at the time limit: the read of the template hangs');
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr, `alembic-lens: Cannot read the revision template ${template}: a named pipe or a device, not a regular file\n`);
});

test('a module a migration imports its revision id from, as a named pipe: an answer, no hang', () => {
  const project = temporaryFolder('fifo-module-');
  fs.cpSync(linear, project, { recursive: true });
  const config = path.join(project, 'alembic.ini');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('[alembic]\n', '[alembic]\nprepend_sys_path = .\n'));
  const migration = path.join(project, 'versions', '004_4d5e6f7a8b9c.py');
  fs.writeFileSync(migration, fs.readFileSync(migration, 'utf8').replace("revision = '4d5e6f7a8b9c'", 'from ids import REVISION\nrevision = REVISION'));
  makeFifo(path.join(project, 'ids.py'));
  const result = runCliProcess(['-c', config, 'heads']);
  assert.notEqual(result.signal, 'SIGTERM', 'killed at the time limit: the read of the imported module hangs');
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('a config handed over as a stream by name (-c /dev/stdin, a shell\'s <(...) as /dev/fd/N) is read', () => {
  const ini = `[alembic]\nscript_location = ${linear}\npath_separator = os\n`;
  const expected = runCliProcess(['-c', path.join(linear, 'alembic.ini'), 'heads']);
  assert.equal(expected.status, 0, expected.stderr);
  const piped = spawnSync(process.execPath, ['--import', 'tsx', cliSource, '-c', '/dev/stdin', 'heads'], { cwd: repository, env: { ...process.env, ALEMBIC_LENS_CACHE: 'off' }, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS, input: ini });
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, expected.stdout);
  const substituted = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx "${cliSource}" -c <(printf '%s' "$INI") heads`], { cwd: repository, env: { ...process.env, ALEMBIC_LENS_CACHE: 'off', INI: ini }, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS });
  assert.equal(substituted.status, 0, substituted.stderr);
  assert.equal(substituted.stdout, expected.stdout);
});

test('-c /dev/null reads as an empty configuration, as Alembic reads it; a file outside the folder is named by its own path', () => {
  // Alembic: "FAILED: No 'script_location' key found in configuration." Lens names the file
  // (exit 2, as for every unusable configuration), never as a path climbing out of the folder.
  const empty = path.join(temporaryFolder('empty-config-'), 'alembic.ini');
  fs.writeFileSync(empty, '');
  for (const config of ['/dev/null', empty]) {
    const result = runCliProcess(['-c', config, 'heads']);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `alembic-lens: ${config}:1: No 'script_location' key found in configuration.\n`);
  }
});
