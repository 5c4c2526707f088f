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
import { PercentFormatError, percentFormat } from '../../server/src/project/authoring/percentFormat';

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
  const baseWithoutPath = ['revision', '-m', 'x', '--head', 'base', '--rev-id', 'bbbb00000009'];
  const refused = await runOurs(copyOf(root), baseWithoutPath);
  // Alembic refuses it too: the same FAILED line, exit 1 (Alembic's 255; docs/cli.md, exit codes).
  const failed = /FAILED: .*/.exec(alembicFailure(root, baseWithoutPath))![0].trim();
  assert.equal(failed, 'FAILED: Multiple version locations present, please specify --version-path');
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `${failed}\n`);
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

/** Runs an Alembic command that must fail; its output (a `FAILED:` line or a traceback). */
function alembicFailure(root: string, argv: string[]): string {
  try {
    execFileSync(ALEMBIC_PYTHON, ['-m', 'alembic', ...argv], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    return `${String(output.stdout ?? '')}${String(output.stderr ?? '')}`;
  }
  throw new Error(`alembic ${argv.join(' ')} succeeded; the test expects it to fail`);
}

/** The last line of a Python traceback: `TypeError: ...`. */
function exceptionLine(output: string): string {
  const lines = output.trim().split('\n');
  return lines[lines.length - 1].trim();
}

function withAlembicSettings(root: string, settings: string): void {
  const ini = path.join(root, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace('[alembic]\n', `[alembic]\n${settings}\n`));
}

test('file_template: Python % precision, r/a/x/X/o/e/g conversions and the + and space flags', async () => {
  const root = initEnvironment('generic');
  // No hour/minute/second fields: the two runs may straddle a minute.
  withAlembicSettings(root, 'file_template = %%(rev).4s_%%(slug).5s_%%(slug)r_%%(slug)a_%%(slug)12.3s_%%(slug)-8.2s_%%(month)x_%%(month)#X_%%(month)#o_%%(day)+d_%%(day) 04d_%%(year).2e_%%(year)#g_%%(day)08.2f_%%(rev)s');
  await assertSameHistory(root, [
    ['revision', '-m', 'hello world', '--rev-id', 'gggg00000001'],
    ['revision', '-m', 'Créer la table « élève »', '--rev-id', 'gggg00000002'],
    ['revision', '-m', 'x', '--rev-id', 'gggg00000003'],
  ], ['migrations/versions']);
});

test('file_template that Python cannot fill: Alembic\'s exception, exit 2 and no file', async () => {
  for (const template of ['%%(rev)s_%%(slug)c', '%%(rev)s_%%(nosuch)s', '%%(rev)s_%%(slug)y', '%%(rev)s_%%s', '%%(rev)s_%%(day)*d', '%%(rev)s_%%(slug)*d', '%%(rev)s_%%(slug)']) {
    const root = initEnvironment('generic');
    withAlembicSettings(root, `file_template = ${template}`);
    const ours = copyOf(root);
    const argv = ['revision', '-m', 'hello world', '--rev-id', 'hhhh00000001'];
    const expected = exceptionLine(alembicFailure(root, argv));
    const result = await runOurs(ours, argv);
    assert.equal(result.code, 2, `${template}: ${result.stderr}`);
    const [type, ...rest] = expected.split(': ');
    assert.ok(result.stderr.includes(type) && result.stderr.includes(rest.join(': ')), `${template}: Alembic says ${expected}, we say ${result.stderr}`);
    assert.equal(writtenFiles(ours, ['migrations/versions']).size, 0);
  }
});

test('file_template %s without a name: Alembic formats its whole dict, we refuse and say so', async () => {
  const root = initEnvironment('generic');
  withAlembicSettings(root, 'file_template = %%s');
  const result = await runOurs(root, ['revision', '-m', 'hello world', '--rev-id', 'hhhh00000002']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /the conversion '%s' at index 0 has no \(name\), which Alembic Lens does not support/);
});

test('truncate_slug_length: negative slices from the end as Python does, 0 means 40', async () => {
  for (const length of ['-5', '-50', '0', ' 1_0 ']) {
    const root = initEnvironment('generic');
    withAlembicSettings(root, `truncate_slug_length = ${length}`);
    await assertSameHistory(root, [
      ['revision', '-m', 'hello world', '--rev-id', 'iiii00000001'],
      ['revision', '-m', 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj', '--rev-id', 'iiii00000002'],
    ], ['migrations/versions']);
  }
});

test('truncate_slug_length that int() refuses: Alembic\'s ValueError named with the setting', async () => {
  const root = initEnvironment('generic');
  withAlembicSettings(root, 'truncate_slug_length = abc');
  const ours = copyOf(root);
  const argv = ['revision', '-m', 'hello world', '--rev-id', 'jjjj00000001'];
  const expected = exceptionLine(alembicFailure(root, argv));
  assert.equal(expected, "ValueError: invalid literal for int() with base 10: 'abc'");
  const result = await runOurs(ours, argv);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /truncate_slug_length = abc \(alembic\.ini line \d+\) is not an integer/);
  assert.ok(result.stderr.includes(expected), result.stderr);
});

test('a versions "folder" that is a file: Alembic fails with NotADirectoryError, we name the file', async () => {
  const root = initEnvironment('generic');
  const versions = path.join(root, 'migrations', 'versions');
  fs.rmSync(versions, { recursive: true });
  fs.writeFileSync(versions, '');
  const ours = copyOf(root);
  const argv = ['revision', '-m', 'x', '--rev-id', 'kkkk00000001'];
  assert.match(exceptionLine(alembicFailure(root, argv)), /^NotADirectoryError: /);
  const result = await runOurs(ours, argv);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^alembic-lens: Cannot write \S*\/migrations\/versions\/kkkk00000001_x\.py: \S*\/migrations\/versions is a file, not a folder\n$/);
});

