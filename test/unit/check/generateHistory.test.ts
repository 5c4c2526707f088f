// The benchmark's history generator (bench/generate-history.mjs): deterministic, the documented
// shape (two heads, branch points, merges, labels, depends_on, several version folders), and
// accepted by the real Alembic 1.20 and by our index alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { temporaryFolder } from '../../support/temporaryFolders';

const python = process.env.ALEMBIC_PYTHON || '/root/.cache/alembic-lens/venv/bin/python';

function tempDir(name: string): string {
  return temporaryFolder(`gen-history-${name}-`);
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

function allText(dir: string): string {
  return [...snapshot(dir).values()].join('\n');
}

test('the same seed gives byte-identical output; another seed a different history', () => {
  const a = tempDir('a');
  const b = tempDir('b');
  const c = tempDir('c');
  try {
    generateHistory({ revisions: 120, out: a, seed: 7 });
    generateHistory({ revisions: 120, out: b, seed: 7 });
    generateHistory({ revisions: 120, out: c, seed: 8 });
    assert.deepEqual(snapshot(a), snapshot(b));
    assert.notDeepEqual(snapshot(a), snapshot(c));
  } finally {
    for (const dir of [a, b, c]) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the shape: two heads, merges with two and three parents, labels, depends_on, word ids, K folders', () => {
  const dir = tempDir('shape');
  try {
    const result = generateHistory({ revisions: 600, out: dir, seed: 3, locations: 4 });
    assert.equal(result.heads.length, 2);
    const text = allText(dir);
    assert.match(text, /down_revision: Union\[str, Sequence\[str\], None\] = \("\w+", "\w+"\)\n/);
    assert.match(text, /down_revision: Union\[str, Sequence\[str\], None\] = \("\w+", "\w+", "\w+"\)\n/);
    assert.match(text, /branch_labels: Union\[str, Sequence\[str\], None\] = \("audit",\)/);
    assert.match(text, /depends_on: Union\[str, Sequence\[str\], None\] = "audit"/);
    assert.match(text, /depends_on: Union\[str, Sequence\[str\], None\] = "[0-9a-f]{12}"/);
    assert.match(text, /revision: str = "[a-z]+\d{4}"/);
    assert.match(text, /with op\.get_context\(\)\.autocommit_block\(\):\n\s+op\.create_index\(.*postgresql_concurrently=True\)/);
    const ini = fs.readFileSync(path.join(dir, 'alembic.ini'), 'utf8');
    assert.match(ini, /^version_locations = %\(here\)s\/versions:%\(here\)s\/versions_2:%\(here\)s\/versions_3:%\(here\)s\/versions_4$/m);
    assert.match(ini, /^path_separator = os$/m);
    assert.match(ini, /^sqlalchemy\.url = postgresql:\/\/user@localhost\/db$/m);
    for (const folder of ['versions', 'versions_2', 'versions_3', 'versions_4']) assert.ok(fs.readdirSync(path.join(dir, folder)).length > 50, folder);
    // Realistic size: 3-5 KB per migration on average.
    const perFile = result.bytes / result.files;
    assert.ok(perFile > 3000 && perFile < 5000, `average ${perFile} bytes`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the real Alembic and our index agree on the heads, and alembic renders all of it offline', () => {
  const probe = spawnSync(python, ['-c', 'import alembic'], { encoding: 'utf8' });
  assert.equal(probe.status, 0, `the real Alembic is required: ${python} cannot import alembic (set ALEMBIC_PYTHON)`);
  const dir = tempDir('alembic');
  try {
    const result = generateHistory({ revisions: 150, out: dir, seed: 11, locations: 2, separator: 'space' });
    const heads = spawnSync(python, ['-m', 'alembic', '-c', result.iniPath, 'heads'], { encoding: 'utf8' });
    assert.equal(heads.status, 0, heads.stderr);
    const alembicHeads = heads.stdout.trim().split('\n').map((line) => line.split(' ')[0]).sort();
    assert.deepEqual(alembicHeads, [...result.heads].sort());
    const sql = spawnSync(python, ['-m', 'alembic', '-c', result.iniPath, 'upgrade', 'heads', '--sql'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(sql.status, 0, sql.stderr.split('\n').slice(-5).join('\n'));
    assert.match(sql.stdout, /CREATE INDEX CONCURRENTLY/);
    assert.match(sql.stdout, /COMMIT;\s*$/);
    const index = buildWorkspaceIndex([dir]);
    assert.equal(index.environments.length, 1);
    assert.deepEqual([...index.environments[0].graph.heads].sort(), alembicHeads);
    assert.equal(index.environments[0].graph.revisions().length, 150);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
