// Differential tests of `revision` and `merge` against the real Alembic 1.20: the same command
// lines (with the same --rev-id) run in two copies of one `alembic init` environment, and the
// files written must be byte-identical except the `Create Date` line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { ALEMBIC_PYTHON, requireAlembic } from '../fixtures/topologies/diffSupport';
import { temporaryFolder } from '../support/temporaryFolders';

const HISTORY: string[][] = [
  ['revision', '-m', 'create account table', '--rev-id', 'aaaa00000001'],
  ['revision', '-m', "add a user's column", '--rev-id', 'aaaa00000002'],
  ['revision', '-m', 'start feature', '--head', 'aaaa00000001', '--splice', '--branch-label', 'feature', '--rev-id', 'aaaa00000003'],
  ['revision', '-m', 'feature needs column', '--head', 'feature@head', '--depends-on', 'aaaa00000002', '--rev-id', 'aaaa00000004'],
  ['revision', '-m', 'a very long message that is cut back to a word boundary by the slug', '--head', 'aaaa00000001', '--splice', '--depends-on', 'feature', '--depends-on', 'aaaa00000002', '--rev-id', 'aaaa00000005'],
  ['merge', 'aaaa00000002', 'aaaa00000004', 'aaaa00000005', '-m', 'merge three heads', '--rev-id', 'aaaa00000006'],
  ['revision', '-m', 'after the merge', '--head', 'aaaa00000006', '--branch-label', 'joined', '--rev-id', 'aaaa00000007'],
  ['revision', '-m', 'split again', '--head', 'aaaa00000006', '--splice', '--rev-id', 'aaaa00000008'],
  ['merge', 'joined@head', 'aaaa00000008', '-m', 'merge two', '--rev-id', 'aaaa00000009'],
];

function initEnvironment(template: string): string {
  requireAlembic();
  const root = temporaryFolder(`authoring-${template}-`);
  execFileSync(ALEMBIC_PYTHON, ['-m', 'alembic', 'init', '-t', template, 'migrations'], { cwd: root, stdio: 'ignore' });
  return root;
}

function copyOf(root: string): string {
  const copy = temporaryFolder('authoring-ours-');
  fs.cpSync(root, copy, { recursive: true });
  return copy;
}

function runAlembic(root: string, argv: string[]): void {
  try {
    execFileSync(ALEMBIC_PYTHON, ['-m', 'alembic', ...argv], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`alembic ${argv.join(' ')} failed: ${String(output.stdout ?? '')}${String(output.stderr ?? '')}`);
  }
}

async function runOurs(root: string, argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, { cwd: root, env: {}, stdout: () => {}, stderr: (text) => (stderr += text) });
  return { code, stderr };
}

/** Every .py under the version folders, by relative path, without the Create Date line. */
function writtenFiles(root: string, folders: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of folders) {
    const absolute = path.join(root, folder);
    if (!fs.existsSync(absolute)) continue;
    for (const name of fs.readdirSync(absolute).filter((entry) => entry.endsWith('.py')).sort()) {
      files.set(path.join(folder, name), fs.readFileSync(path.join(absolute, name), 'utf8').replace(/^Create Date: .*$/m, 'Create Date: <now>'));
    }
  }
  return files;
}

