// A migration file that cannot be read is a problem on every command that depends on it: the
// answer is printed with a warning naming the file and the code, and the exit code is 1; the SQL
// commands refuse. These tests run as root, where a mode-000 file is still readable, so they use
// failures root gets too: a dangling symbolic link named *.py (ENOENT on open), a named pipe
// (opening it would wait forever) and a file with NUL bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const BASE = "revision = 'aaaa1111'\ndown_revision = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n";

function environment(): { dir: string; versions: string } {
  const dir = temporaryFolder('alembic-lens-badfiles-');
  fs.writeFileSync(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(dir, 'env.py'), '');
  const versions = path.join(dir, 'versions');
  fs.mkdirSync(versions);
  fs.writeFileSync(path.join(versions, 'a.py'), BASE);
  return { dir, versions };
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

test('an unreadable head file: heads prints what it has, warns with file and code, exits 1', async () => {
  const { dir, versions } = environment();
  try {
    // The head b.py cannot be opened (ENOENT through the link), so aaaa1111 looks like the head.
    fs.symlinkSync(path.join(dir, 'gone.py'), path.join(versions, 'b.py'));
    const result = await run(['heads'], dir);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'aaaa1111 (head)\n');
    assert.match(result.stderr, /^alembic-lens: warning: versions\/b\.py:1: file-unreadable: Cannot read this migration: .*b\.py is a symbolic link to .*gone\.py, which does not exist/m);
    assert.match(result.stderr, /the answer above may be wrong/);
    for (const command of [['history'], ['branches'], ['show', 'aaaa1111']]) {
      const other = await run(command, dir);
      assert.equal(other.code, 1, command.join(' '));
      assert.match(other.stderr, /versions\/b\.py:1: file-unreadable: /, command.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a binary file is no longer skipped silently; upgrade --sql refuses to print incomplete SQL', async () => {
  const { dir, versions } = environment();
  try {
    fs.writeFileSync(path.join(versions, 'b.py'), Buffer.from([0x72, 0x00, 0x01]));
    const heads = await run(['heads'], dir);
    assert.equal(heads.code, 1);
    assert.match(heads.stderr, /versions\/b\.py:1: binary-file: b\.py contains NUL bytes/);
    const sql = await run(['upgrade', 'head', '--sql'], dir);
    assert.equal(sql.code, 1);
    assert.equal(sql.stdout, '');
    assert.match(sql.stderr, /versions\/b\.py:1: binary-file: /);
    assert.match(sql.stderr, /^FAILED: 1 migration file\(s\) could not be read/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a named pipe among the migrations is reported, never opened (no hang)', { timeout: 60_000 }, async () => {
  const { dir, versions } = environment();
  try {
    execFileSync('mkfifo', [path.join(versions, 'b.py')]);
    const heads = await run(['heads'], dir);
    assert.equal(heads.code, 1);
    assert.match(heads.stderr, /versions\/b\.py:1: file-unreadable: b\.py is a named pipe \(FIFO\), not a file/);
    const sql = await run(['upgrade', 'head', '--sql'], dir);
    assert.equal(sql.code, 1);
    assert.match(sql.stderr, /file-unreadable/);
    const check = await run(['check', '--format', 'json'], dir);
    assert.equal(check.code, 1);
    assert.ok(JSON.parse(check.stdout).problems.some((problem: { code: string; file: string }) => problem.code === 'file-unreadable' && problem.file === 'versions/b.py'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every file readable: no warning and exit 0', async () => {
  const { dir } = environment();
  try {
    const result = await run(['heads'], dir);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
