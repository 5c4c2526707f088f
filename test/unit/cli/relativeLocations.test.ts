/**
 * A relative `script_location` is read from the current directory, as Alembic reads it: run from
 * a folder that holds `sub/mig` with `-c ../conf/a.ini` (`script_location = sub/mig`), Alembic
 * finds it there and so does the CLI (it looked only beside the config and above it). The real
 * Alembic's `heads` is the oracle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';

async function lens(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

test('a relative script_location is found from the current directory, as Alembic finds it', async () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real Alembic`);
  const root = temporaryFolder('lens-relative-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'conf'));
  fs.mkdirSync(path.join(root, 'work', 'sub', 'mig', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'conf', 'a.ini'), '[alembic]\nscript_location = sub/mig\n');
  fs.writeFileSync(path.join(root, 'work', 'sub', 'mig', 'env.py'), 'from alembic import context\n');
  fs.writeFileSync(path.join(root, 'work', 'sub', 'mig', 'versions', 'a1_first.py'), '"""first\n\nRevision ID: a1\nRevises:\nCreate Date: 2025-01-01 00:00:00.000000\n\n"""\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n');
  const cwd = path.join(root, 'work');
  const alembic = spawnSync(PYTHON, ['-m', 'alembic', '-c', '../conf/a.ini', 'heads'], { cwd, encoding: 'utf8' });
  assert.equal(alembic.status, 0, alembic.stderr);
  const ours = await lens(['-c', '../conf/a.ini', 'heads'], cwd);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.stdout, alembic.stdout);
  assert.equal(ours.stdout.trim(), 'a1 (head)');
});
