// A folder the CLI has to create under /proc (where mkdir answers ENOENT although the parent
// exists) ends the run with a message, not a hang: Node's recursive mkdirSync retries such a
// folder forever. The CLI runs in a process of its own, with a time limit, so a hang fails.
// Linux only (/proc), as the rest of the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDirectory } from '../../../server/src/common/createDirectory';
import { temporaryFolder } from '../../support/temporaryFolders';

const repository = path.resolve(__dirname, '..', '..', '..');
const cliSource = path.join(repository, 'server', 'src', 'cli.ts');
const workspace = path.join(repository, 'test', 'fixtures', 'workspaces', 'linear');
/** A bound, not a wait: each run ends in a second or two. */
const PROCESS_TIMEOUT_MS = 30_000;

function runCliProcess(args: string[], cwd: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', cliSource, ...args], {
    cwd,
    env: { ...process.env, ALEMBIC_LENS_CACHE: 'off' },
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
  });
}

test('--sandbox under /proc: exit 2 with the folder and the reason, no endless mkdir', () => {
  const result = runCliProcess(['current', '--sandbox', '/proc/alembic-lens-nope'], workspace);
  assert.notEqual(result.signal, 'SIGTERM', 'killed at the time limit: the mkdir loop is back');
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /^alembic-lens: cannot open the sandbox database in \/proc\/alembic-lens-nope: ENOENT/);
  assert.match(result.stderr, /error code: database-sandbox-unavailable/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('revision into a versions folder under /proc: a refusal naming the file, no endless mkdir', () => {
  const project = temporaryFolder('proc-versions-');
  fs.cpSync(workspace, project, { recursive: true });
  const ini = path.join(project, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', '[alembic]\nversion_locations = /proc/alembic-lens-nope/versions\n'));
  // Run from the repository (where tsx resolves), the project named with -c.
  const result = runCliProcess(['-c', ini, 'revision', '-m', 'x', '--rev-id', 'abc123'], repository);
  assert.notEqual(result.signal, 'SIGTERM', 'killed at the time limit: the mkdir loop is back');
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /^alembic-lens: Cannot write \/proc\/alembic-lens-nope\/versions\/abc123_x\.py: ENOENT/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('createDirectory makes each missing level, keeps an existing folder, throws mkdir\'s error', () => {
  const root = temporaryFolder('create-directory-');
  const deep = path.join(root, 'a', 'b', 'c');
  createDirectory(deep);
  assert.ok(fs.statSync(deep).isDirectory());
  createDirectory(deep);
  const file = path.join(root, 'file');
  fs.writeFileSync(file, '');
  assert.throws(() => createDirectory(file), { code: 'EEXIST' });
  assert.throws(() => createDirectory(path.join(file, 'sub')), { code: 'ENOTDIR' });
  assert.throws(() => createDirectory('/proc/alembic-lens-nope/deeper'), { code: 'ENOENT' });
});
