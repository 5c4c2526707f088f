// Never a stack trace, never a hang: the CLI process itself (spawned from source, as a user runs
// it) with standard output on a full device and on a closed pipe, an unusable cache folder, and
// the messages for a wrong config path, a bad range and global options given to check/coverage.
// Linux only (/dev/full, /proc), as the rest of the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../server/src/cli/run';
import { ensureDirectory } from '../../../server/src/engine/cache/cacheDirectory';
import { temporaryFolder } from '../../support/temporaryFolders';

const repository = path.resolve(__dirname, '..', '..', '..');
const cliSource = path.join(repository, 'server', 'src', 'cli.ts');
const linear = path.join(repository, 'test', 'fixtures', 'topologies', 'linear');
const checkFixtures = path.join(repository, 'test', 'fixtures', 'check');
/** A bound, not a wait: the process normally ends in a second or two. */
const PROCESS_TIMEOUT_MS = 60_000;

function cliArgs(args: string[]): string[] {
  return ['--import', 'tsx', cliSource, ...args];
}

async function run(argv: string[], cwd = linear) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { ALEMBIC_LENS_CACHE: 'off' } });
  return { code, stdout, stderr };
}

test('stdout on a full device: one line on stderr, exit 74, no stack trace', () => {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const result = spawnSync(process.execPath, cliArgs(['heads']), { cwd: linear, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS });
    assert.equal(result.status, 74, result.stderr);
    assert.equal(result.stderr, 'alembic-lens: cannot write to standard output (no space left on the device); the output is incomplete.\n');
  } finally {
    fs.closeSync(full);
  }
});

test('stdout to a pipe the reader already closed: quiet exit 0, like other CLIs', async () => {
  const child = spawn(process.execPath, cliArgs(['history']), { cwd: linear, stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before the child has even loaded: its first write meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill(), PROCESS_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve(status);
    });
  });
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
});

test('a cache folder that cannot be created (/proc): one warning, the SQL anyway, no 100% CPU loop', () => {
  const started = Date.now();
  // The fixture's env.py raises wherever it runs (it guards the graph tests), so --sql is refused
  // there as Alembic fails: a copy with an offline env.py prints.
  const runnable = temporaryFolder('robustness-linear-');
  fs.cpSync(linear, runnable, { recursive: true });
  fs.writeFileSync(path.join(runnable, 'env.py'), 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n');
  // Run from the repository's fixture folder (tsx resolves from there), on the copy's ini.
  const result = spawnSync(process.execPath, cliArgs(['-c', path.join(runnable, 'alembic.ini'), 'upgrade', 'head', '--sql']), {
    cwd: linear,
    env: { ...process.env, ALEMBIC_LENS_CACHE_DIR: '/proc/nope', ALEMBIC_LENS_CACHE: '' },
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
  });
  assert.notEqual(result.signal, 'SIGTERM', `killed after ${Date.now() - started} ms: the mkdir loop is back`);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^COMMIT;$/m);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('/proc/nope'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /^alembic-lens: warning: the cache folder \/proc\/nope cannot be used \(.*\); continuing without the disk cache\./);
});

test('ensureDirectory tries each level once and says why a folder cannot be made', () => {
  assert.match(ensureDirectory('/proc/nope/deeper') ?? '', /cannot create \/proc\/nope/);
  const file = path.join(temporaryFolder('ensure-'), 'file');
  fs.writeFileSync(file, '');
  assert.equal(ensureDirectory(path.join(file, 'sub')), `${file} is not a folder`);
  const made = path.join(path.dirname(file), 'a', 'b');
  assert.equal(ensureDirectory(made), undefined);
  assert.ok(fs.statSync(made).isDirectory());
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('a wrong config path says what is wrong and how to point at the right file (exit 2)', async () => {
  const missing = await run(['-c', 'nowhere.ini', 'heads']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^alembic-lens: Cannot read the config file: .*nowhere\.ini does not exist\. Run alembic-lens in the folder that holds alembic\.ini, or pass -c PATH/);
  assert.doesNotMatch(missing.stderr, /ENOENT/);
  const folder = await run(['-c', '.', 'history']);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /is a folder, not a file\./);
  assert.doesNotMatch(folder.stderr, /EISDIR/);
  const sql = await run(['-c', 'nowhere.ini', 'upgrade', 'head', '--sql']);
  assert.equal(sql.code, 2);
  assert.match(sql.stderr, /nowhere\.ini does not exist\. Run alembic-lens/);
});

test('a range with two colons is a sentence, not a Python unpacking error', async () => {
  const result = await run(['history', '-r', 'a:b:c']);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, "FAILED: History range 'a:b:c' has 2 colons; write one: [start]:[end], [start]:, or :[end]\n");
});

test('check and coverage honour -c and -n, and refuse -c together with PATH', async () => {
  const onlyClean = await run(['-c', 'clean/alembic.ini', 'check', '--format', 'json'], checkFixtures);
  assert.equal(onlyClean.code, 0, onlyClean.stderr);
  assert.deepEqual(JSON.parse(onlyClean.stdout).environments.map((environment: { configFile: string }) => environment.configFile), ['clean/alembic.ini']);
  const both = await run(['-c', 'clean/alembic.ini', 'check', 'broken'], checkFixtures);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give either PATH or the global -c CONFIG, not both/);
  const noSection = await run(['-n', 'otherdb', 'check', 'clean'], checkFixtures);
  assert.equal(noSection.code, 2);
  assert.match(noSection.stderr, /no Alembic environment in section \[otherdb\].*check the -n option/);
  const section = await run(['-n', 'alembic', 'check', 'clean'], checkFixtures);
  assert.equal(section.code, 0);
  const coverage = await run(['-c', 'clean/alembic.ini', 'coverage', '--json'], checkFixtures);
  assert.equal(coverage.code, 0, coverage.stderr);
  assert.deepEqual(JSON.parse(coverage.stdout).environments.map((environment: { config: string }) => path.relative(checkFixtures, environment.config)), ['clean/alembic.ini']);
  const coverageBoth = await run(['-c', 'clean/alembic.ini', 'coverage', 'broken'], checkFixtures);
  assert.equal(coverageBoth.code, 2);
  const coverageNoSection = await run(['-n', 'otherdb', 'coverage', 'clean'], checkFixtures);
  assert.equal(coverageNoSection.code, 2);
});

test('help output ends with a line break (the shell prompt starts on its own line)', async () => {
  for (const argv of [['--help'], ['-h'], ['check', '--help'], ['heads', '-h']]) {
    const result = await run(argv);
    assert.equal(result.code, 0, argv.join(' '));
    assert.ok(result.stdout.endsWith('\n') && !result.stdout.endsWith('\n\n'), argv.join(' '));
  }
  const spawned = spawnSync(process.execPath, cliArgs(['--help']), { cwd: linear, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS });
  assert.equal(spawned.status, 0);
  assert.ok(spawned.stdout.endsWith('\n'));
});
