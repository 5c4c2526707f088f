// Header assignments joined by `;` on one line (`revision = "a1"; down_revision = None`) are
// statements like the others: Python runs them, and Alembic reads the graph from them. The
// engine read only whole-line assignments (a file "had no revision", or a parent was missed and
// a revision became a second base): `heads` and `history` are compared with the real Alembic's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { ALEMBIC_PYTHON, requireAlembic } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();

const FILES: Record<string, string> = {
  'a1_base.py': '"""base"""\nrevision = "a1"; down_revision = None\n',
  'a2_next.py': '"""next"""\nrevision = "a2"\ndown_revision = "a1"; branch_labels = None\n',
  'a3_more.py': '"""more"""\nrevision = "a3"\ndown_revision = "a2";\ndepends_on = None\n',
  'a4_last.py': '"""last"""; revision = "a4"; down_revision = "a3"\nif True: depends_on = None; branch_labels = None\n',
};

async function lens(root: string, args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  // Warnings about values read inside a module-level `if` go to stderr; the answer is stdout.
  assert.doesNotMatch(stderr, /error/i);
  return stdout;
}

test('heads and history of a history written with semicolons are Alembic\'s', async () => {
  const root = temporaryFolder('lens-semicolons-');
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), '');
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(root, 'versions', name), text);
  for (const args of [['heads'], ['history'], ['history', '--verbose']]) {
    const alembic = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(alembic.status, 0, alembic.stderr);
    assert.equal((await lens(root, args)).replace(/\s+$/, ''), alembic.stdout.replace(/\s+$/, ''), args.join(' '));
  }
});
