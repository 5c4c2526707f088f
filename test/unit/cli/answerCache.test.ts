// The CLI's answer cache (cli/answerCache/): a repeated read command over unchanged files prints
// the stored answer without loading the main program. Run through the built bundles (dist/cli.js
// and dist/cliMain.js, as users run them) on real files in temporary folders: every answer, replayed
// or not, must equal what `--no-cache` computes, whatever happened to the files in between.
//
// A record is written only over files whose ctime is at least RACY_MARGIN_MS older than the run,
// and ctime cannot be set back: the histories are made first, then the test polls (with a bound)
// until a run records, which happens once they are old enough.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeEnvironment } from '../../support/environmentFixture';
import { temporaryFolder } from '../../support/temporaryFolders';
import { RACY_MARGIN_MS } from '../../../server/src/cli/answerCache/answerRecord';

const repository = path.resolve(__dirname, '..', '..', '..');
const bundles = path.join(repository, 'dist');
/** A bound on waiting for the histories to age past the racy margin (normally RACY_MARGIN_MS). */
const AGE_BOUND_MS = RACY_MARGIN_MS + 20_000;

function migration(id: string, parent: string | null, message: string): string {
  const down = parent === null ? 'None' : `'${parent}'`;
  return `"""${message}\n\nRevision ID: ${id}\nRevises: ${parent ?? ''}\nCreate Date: 2024-01-01 00:00:00\n\n"""\nfrom alembic import op\n\nrevision = '${id}'\ndown_revision = ${down}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
}

function history(): Record<string, string> {
  return {
    'a1_first.py': migration('a1', null, 'first'),
    'b2_second.py': migration('b2', 'a1', 'second'),
    'c3_third.py': migration('c3', 'b2', 'third'),
  };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the answer cache said (ALEMBIC_LENS_ANSWER_TRACE=1): 'replayed', 'miss (...)', 'recorded', ... */
  trace: string[];
}

function traceOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('alembic-lens: answer cache: '))
    .map((line) => line.slice('alembic-lens: answer cache: '.length));
}

function run(root: string, args: string[], cacheDir: string, options: { cli?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const cli = options.cli ?? path.join(bundles, 'cli.js');
  const result = spawnSync(process.execPath, [cli, '-c', path.join(root, 'alembic.ini'), ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ALEMBIC_LENS_CACHE_DIR: cacheDir, ALEMBIC_LENS_ANSWER_TRACE: '1', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, trace: traceOf(result.stderr) };
}

/** What a cold index answers (the caches bypassed). */
function cold(root: string, args: string[], cacheDir: string): string {
  const result = run(root, ['--no-cache', ...args], cacheDir);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.trace, ['miss (disk caches are off or bypassed)'], '--no-cache neither replays nor records');
  return result.stdout;
}

function freshCacheDir(): string {
  return temporaryFolder('alembic-lens-answer-cache-');
}

/** Runs until a run records its answer (the files have aged past the margin); then checks a replay. */
function recordWhenOld(root: string, args: string[], cacheDir: string): void {
  const deadline = Date.now() + AGE_BOUND_MS;
  for (;;) {
    const result = run(root, args, cacheDir);
    assert.equal(result.status, 0, result.stderr);
    if (result.trace.includes('recorded')) break;
    assert.ok(Date.now() < deadline, `no answer recorded within ${AGE_BOUND_MS} ms: ${result.trace.join('; ')}`);
    spawnSync('sleep', ['0.25']);
  }
  const replay = run(root, args, cacheDir);
  assert.deepEqual(replay.trace, ['replayed']);
  assert.equal(replay.stdout, cold(root, args, cacheDir), 'the replayed answer is the cold answer');
}

/** After a change: not replayed, and the same as a cold index, on the first and the second run. */
function assertMissEqualsCold(root: string, args: string[], cacheDir: string, why: string): string {
  const expected = cold(root, args, cacheDir);
  const first = run(root, args, cacheDir);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.trace[0] ?? '', /^miss \(/, `${why}: the stored answer is not replayed`);
  assert.equal(first.stdout, expected, `${why}: first run`);
  assert.equal(run(root, args, cacheDir).stdout, expected, `${why}: second run`);
  return expected;
}

// One history per case, all made before the first test, so that they age together.
const roots: Record<string, string> = {};
const CASES = ['unchanged', 'edit', 'rename', 'delete', 'add', 'touch', 'same-size', 'config', 'git', 'concurrent', 'corrupt', 'build', 'where'] as const;

before(() => {
  assert.ok(fs.existsSync(path.join(bundles, 'cli.js')) && fs.existsSync(path.join(bundles, 'cliMain.js')), 'dist/ is not built: run `node esbuild.mjs`');
  for (const name of CASES) roots[name] = makeEnvironment(history(), `alembic-lens-answer-${name}-`);
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: roots.git, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  };
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'main');
  git('checkout', '-q', '-b', 'feature');
  fs.writeFileSync(path.join(roots.git, 'versions', 'd4_feature.py'), migration('d4', 'c3', 'feature'));
  fs.writeFileSync(path.join(roots.git, 'versions', 'b2_second.py'), migration('b2', 'a1', 'second, reworded'));
  git('add', '-A');
  git('commit', '-q', '-m', 'feature');
  git('checkout', '-q', 'main');
});

test('unchanged files: the answer is recorded once they are old enough, then replayed, equal to a cold index', () => {
  const cacheDir = freshCacheDir();
  for (const args of [['heads'], ['heads', '--verbose'], ['history'], ['history', '-v'], ['branches'], ['show', 'b2']]) recordWhenOld(roots.unchanged, args, cacheDir);
  const off = run(roots.unchanged, ['heads'], cacheDir, { env: { ALEMBIC_LENS_ANSWER_CACHE: 'off' } });
  assert.deepEqual(off.trace, ['miss (disk caches are off or bypassed)', 'not recorded (disk caches are off)'], 'ALEMBIC_LENS_ANSWER_CACHE=off');
  assert.equal(off.stdout, cold(roots.unchanged, ['heads'], cacheDir));
  // -q prints nothing, and so does its replay.
  recordWhenOld(roots.unchanged, ['-q', 'heads'], cacheDir);
  assert.equal(run(roots.unchanged, ['-q', 'heads'], cacheDir).stdout, '');
});

test('edit, rename, delete and a new file: never replayed, each run equals a cold index', () => {
  for (const [name, change] of [
    ['edit', (versions: string) => fs.writeFileSync(path.join(versions, 'c3_third.py'), migration('c3', 'b2', 'third, now with a longer message'))],
    ['rename', (versions: string) => fs.renameSync(path.join(versions, 'c3_third.py'), path.join(versions, 'c3_renamed.py'))],
    ['delete', (versions: string) => fs.unlinkSync(path.join(versions, 'c3_third.py'))],
    ['add', (versions: string) => fs.writeFileSync(path.join(versions, 'd4_fourth.py'), migration('d4', 'c3', 'fourth'))],
  ] as const) {
    const cacheDir = freshCacheDir();
    const root = roots[name];
    recordWhenOld(root, ['history', '-v'], cacheDir);
    const before = run(root, ['history', '-v'], cacheDir).stdout;
    change(path.join(root, 'versions'));
    const after = assertMissEqualsCold(root, ['history', '-v'], cacheDir, name);
    if (name !== 'rename') assert.notEqual(after, before, `${name}: the answer changed`);
  }
});

test('touch without a change: not replayed (the stamp changed), same answer, and not recorded while racy', () => {
  const cacheDir = freshCacheDir();
  const root = roots.touch;
  recordWhenOld(root, ['heads'], cacheDir);
  const file = path.join(root, 'versions', 'b2_second.py');
  const expected = run(root, ['heads'], cacheDir).stdout;
  const touched = Date.now();
  fs.utimesSync(file, new Date(touched), new Date(touched));
  // The run right after the touch: a miss, and not recorded, since the file changed within the
  // racy margin. A run that only finishes after the margin (a very loaded machine) may record: it
  // proves nothing about the margin and is not asserted on; the answers are checked either way.
  const first = run(root, ['heads'], cacheDir);
  assert.equal(first.stdout, expected, 'touch: same answer');
  assert.match(first.trace[0] ?? '', /^miss \(/, 'touch: the stored answer is not replayed');
  if (Date.now() - touched < RACY_MARGIN_MS) {
    assert.ok(first.trace.some((line) => line.startsWith('not recorded (') && line.includes('changed too recently')), first.trace.join('; '));
  }
  assert.equal(cold(root, ['heads'], cacheDir), expected, 'touch: a cold index agrees');
  assert.equal(run(root, ['heads'], cacheDir).stdout, expected, 'touch: the next run (replayed or not) agrees');
});

test('a same-size edit with the old mtime put back is seen (the ctime moved)', () => {
  const cacheDir = freshCacheDir();
  const root = roots['same-size'];
  recordWhenOld(root, ['heads', '--verbose'], cacheDir);
  const file = path.join(root, 'versions', 'c3_third.py');
  const stat = fs.statSync(file);
  const edited = migration('c3', 'b2', 'THIRD');
  assert.equal(Buffer.byteLength(edited), stat.size, 'the edit keeps the size');
  fs.writeFileSync(file, edited);
  fs.utimesSync(file, stat.atime, stat.mtime);
  const after = assertMissEqualsCold(root, ['heads', '--verbose'], cacheDir, 'same-size edit');
  assert.match(after, /THIRD/);
});

test('a change of the config file (another script_location) is seen', () => {
  const cacheDir = freshCacheDir();
  const root = roots.config;
  recordWhenOld(root, ['heads'], cacheDir);
  const other = makeEnvironment({ 'x9_other.py': migration('x9', null, 'other') }, 'alembic-lens-answer-config-target-');
  fs.writeFileSync(path.join(root, 'alembic.ini'), `[alembic]\nscript_location = ${other}\n`);
  assert.match(assertMissEqualsCold(root, ['heads'], cacheDir, 'config'), /^x9 /);
});

test('a git branch switch: each checkout equals a cold index', () => {
  const cacheDir = freshCacheDir();
  const root = roots.git;
  recordWhenOld(root, ['history', '-v'], cacheDir);
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: root }).status, 0);
  git('checkout', '-q', 'feature');
  assert.match(assertMissEqualsCold(root, ['history', '-v'], cacheDir, 'feature'), /reworded/);
  git('checkout', '-q', 'main');
  assert.doesNotMatch(assertMissEqualsCold(root, ['history', '-v'], cacheDir, 'back on main'), /reworded/);
});

test('two processes at once: both print the cold answer, the record left is whole and replays', async () => {
  const cacheDir = freshCacheDir();
  const root = roots.concurrent;
  const expected = cold(root, ['history'], cacheDir);
  recordWhenOld(root, ['history'], cacheDir);
  fs.rmSync(path.join(cacheDir, 'answers'), { recursive: true });
  const runOne = () =>
    new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(bundles, 'cli.js'), '-c', path.join(root, 'alembic.ini'), 'history'], {
        cwd: root,
        env: { ...process.env, ALEMBIC_LENS_CACHE_DIR: cacheDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.on('close', (code) => resolve({ code, stdout }));
    });
  for (const result of await Promise.all([runOne(), runOne(), runOne()])) {
    assert.equal(result.code, 0);
    assert.equal(result.stdout, expected);
  }
  assert.deepEqual(fs.readdirSync(path.join(cacheDir, 'answers')).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
  const replay = run(root, ['history'], cacheDir);
  assert.deepEqual(replay.trace, ['replayed']);
  assert.equal(replay.stdout, expected);
});

test('a truncated or altered record is a miss, never trusted, and is written again', () => {
  const cacheDir = freshCacheDir();
  const root = roots.corrupt;
  recordWhenOld(root, ['heads', '--verbose'], cacheDir);
  const expected = cold(root, ['heads', '--verbose'], cacheDir);
  const answers = path.join(cacheDir, 'answers');
  const [file] = fs.readdirSync(answers).map((name) => path.join(answers, name));
  const whole = fs.readFileSync(file, 'utf8');
  for (const damaged of [whole.slice(0, whole.length - 10), whole.replace('third', 'THIRD'), 'not a record', '']) {
    fs.writeFileSync(file, damaged);
    const result = run(root, ['heads', '--verbose'], cacheDir);
    assert.deepEqual(result.trace, ['miss (record of another build, or corrupt)', 'recorded']);
    assert.equal(result.stdout, expected);
    assert.deepEqual(run(root, ['heads', '--verbose'], cacheDir).trace, ['replayed']);
  }
});

test('a record written by another build is not replayed', () => {
  const cacheDir = freshCacheDir();
  const root = roots.build;
  const copy = temporaryFolder('alembic-lens-answer-bundles-');
  for (const name of ['cli.js', 'cliMain.js']) fs.copyFileSync(path.join(bundles, name), path.join(copy, name));
  const cli = path.join(copy, 'cli.js');
  recordWhenOld(root, ['heads'], cacheDir);
  // The copies are other files (other mtimes): the repository build's record is not theirs.
  assert.match(run(root, ['heads'], cacheDir, { cli }).trace[0] ?? '', /^miss \(record of another build/);
  assert.deepEqual(run(root, ['heads'], cacheDir, { cli }).trace, ['replayed']);
  fs.appendFileSync(path.join(copy, 'cliMain.js'), '\n// rebuilt\n');
  const rebuilt = run(root, ['heads'], cacheDir, { cli });
  assert.equal(rebuilt.trace[0], 'miss (record of another build, or corrupt)');
  assert.equal(rebuilt.stdout, cold(root, ['heads'], cacheDir));
});

test('the same command line elsewhere, or with another ALEMBIC_CONFIG, is another question', () => {
  const cacheDir = freshCacheDir();
  const root = roots.where;
  const other = makeEnvironment({ 'z1_only.py': migration('z1', null, 'only') }, 'alembic-lens-answer-where-other-');
  // `heads` without -c: the config is the working folder's alembic.ini.
  const bare = (cwd: string, env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [path.join(bundles, 'cli.js'), 'heads'], {
      cwd,
      env: { ...process.env, ALEMBIC_LENS_CACHE_DIR: cacheDir, ALEMBIC_LENS_ANSWER_TRACE: '1', ...env },
      encoding: 'utf8',
    });
    return { stdout: result.stdout, trace: traceOf(result.stderr) };
  };
  const deadline = Date.now() + AGE_BOUND_MS;
  while (!bare(root).trace.includes('recorded')) {
    assert.ok(Date.now() < deadline, 'no answer recorded in time');
    spawnSync('sleep', ['0.25']);
  }
  assert.deepEqual(bare(root), { stdout: 'c3 (head)\n', trace: ['replayed'] });
  const elsewhere = bare(other);
  assert.equal(elsewhere.stdout, 'z1 (head)\n');
  assert.equal(elsewhere.trace[0], 'miss (no record)');
  const viaVariable = bare(root, { ALEMBIC_CONFIG: path.join(other, 'alembic.ini') });
  assert.equal(viaVariable.stdout, 'z1 (head)\n');
  assert.equal(viaVariable.trace[0], 'miss (no record)');
});

test('answers that depend on more than the files are not recorded: a failure, a problem on standard error', () => {
  const cacheDir = freshCacheDir();
  const root = makeEnvironment({ ...history(), 'd4_orphan.py': migration('d4', 'zz', 'orphan') }, 'alembic-lens-answer-problem-');
  for (const args of [['show', 'nosuch'], ['history', '-i'], ['heads']]) {
    const result = run(root, args, cacheDir);
    assert.ok(!result.trace.includes('recorded'), `${args.join(' ')}: ${result.trace.join('; ')}`);
    assert.deepEqual(run(root, args, cacheDir).trace[0], 'miss (no record)');
  }
  // A file the index never caches (a suppression comment): its answer is computed every time.
  const suppressed = makeEnvironment({ ...history(), 'd4_fourth.py': migration('d4', 'c3', 'fourth') + '# alembic-lens: ignore-file[opaque-step]\n' }, 'alembic-lens-answer-suppressed-');
  const deadline = Date.now() + AGE_BOUND_MS;
  for (;;) {
    const result = run(suppressed, ['heads'], cacheDir);
    assert.equal(result.stdout, cold(suppressed, ['heads'], cacheDir));
    assert.ok(!result.trace.includes('recorded') && !result.trace.includes('replayed'), result.trace.join('; '));
    // Once the files are old enough, the reason is the uncacheable file, not their age.
    if (result.trace.includes('not recorded (the answer depends on more than the files it can watch)')) break;
    assert.ok(Date.now() < deadline, result.trace.join('; '));
    spawnSync('sleep', ['0.25']);
  }
});