async function assertSameHistory(root: string, commands: string[][], folders: string[]): Promise<Map<string, string>> {
  const ours = copyOf(root);
  for (const argv of commands) {
    runAlembic(root, argv);
    const result = await runOurs(ours, argv);
    assert.equal(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
  }
  const expected = writtenFiles(root, folders);
  assert.equal(expected.size, commands.length, 'Alembic wrote one file per command');
  assert.deepEqual(writtenFiles(ours, folders), expected);
  return expected;
}

for (const template of ['generic', 'async', 'multidb', 'pyproject']) {
  test(`revision and merge write what Alembic writes (alembic init -t ${template})`, async () => {
    const files = await assertSameHistory(initEnvironment(template), HISTORY, ['migrations/versions']);
    const threeWay = [...files.entries()].find(([name]) => name.includes('aaaa00000006'))![1];
    assert.match(threeWay, /^Revises: aaaa00000002, aaaa00000004, aaaa00000005$/m);
  });
}

test('an edited template: typed header, extra imports, conditionals on the message, <%text>, ## comments, continuations', async () => {
  const root = initEnvironment('generic');
  const template = path.join(root, 'migrations', 'script.py.mako');
  const edited = fs.readFileSync(template, 'utf8').replace('from alembic import op\n', [
    '<%! import re %>from alembic import op',
    '## a comment Mako drops',
    'import datetime  # extra import \\',
    '',
    '% if "merge" in message.lower():',
    '# merging ${len(down_revision) if down_revision else 0} heads: ${down_revision | comma,n}',
    '% elif message.startswith("add"):',
    'SLUG = ${repr(re.sub(r"\\W+", "-", message).strip("-"))}',
    '% else:',
    '# <%text>${not rendered}</%text>',
    '% endif',
    '% for word in message.split()[:2]:',
    '# word: ${word.upper()}',
    '% endfor',
    '',
  ].join('\n'));
  fs.writeFileSync(template, edited);
  await assertSameHistory(root, HISTORY, ['migrations/versions']);
});

test('two version locations: --version-path, the head\'s folder, and a base needing --version-path', async () => {
  const root = initEnvironment('generic');
  const ini = path.join(root, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^# version_locations = .*$/m, 'version_locations = %(here)s/migrations/versions:%(here)s/extra'));
  fs.mkdirSync(path.join(root, 'extra'));
  await assertSameHistory(root, [
    ['revision', '-m', 'first', '--version-path', 'migrations/versions', '--rev-id', 'bbbb00000001'],
    ['revision', '-m', 'second', '--rev-id', 'bbbb00000002'],
    ['revision', '-m', 'other base', '--head', 'base', '--version-path', 'extra', '--branch-label', 'other', '--rev-id', 'bbbb00000003'],
    ['revision', '-m', 'on other', '--head', 'other@head', '--rev-id', 'bbbb00000004'],
    ['merge', 'heads', '-m', 'join', '--rev-id', 'bbbb00000005'],
  ], ['migrations/versions', 'extra']);
  const refused = await runOurs(copyOf(root), ['revision', '-m', 'x', '--head', 'base', '--rev-id', 'bbbb00000009']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /Multiple version locations present, please specify --version-path/);
});

test('file_template with date fields, truncate_slug_length, timezone and a Unicode message', async () => {
  const root = initEnvironment('generic');
  const ini = path.join(root, 'alembic.ini');
  const settings = 'file_template = %%(year)d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 12\ntimezone = Europe/Paris\n';
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', `[alembic]\n${settings}`));
  await assertSameHistory(root, [
    ['revision', '-m', 'Ajouter la table « élève » et ½ index', '--rev-id', 'cccc00000001'],
    ['revision', '-m', 'short', '--rev-id', 'cccc00000002'],
    ['revision', '-m', 'exactly12chr', '--rev-id', 'cccc00000003'],
    ['revision', '-m', 'nounderscoresatallhere', '--rev-id', 'cccc00000004'],
  ], ['migrations/versions']);
});

test('recursive version locations: the new file goes to the version location, not the head\'s subfolder', async () => {
  const root = initEnvironment('generic');
  const ini = path.join(root, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', '[alembic]\nrecursive_version_locations = true\n'));
  const sub = path.join(root, 'migrations', 'versions', '2025');
  fs.mkdirSync(sub);
  fs.writeFileSync(path.join(sub, 'dddd00000001_old.py'), 'revision = "dddd00000001"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n');
  await assertSameHistory(root, [
    ['revision', '-m', 'after the old one', '--rev-id', 'dddd00000002'],
    ['revision', '-m', 'and another', '--rev-id', 'dddd00000003'],
  ], ['migrations/versions']);
});

test('a template construct the renderer refuses: exit 2 and no file, or with --python the real Alembic renders it', async () => {
  const root = initEnvironment('generic');
  const template = path.join(root, 'migrations', 'script.py.mako');
  fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace('from alembic import op\n', 'from alembic import op\n# ${", ".join([word.upper() for word in message.split()])}\n'));
  const ours = copyOf(root);
  const argv = ['revision', '-m', 'shout this', '--rev-id', 'eeee00000001'];
  const refused = await runOurs(ours, argv);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /script\.py\.mako:11: list comprehensions are not supported/);
  assert.equal(writtenFiles(ours, ['migrations/versions']).size, 0);
  runAlembic(root, argv);
  const handedOver = await runOurs(ours, [...argv, '--python', ALEMBIC_PYTHON]);
  assert.equal(handedOver.code, 0, handedOver.stderr);
  assert.match(handedOver.stderr, /rendering with Alembic/);
  const expected = writtenFiles(root, ['migrations/versions']);
  assert.match([...expected.values()][0], /^# SHOUT, THIS$/m);
  assert.deepEqual(writtenFiles(ours, ['migrations/versions']), expected);
});

test('revision_environment = true with --python: Alembic (running env.py) writes the file', async () => {
  const root = initEnvironment('generic');
  const ini = path.join(root, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', '[alembic]\nrevision_environment = true\n').replace(/^sqlalchemy\.url = .*$/m, 'sqlalchemy.url = sqlite:///scratch.db'));
  const ours = copyOf(root);
  const argv = ['revision', '-m', 'through env', '--rev-id', 'ffff00000001'];
  runAlembic(root, argv);
  const result = await runOurs(ours, [...argv, '--python', ALEMBIC_PYTHON]);
  assert.equal(result.code, 0, result.stderr);
  const expected = writtenFiles(root, ['migrations/versions']);
  assert.equal(expected.size, 1);
  assert.deepEqual(writtenFiles(ours, ['migrations/versions']), expected);
});
