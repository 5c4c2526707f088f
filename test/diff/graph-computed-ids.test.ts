// Header values built from strings the reader knows (`revision = PREFIX + "2"`, `"a" + "b"`) are
// Python's concatenation, as Alembic reads them when it runs the file: `heads` and `history` are
// compared with the real Alembic's. A value built at run time (`make_id()`) stays unread, and the
// read commands say so on standard error (the revision was left out silently before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { ALEMBIC_PYTHON, requireAlembic } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();

async function lens(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: root, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

function environment(files: Record<string, string>): string {
  const root = temporaryFolder('lens-computed-ids-');
  fs.mkdirSync(path.join(root, 'versions'));
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(root, 'env.py'), '');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, 'versions', name), text);
  return root;
}

test('ids concatenated from literals and the file\'s string constants: heads and history are Alembic\'s', async () => {
  const root = environment({
    'a1.py': 'revision = "a1"\ndown_revision = None\n',
    'b2.py': 'PREFIX = "b"\nrevision = PREFIX + "2"\ndown_revision = "a" + "1"\n',
    'c3.py': 'PARENT = "b2"\nrevision = ("c" + "3")\ndown_revision = (PARENT,)\nbranch_labels = ("feat" + "ure",)\n',
  });
  for (const args of [['heads'], ['history'], ['history', '--verbose'], ['branches']]) {
    const alembic = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(alembic.status, 0, alembic.stderr);
    const ours = await lens(root, args);
    assert.equal(ours.stdout.replace(/\s+$/, ''), alembic.stdout.replace(/\s+$/, ''), args.join(' '));
    assert.equal(ours.stderr, '', args.join(' '));
  }
});

test('an id built at run time is left out with a warning on standard error naming the file and line', async () => {
  const root = environment({
    'a1.py': 'revision = "a1"\ndown_revision = None\n',
    'b2.py': 'import uuid\nrevision = uuid.uuid4().hex[:12]\ndown_revision = "a1"\n',
  });
  const ours = await lens(root, ['heads']);
  assert.equal(ours.code, 0);
  assert.equal(ours.stdout, 'a1 (head)\n');
  assert.match(ours.stderr, /^alembic-lens: warning: versions\/b2\.py:2: non-literal-value: .*left out of the answer above; Alembic runs the file and may read it\)\n$/);
});

test('an id imported from a module the reader cannot find is left out with a warning naming the file, line and module', async () => {
  const root = environment({
    'a1.py': 'revision = "a1"\ndown_revision = None\n',
    'b2.py': 'from release_ids import PARENT\nrevision = "b2"\ndown_revision = PARENT\n',
  });
  // Alembic fails to import the file when the module is not installed; Lens cannot tell, so it
  // answers without the value and says so, as for a value built at run time.
  const alembic = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', 'heads'], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.match(alembic.stderr, /No module named 'release_ids'/);
  for (const args of [['heads'], ['history'], ['branches']]) {
    const ours = await lens(root, args);
    assert.equal(ours.code, 0, args.join(' '));
    assert.match(
      ours.stderr,
      /^alembic-lens: warning: versions\/b2\.py:3: unresolved-reference: Cannot resolve 'release_ids\.PARENT' in 'down_revision': .*\(left out of the answer above; Alembic imports the module when it loads the file, and fails if it cannot\)\n$/,
      args.join(' '),
    );
  }
  assert.equal((await lens(root, ['heads'])).stdout, 'a1 (head)\nb2 (head)\n');
});
