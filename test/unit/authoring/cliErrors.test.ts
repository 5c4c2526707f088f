// `revision` and `merge` refuse bad requests with a clear message and write nothing: what Alembic
// refuses too (unknown head, a --version-path outside the version locations, ...) as Alembic says it,
// `FAILED: <message>` and exit 1; what only Alembic Lens refuses (empty slug, an existing --rev-id,
// a template it cannot render, a read-only folder) with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const TEMPLATE = [
  '"""${message}',
  '',
  'Revision ID: ${up_revision}',
  'Revises: ${down_revision | comma,n}',
  '"""',
  'revision = ${repr(up_revision)}',
  'down_revision = ${repr(down_revision)}',
  'branch_labels = ${repr(branch_labels)}',
  'depends_on = ${repr(depends_on)}',
  '',
].join('\n');

function environment(template = TEMPLATE): string {
  const root = temporaryFolder('authoring-errors-');
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\n');
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), '');
  fs.writeFileSync(path.join(root, 'migrations', 'script.py.mako'), template);
  fs.writeFileSync(path.join(root, 'migrations', 'versions', 'aaa_first.py'), 'revision = "aaa"\ndown_revision = None\n');
  return root;
}

async function run(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: root, env: {}, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function versionFiles(root: string): string[] {
  return fs.readdirSync(path.join(root, 'migrations', 'versions')).sort();
}

test('a good request writes the file from the template', async () => {
  const root = environment();
  const result = await run(root, ['revision', '-m', 'Add users!', '--rev-id', 'bbb']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(versionFiles(root), ['aaa_first.py', 'bbb_add_users.py']);
  const text = fs.readFileSync(path.join(root, 'migrations', 'versions', 'bbb_add_users.py'), 'utf8');
  assert.match(text, /^"""Add users!\n\nRevision ID: bbb\nRevises: aaa\n"""\nrevision = 'bbb'\ndown_revision = 'aaa'\nbranch_labels = None\n/);
  assert.match(result.stdout, /Generating .*bbb_add_users\.py \.\.\. {2}done/);
});

// Refused by Alembic too (it prints `FAILED: <message>` and exits 255): exit 1 and Alembic's text,
// as every command reports Alembic's failures (docs/cli.md, exit codes).
const ALEMBIC_REFUSALS: [string, string[], RegExp][] = [
  ['an unknown head', ['revision', '-m', 'x', '--head', 'nosuch', '--rev-id', 'bbb'], /^FAILED: Can't locate revision identified by 'nosuch'\n$/],
  ['an illegal --rev-id', ['revision', '-m', 'x', '--rev-id', 'a-b'], /^FAILED: Character\(s\) '-' not allowed in revision identifier 'a-b'\n$/],
  ['a --version-path outside the version locations', ['revision', '-m', 'x', '--version-path', 'elsewhere', '--rev-id', 'bbb'], /^FAILED: Path elsewhere is not represented in current version locations\n$/],
  ['an unknown merge revision', ['merge', 'aaa', 'nosuch', '-m', 'x', '--rev-id', 'bbb'], /^FAILED: Can't locate revision identified by 'nosuch'\n$/],
  ['a branch label already in use (or a revision id)', ['revision', '-m', 'x', '--branch-label', 'aaa', '--rev-id', 'bbb'], /^FAILED: Branch name 'aaa' in revision bbb already used by revision aaa\n$/],
  ['a merge of the same head twice', ['merge', 'aaa', 'aaa', '-m', 'x', '--rev-id', 'bbb'], /^FAILED: Duplicate head revisions specified\n$/],
];

for (const [name, argv, message] of ALEMBIC_REFUSALS) {
  test(`refused as Alembic refuses it, FAILED and exit 1, no file: ${name}`, async () => {
    const root = environment();
    const result = await run(root, argv);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, message);
    assert.deepEqual(versionFiles(root), ['aaa_first.py']);
  });
}

// Refused by Alembic Lens alone (Alembic would write a file named `bbb_.py`, or a second revision aaa): exit 2.
const REFUSALS: [string, string[], RegExp][] = [
  ['a message with an empty slug', ['revision', '-m', '?!', '--rev-id', 'bbb'], /empty file name slug/],
  ['no message at all', ['revision', '--rev-id', 'bbb'], /empty file name slug/],
  ['an existing --rev-id', ['revision', '-m', 'x', '--rev-id', 'aaa'], /Revision id aaa already exists/],
];

for (const [name, argv, message] of REFUSALS) {
  test(`refused with exit 2 and no file: ${name}`, async () => {
    const root = environment();
    const result = await run(root, argv);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(versionFiles(root), ['aaa_first.py']);
  });
}

test('--head base starts a new base (not refused: base is not a revision)', async () => {
  const root = environment();
  const result = await run(root, ['revision', '-m', 'other root', '--head', 'base', '--rev-id', 'ccc']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(fs.readFileSync(path.join(root, 'migrations', 'versions', 'ccc_other_root.py'), 'utf8'), /down_revision = None/);
});

test('a revision that is not a head needs --splice', async () => {
  const root = environment();
  assert.equal((await run(root, ['revision', '-m', 'second', '--rev-id', 'bbb'])).code, 0);
  const refused = await run(root, ['revision', '-m', 'x', '--head', 'aaa', '--rev-id', 'ccc']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^FAILED: Revision aaa is not a head revision; please specify --splice/);
  assert.deepEqual(versionFiles(root), ['aaa_first.py', 'bbb_second.py']);
});

const TEMPLATE_ERRORS: [string, string, RegExp][] = [
  ['an unclosed expression', 'ok\n${message\n', /script\.py\.mako:2: expected '\|' or '}' to close '\$\{'/],
  ['an if without endif', 'a\n% if message:\nb\n', /script\.py\.mako:2: '% if' without '% endif'/],
  ['a stray endfor', 'a\n\n% endfor\n', /script\.py\.mako:3: '% endfor' without a matching opening control line/],
  ['an unsupported tag', '<%def name="x()">y</%def>\n', /script\.py\.mako:1: the <%def> tag is not supported/],
  ['an unknown import', '<%!\nimport os\n%>${message}\n', /script\.py\.mako:2: importing 'os' is not supported/],
  ['an undefined name printed', 'x\ny\n${imports}\n', /script\.py\.mako:3: Undefined/],
  ['a Python syntax error', '${message +}\n', /script\.py\.mako:1: invalid syntax/],
];

for (const [name, template, message] of TEMPLATE_ERRORS) {
  test(`a template Alembic Lens cannot render is an error naming the line: ${name}`, async () => {
    const root = environment(template);
    const result = await run(root, ['revision', '-m', 'x', '--rev-id', 'bbb']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.deepEqual(versionFiles(root), ['aaa_first.py']);
  });
}

test('a version folder that cannot be created or written: exit 2, a message, no file', async () => {
  const root = environment();
  const versions = path.join(root, 'migrations', 'versions');
  // Point the version location at a path below a regular file: no user (not even root) can create it.
  fs.writeFileSync(path.join(root, 'blocker'), '');
  fs.appendFileSync(path.join(root, 'alembic.ini'), 'version_locations = %(here)s/blocker/versions\n');
  const result = await run(root, ['revision', '-m', 'x', '--head', 'base', '--rev-id', 'bbb']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /Cannot write .*blocker\/versions\/bbb_x\.py/);
  assert.deepEqual(fs.readdirSync(versions), ['aaa_first.py']);
});

test('configured post_write_hooks are named in a warning (Alembic Lens does not run them)', async () => {
  const root = environment();
  fs.appendFileSync(path.join(root, 'alembic.ini'), '\n[post_write_hooks]\nhooks = black, ruff\nblack.type = console_scripts\n');
  const result = await run(root, ['revision', '-m', 'hooked', '--rev-id', 'bbb']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /post_write_hooks \(black, ruff\) are configured; Alembic Lens does not run them/);
  assert.deepEqual(versionFiles(root), ['aaa_first.py', 'bbb_hooked.py']);
  const quiet = await run(environment(), ['revision', '-m', 'plain', '--rev-id', 'ccc']);
  assert.equal(quiet.stderr, '');
});

test('revision_environment = true: a warning says env.py is not run, and the file is still written', async () => {
  const root = environment();
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/migrations\nrevision_environment = true\n');
  const result = await run(root, ['revision', '-m', 'with env', '--rev-id', 'bbb']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /revision_environment = true: Alembic runs env\.py before rendering the template; Alembic Lens does not \(pass --python PATH/);
  assert.deepEqual(versionFiles(root), ['aaa_first.py', 'bbb_with_env.py']);
});