test('merge --splice merges non-heads as Alembic 1.20 does; without it, Alembic\'s refusal', async () => {
  const root = initEnvironment('generic');
  const history = [
    ['revision', '-m', 'one', '--rev-id', 'llll00000001'],
    ['revision', '-m', 'two', '--rev-id', 'llll00000002'],
    ['revision', '-m', 'three', '--rev-id', 'llll00000003'],
  ];
  const ours = copyOf(root);
  for (const argv of history) {
    runAlembic(root, argv);
    assert.equal((await runOurs(ours, argv)).code, 0);
  }
  const plain = ['merge', '-m', 'sp', 'llll00000001', 'llll00000003', '--rev-id', 'llll00000004'];
  const failed = /FAILED: (.*)/.exec(alembicFailure(root, plain))![1].trim();
  const refused = await runOurs(ours, plain);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `FAILED: ${failed}\n`);
  const splice = ['merge', '--splice', '-m', 'sp', 'llll00000001', 'llll00000003', '--rev-id', 'llll00000004'];
  runAlembic(root, splice);
  const spliced = await runOurs(ours, splice);
  assert.equal(spliced.code, 0, spliced.stderr);
  const expected = writtenFiles(root, ['migrations/versions']);
  assert.equal(expected.size, 4);
  assert.match(expected.get(path.join('migrations', 'versions', 'llll00000004_sp.py'))!, /^Revises: llll00000001, llll00000003$/m);
  assert.deepEqual(writtenFiles(ours, ['migrations/versions']), expected);
});

test('the file_template formatter against Python\'s % operator, spec by spec', () => {
  requireAlembic();
  const values = { rev: 'ab12', slug: 'crée_été', quote: "it's", both: 'a\'b"c', nul: 'a\u0000b\u00a0c\u200b', zero: 0, day: 5, tie: 125, big: 1796501234, neg: -12, wide: 99995 };
  const specs: string[] = [];
  for (const key of Object.keys(values)) {
    for (const conversion of ['s', 'r', 'a', 'c', 'd', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G']) {
      for (const modifier of ['', '-8', '08', '+', ' ', '#', '#010', '.0', '.1', '.3', '-+#12.4', 'l', '+ 07.2h']) specs.push(`<%(${key})${modifier}${conversion}>`);
    }
  }
  specs.push('%%', '%(rev)', '%(rev', '%(rev)q', '%(rev)*d', '%(day)*d', '%(day).*d', '%(rev)s%', '%(rev)s %s', '%(rev)%', '%(a(b))s', '%(nosuch)y', '%y', '%(rev)é');
  const script = [
    'import json, sys',
    'specs, values = json.load(sys.stdin)',
    'out = []',
    'for spec in specs:',
    '    try: out.append(["ok", spec % values])',
    '    except Exception as e: out.append([type(e).__name__, str(e) if not isinstance(e, KeyError) else repr(e.args[0])])',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const expected = JSON.parse(execFileSync(ALEMBIC_PYTHON, ['-c', script], { input: JSON.stringify([specs, { ...values, 'a(b)': 'nested' }]), encoding: 'utf8' })) as [string, string][];
  const mismatches: string[] = [];
  specs.forEach((spec, index) => {
    let ours: [string, string];
    try {
      ours = ['ok', percentFormat(spec, { ...values, 'a(b)': 'nested' })];
    } catch (error) {
      if (!(error instanceof PercentFormatError)) throw error;
      // Python formats the whole mapping for an unnamed first conversion; we refuse it.
      if (error.unnamed) return;
      ours = [error.type, error.message];
    }
    if (JSON.stringify(ours) !== JSON.stringify(expected[index])) mismatches.push(`${spec}: Python ${JSON.stringify(expected[index])}, ours ${JSON.stringify(ours)}`);
  });
  assert.deepEqual(mismatches, []);
});
