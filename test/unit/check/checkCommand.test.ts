// `alembic-lens check` end to end through the CLI runner, on fixtures in test/fixtures/check:
// clean (exit 0), information only (exit 0), an error (exit 1), usage errors (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { runCli } from '../../../server/src/cli/run';
import { temporaryFolder } from '../../support/temporaryFolders';

const fixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'check');

async function check(args: string[], cwd = fixtures) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env: { ALEMBIC_LENS_DOCS_URL: 'https://example.com/rules', ALEMBIC_LENS_CACHE: 'off' },
  });
  return { code, stdout, stderr };
}

test('a clean environment: exit 0 and a summary line', async () => {
  const result = await check(['clean']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'No problems found (1 environment, 2 revisions).\n');
  assert.equal(result.stderr, '');
});

test('information-level problems are reported but do not fail the check', async () => {
  const result = await check(['info-only']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^info-only\/migrations\/versions\/bbbb00000002_step\.py:4:\d+: info docstring-mismatch: /m);
});

test('an error-level problem: exit 1, path:line:col: severity code: message', async () => {
  const result = await check(['broken']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^broken\/migrations\/versions\/no_revision\.py:1:1: error missing-revision: .*no_revision\.py/m);
  assert.match(result.stdout, /^1 problem \(1 error, 0 warnings\) in 1 file \(1 environment, 1 revision\)\.$/m);
});

test('the default PATH is the current folder and every environment below it is checked', async () => {
  const result = await check(['--format', 'json']);
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.environments.map((environment: { configFile: string }) => environment.configFile).sort(), [
    'body/alembic.ini',
    'broken/alembic.ini',
    'clean/alembic.ini',
    'info-only/alembic.ini',
  ]);
  // broken/: missing-revision; body/: a syntax error, missing-upgrade, invalid-operation-arguments twice.
  assert.equal(report.summary.errors, 5);
  assert.equal(report.problems.find((problem: { code: string }) => problem.code === 'missing-revision').docs, 'https://example.com/rules/missing-revision.md');
});

test('PATH may name one alembic.ini: only that environment is checked', async () => {
  const result = await check(['clean/alembic.ini', '--format=json'], fixtures);
  assert.equal(result.code, 0);
  assert.deepEqual(JSON.parse(result.stdout).environments.map((environment: { name: string; revisions: number }) => environment.revisions), [2]);
});

test('sarif and github formats through the command', async () => {
  const sarif = await check(['broken', '-f', 'sarif']);
  assert.equal(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].results[0].ruleId, 'missing-revision');
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'broken/migrations/versions/no_revision.py');
  const github = await check(['broken', '--format', 'github']);
  assert.equal(github.code, 1);
  assert.match(github.stdout, /^::error file=broken\/migrations\/versions\/no_revision\.py,line=1,endLine=1,.*title=alembic-lens missing-revision::Could not determine/m);
});

test('usage errors exit 2 with a message and no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['--format', 'xml'], /invalid choice: 'xml'/],
    [['does-not-exist'], /PATH does not exist/],
    [['--no-such-option'], /--no-such-option/],
    [['clean', 'broken'], /error: unrecognized arguments: broken$/m],
  ];
  for (const [args, message] of cases) {
    const result = await check(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.equal(result.stdout, '');
  }
});

test('a folder without any Alembic environment is a usage error (exit 2), not a silent pass', async () => {
  const empty = temporaryFolder('check-empty-');
  try {
    const result = await check(['.'], empty);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no Alembic environment/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('a config without any usable environment still reports its problems (exit 1)', async () => {
  const folder = temporaryFolder('check-badini-');
  try {
    fs.writeFileSync(path.join(folder, 'alembic.ini'), '[alembic]\nsqlalchemy.url = postgresql://localhost/db\n');
    const result = await check([], folder);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^alembic\.ini:1:1: error [a-z-]+: /m);
    assert.match(result.stdout, /\(0 environments, 0 revisions\)\.$/m);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('PATH may name a config file of any name, as Alembic reads `-c prod.ini`; the folder alone finds only alembic.ini', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-check-ini-'));
  try {
    fs.cpSync(path.join(fixtures, 'clean', 'migrations'), path.join(root, 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(root, 'prod.ini'), '[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://user@localhost/db\n');
    const named = await check([path.join(root, 'prod.ini'), '--format=json'], root);
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual(JSON.parse(named.stdout).environments.map((environment: { configFile: string; revisions: number }) => [environment.configFile, environment.revisions]), [['prod.ini', 2]]);
    const folder = await check([root], root);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /no Alembic environment/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
