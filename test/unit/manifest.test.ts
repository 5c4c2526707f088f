// VS Code manners of package.json: narrow activation, declared trust and virtual-workspace
// support, a marketplace icon and links, and `pg` placed where its use puts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('activation happens where Alembic is, not in every Python workspace', () => {
  const events: string[] = manifest.activationEvents;
  assert.ok(!events.includes('onLanguage:python'), 'onLanguage:python starts the extension in nearly every Python workspace');
  assert.ok(!events.includes('*'));
  assert.ok(events.includes('workspaceContains:**/alembic.ini'));
  assert.ok(events.includes('workspaceContains:**/script.py.mako'));
  // The only broad event: the client reads the file and stays idle without [tool.alembic].
  const broad = events.filter((event) => !/alembic\.ini|script\.py\.mako|pyproject\.toml$/.test(event));
  assert.deepEqual(broad, [], 'every activation event names an Alembic file');
});

test('the client gates pyproject.toml activation on a [tool.alembic] table before starting the server', () => {
  const detect = fs.readFileSync(path.join(root, 'client', 'src', 'detect.ts'), 'utf8');
  assert.match(detect, /declaresToolAlembic\(/);
});

test('Restricted Mode and virtual workspaces are declared with a reason', () => {
  const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities;
  assert.equal(untrustedWorkspaces.supported, 'limited');
  assert.match(untrustedWorkspaces.description, /Restricted Mode/);
  assert.match(untrustedWorkspaces.description, /never runs code of the workspace/);
  assert.equal(virtualWorkspaces.supported, false);
  assert.ok(virtualWorkspaces.description.length > 20);
});

test('marketplace icon is a 128x128 PNG that the .vsix ships', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  const png = fs.readFileSync(path.join(root, manifest.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(shipped.includes('!media/**'), '.vscodeignore ships media/');
});

test('keywords, repository, bugs and homepage are set', () => {
  assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.includes('alembic'));
  assert.ok(manifest.keywords.length <= 30, 'the marketplace takes at most 30 keywords');
  assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
  assert.equal(manifest.bugs.url, `${manifest.repository.url}/issues`);
  assert.match(manifest.homepage, new RegExp(`^${manifest.repository.url}`));
});

test('pg is a run-time dependency only when source bundled into dist/ imports it', () => {
  const importsPg: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && /\bfrom ['"]pg['"]|require\(['"]pg['"]\)/.test(fs.readFileSync(full, 'utf8'))) importsPg.push(full);
    }
  };
  walk(path.join(root, 'server', 'src'));
  walk(path.join(root, 'client', 'src'));
  const inDependencies = 'pg' in (manifest.dependencies ?? {});
  assert.equal(inDependencies, importsPg.length > 0, `pg in dependencies: ${inDependencies}; imported by: ${importsPg.map((file) => path.relative(root, file)).join(', ') || 'nothing'}`);
  if (!inDependencies) assert.ok('pg' in (manifest.devDependencies ?? {}), 'the database tests still need pg');
});
