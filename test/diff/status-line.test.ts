// Alembic's status line, `Generating PATH ...  done` (held-out sweep AI): with standard input not a
// terminal (CI, a pipe) Alembic prints it as it is, without the two-space indent Alembic Lens used to
// add; on a terminal it indents and wraps it with Python's textwrap at the terminal's width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statusLine } from '../../server/src/cli/statusLine';
import { ALEMBIC_PYTHON, requireAlembic, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();

test('revision prints the Generating line as Alembic does when standard input is not a terminal', async () => {
  const roots = [temporaryFolder('lens-status-a-'), temporaryFolder('lens-status-b-')];
  for (const root of roots) {
    fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\n');
    fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
    fs.writeFileSync(path.join(root, 'migrations', 'env.py'), '');
    fs.writeFileSync(path.join(root, 'migrations', 'script.py.mako'), '"""${message}"""\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n');
  }
  const args = ['revision', '-m', 'add thing', '--rev-id', 'feedbeef0001'];
  const alembic = spawnSync(ALEMBIC_PYTHON, ['-m', 'alembic', '-c', 'alembic.ini', ...args], { cwd: roots[0], encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(alembic.status, 0, alembic.stderr);
  const ours = await runLens(roots[1], args);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(ours.stdout.replaceAll(roots[1], '<root>'), alembic.stdout.replaceAll(roots[0], '<root>'));
  assert.match(ours.stdout, /^Generating /);
});

test('on a terminal the line is indented and wrapped as textwrap wraps it (spaces, long words cut)', () => {
  const texts = [
    'Generating /home/user/project/migrations/versions/feedbeef0001_add_thing.py',
    'Generating /tmp/a/very/long/path/with/no/spaces/at/all/that/goes/on/and/on/feedbeef0002_x.py',
    'Generating /p/versions/feedbeef0003_short.py',
  ];
  const widths = [20, 33, 50, 80, 200];
  const cases = texts.flatMap((text) => widths.map((width) => [`${text} ...`, width] as const));
  const python = spawnSync(
    ALEMBIC_PYTHON,
    ['-c', 'import json, sys, textwrap\nprint(json.dumps([textwrap.wrap(t, w, initial_indent="  ", subsequent_indent="  ") for t, w in json.load(sys.stdin)]))'],
    { input: JSON.stringify(cases), encoding: 'utf8' },
  );
  assert.equal(python.status, 0, python.stderr);
  const wrapped = JSON.parse(python.stdout) as string[][];
  cases.forEach(([text, width], at) => {
    const expected = `${wrapped[at].join('\n')}  done\n`;
    assert.equal(statusLine(text.slice(0, -' ...'.length), 'done', width), expected, `${width}: ${text}`);
  });
  assert.equal(statusLine('Generating /p/x.py', 'done', undefined), 'Generating /p/x.py ...  done\n');
});
