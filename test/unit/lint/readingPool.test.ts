// check's cold body reading on worker threads (lint/check/readingPool.ts): each file read once
// for its body problems and its lint reading; the workers' results must equal the main thread's,
// and a whole `check` must report the same problems with workers as without.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generateHistory } from '../../../bench/generate-history.mjs';
import { MIN_FILES_FOR_WORKERS } from '../../../server/src/engine/offline/workerPool';
import { readFileForCheck, type FileToRead } from '../../../server/src/lint/check/fileReading';
import { EarlyReaders, readInWorkers, startReadingWorkers, type ReadingBatch, type ReadingJob } from '../../../server/src/lint/check/readingPool';
import { threadContext } from '../../../server/src/common/threadContext';
import { workerScriptBeside } from '../../../server/src/common/workerThreads';
import { Worker } from 'node:worker_threads';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { readingOf } from '../../../server/src/lint/run';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { runCli } from '../../../server/src/cli/run';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import { temporaryFolder } from '../../support/temporaryFolders';

function migrationFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.py') && !entry.name.startsWith('env')) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

const dir = temporaryFolder('reading-pool-');
const history = generateHistory({ revisions: MIN_FILES_FOR_WORKERS + 20, out: path.join(dir, 'history'), seed: 7, locations: 2 });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('worker readings equal main-thread readings, file for file', async () => {
  assert.ok(await loadSqlParser());
  const targets: FileToRead[] = migrationFiles(history.dir).map((file) => ({ file, parsedWholeFile: false }));
  assert.ok(targets.length >= MIN_FILES_FOR_WORKERS, `${targets.length} files`);
  const inWorkers = await readInWorkers(targets, { ALEMBIC_LENS_WORKERS: '2' });
  assert.ok(inWorkers, 'the workers ran');
  assert.equal(inWorkers.length, targets.length);
  const onMain = targets.map((target) => readFileForCheck(target));
  assert.deepEqual(inWorkers, onMain);
  // Not a vacuous comparison: the generated operations give readings with actions.
  assert.ok(onMain.some((reading) => (reading?.reading?.upgrade?.actions.length ?? 0) > 0));
});

test('too few files: no workers (the caller reads on the main thread)', async () => {
  assert.equal(await readInWorkers([{ file: path.join(dir, 'missing.py'), parsedWholeFile: false }], { ALEMBIC_LENS_WORKERS: '2' }), undefined);
});

test('check reports the same problems with and without workers', async () => {
  const run = async (workers: string): Promise<string> => {
    const out: string[] = [];
    const code = await runCli(['check', '--select', 'ALL', '--format', 'json', history.dir], {
      cwd: history.dir,
      env: { ...process.env, ALEMBIC_LENS_CACHE: 'off', ALEMBIC_LENS_WORKERS: workers },
      stdout: (text: string) => out.push(text),
      stderr: () => undefined,
    });
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    return out.join('');
  };
  const withWorkers = JSON.parse(await run('2')).problems;
  const without = JSON.parse(await run('0')).problems;
  assert.ok(without.length > 0);
  assert.deepEqual(withWorkers, without);
});

test('workers started before their files are known read the same as the main thread', async () => {
  assert.ok(await loadSqlParser());
  const env = { ALEMBIC_LENS_WORKERS: '2' };
  const early = startReadingWorkers(env);
  assert.ok(early, 'started');
  const targets: FileToRead[] = migrationFiles(history.dir).map((file) => ({ file, parsedWholeFile: false }));
  const inWorkers = await readInWorkers(targets, env, early);
  assert.ok(inWorkers, 'the workers ran');
  assert.deepEqual(inWorkers, targets.map((target) => readFileForCheck(target)));
  assert.equal(early.take(), undefined, 'none left waiting');
});

test('early workers a reading does not need are ended', async () => {
  const env = { ALEMBIC_LENS_WORKERS: '2' };
  const early = startReadingWorkers(env);
  assert.ok(early);
  assert.equal(await readInWorkers([{ file: path.join(dir, 'missing.py'), parsedWholeFile: false }], env, early), undefined);
  assert.equal(early.take(), undefined);
  assert.equal(startReadingWorkers({ ALEMBIC_LENS_WORKERS: '0' }), undefined, 'no workers wanted: none started');
});

test('an early worker that ended before its job leaves its files to the main thread', async () => {
  assert.ok(await loadSqlParser());
  const early = new EarlyReaders({ code: 'process.exit(0)', eval: true }, 1);
  // Let it exit first (its exit is what marks it ended).
  await new Promise((resolve) => setTimeout(resolve, 500));
  const targets: FileToRead[] = migrationFiles(history.dir).map((file) => ({ file, parsedWholeFile: false }));
  const results = await readInWorkers(targets, { ALEMBIC_LENS_WORKERS: '2' }, early);
  assert.ok(results);
  assert.deepEqual(results, targets.map((target) => readFileForCheck(target)));
});

test("check's readings leave out each action's operation, which only quick fixes read; otherwise they are the editor's readings", async () => {
  assert.ok(await loadSqlParser());
  const files = migrationFiles(history.dir).slice(0, 40);
  let actions = 0;
  for (const file of files) {
    const forCheck = readFileForCheck({ file, parsedWholeFile: false });
    assert.ok(forCheck?.reading, file);
    const text = fs.readFileSync(file, 'utf8');
    const forEditor = readingOf(file, text, interpretMigration(file, text));
    const withoutOperations = JSON.parse(JSON.stringify(forEditor, (key, value: unknown) => (key === 'operation' ? undefined : value)));
    assert.deepEqual(JSON.parse(JSON.stringify(forCheck.reading)), withoutOperations, file);
    for (const fn of [forCheck.reading.upgrade, forCheck.reading.downgrade]) {
      for (const action of fn?.actions ?? []) {
        assert.equal('operation' in action, false, `${file}: ${action.kind}`);
        actions++;
      }
    }
    // The editor's readings keep them (its quick fixes rewrite the operation's call).
    assert.ok([...(forEditor.upgrade?.actions ?? []), ...(forEditor.downgrade?.actions ?? [])].some((action) => action.operation !== undefined) || (forEditor.upgrade?.actions.length ?? 0) === 0, file);
  }
  assert.ok(actions > 100, `${actions} actions`);
});

test('a head start on the listing, then the job in another order: each file read once, every answer the main thread would give', async () => {
  assert.ok(await loadSqlParser());
  const env = { ALEMBIC_LENS_WORKERS: '2' };
  // A file with a syntax error below its header: read in the head start as if its header parse
  // stopped at the header, then told that the index parsed it whole (its syntax error is the index's).
  const broken = path.join(history.dir, 'versions', 'zzzz_broken_below_header.py');
  fs.writeFileSync(broken, '"""broken"""\nrevision = "ffff0000aaaa"\ndown_revision = None\n\ndef upgrade():\n    op.create_table("t",\n\ndef downgrade():\n    pass\n');
  try {
    const listing = [broken, ...migrationFiles(history.dir).filter((file) => file !== broken)];
    const early = startReadingWorkers(env);
    assert.ok(early, 'started');
    early.headStart(listing);
    // The head start must have answered the broken file and more before the job stops it.
    const deadline = Date.now() + 60_000;
    while (early.headStartAnswered() < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(early.headStartAnswered() >= 8, `head start answered ${early.headStartAnswered()}`);
    const targets: FileToRead[] = [...listing].reverse().map((file) => ({ file, parsedWholeFile: file === broken }));
    const arrivals = new Map<number, number>();
    const results = await readInWorkers(targets, env, early, { arrived: (at) => arrivals.set(at, (arrivals.get(at) ?? 0) + 1) });
    assert.ok(results, 'the workers ran');
    assert.deepEqual(results, targets.map((target) => readFileForCheck(target)));
    assert.equal(arrivals.size, targets.length, 'every file arrived');
    assert.ok([...arrivals.values()].every((count) => count === 1), 'each exactly once');
    // Not vacuous: read whole, the broken file's body has a syntax error that the index's answer drops.
    assert.ok((readFileForCheck({ file: broken, parsedWholeFile: false })?.body ?? []).some((problem) => problem.code === 'python-syntax-error'));
  } finally {
    fs.rmSync(broken);
  }
});

test('the lint that runs while workers read stops on a --since that names no revision as before, and --since narrows alike', async () => {
  const run = async (workers: string, extra: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['check', '--select', 'ALL', '--format', 'json', ...extra, history.dir], {
      cwd: history.dir,
      env: { ...process.env, ALEMBIC_LENS_CACHE: 'off', ALEMBIC_LENS_WORKERS: workers },
      stdout: (text: string) => out.push(text),
      stderr: (text: string) => err.push(text),
    });
    return { code, out: out.join(''), err: err.join('') };
  };
  const wrong = await run('2', ['--since', 'zzzz']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /--since: zzzz is not a revision/);
  assert.doesNotMatch(wrong.err, /\n\s+at /);
  // A revision halfway: only the revisions after it are reported, with and without workers.
  const all = JSON.parse((await run('0', [])).out).problems as { file: string }[];
  const revisions = fs.readdirSync(path.join(history.dir, 'versions')).filter((name) => name.endsWith('.py')).map((name) => name.split('_')[0]);
  const since = revisions[Math.floor(revisions.length / 2)];
  const withWorkers = JSON.parse((await run('2', ['--since', since])).out).problems;
  const without = JSON.parse((await run('0', ['--since', since])).out).problems;
  assert.deepEqual(withWorkers, without);
  assert.ok(without.length > 0 && without.length < all.length, `${without.length} of ${all.length}`);
});

test('a version folder outside script_location: workers read under script_location env.py, as the main thread does', async () => {
  assert.ok(await loadSqlParser());
  // The generated history's own env.py stays above its version folders (the file Alembic does
  // not run); script_location is a sibling folder whose env.py has a naming convention.
  const layout = temporaryFolder('reading-pool-layout-');
  const own = generateHistory({ revisions: MIN_FILES_FOR_WORKERS + 20, out: path.join(layout, 'history'), seed: 7, locations: 2 });
  const app = path.join(layout, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'env.py'),
    [
      'from alembic import context',
      'from sqlalchemy import MetaData',
      'target_metadata = MetaData(naming_convention={"uq": "app_uq_%(table_name)s_%(column_0_name)s", "pk": "app_pk_%(table_name)s", "fk": "app_fk_%(table_name)s_%(column_0_name)s"})',
      'context.configure(url="postgresql://u@h/d", target_metadata=target_metadata, literal_binds=True)',
      'with context.begin_transaction():',
      '    context.run_migrations()',
      '',
    ].join('\n'),
  );
  // A migration whose constraint is named by the convention only.
  const named = path.join(own.dir, 'versions', 'ffff00000001_named_by_convention.py');
  const migration = ['"""named by the convention', '', 'Revision ID: ffff00000001', 'Revises:', '"""', 'from alembic import op', '', 'revision = "ffff00000001"', 'down_revision = None', '', '', 'def upgrade():', '    op.create_unique_constraint(None, "things", ["code"])', '', '', 'def downgrade():', '    pass', ''];
  fs.writeFileSync(named, migration.join('\n'));
  const ini = path.join(own.dir, 'alembic.ini');
  fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^script_location = .*$/m, 'script_location = %(here)s/../app'));
  const index = buildWorkspaceIndex([layout]);
  assert.equal(index.environments.length, 1);
  assert.equal(index.environments[0].config.scriptLocation, app);
  const targets: FileToRead[] = migrationFiles(own.dir).map((file) => ({ file, parsedWholeFile: false }));
  const inWorkers = await readInWorkers(targets, { ALEMBIC_LENS_WORKERS: '2' });
  assert.ok(inWorkers, 'the workers ran');
  const onMain = targets.map((target) => readFileForCheck(target));
  assert.deepEqual(inWorkers, onMain);
  // The convention of app/env.py named the constraint (the env.py above the files has none).
  const reading = JSON.stringify(onMain.find((result) => result?.file === named)?.reading);
  assert.ok(reading.includes('"app_uq_things_code"'), reading);
  // Which thread claimed that file above is a race: a worker is also given it alone.
  const script = workerScriptBeside(path.join(__dirname, '../../../server/src/lint/check/readingPool.ts'), 'readingWorker');
  assert.ok(script);
  const job: ReadingJob = { files: [{ file: named, parsedWholeFile: false }], claims: new SharedArrayBuffer(4), context: threadContext() };
  const worker = new Worker(script.code, { eval: script.eval, workerData: job });
  const batch = await new Promise<ReadingBatch>((resolve, reject) => {
    worker.on('message', (message: ReadingBatch) => message.done && resolve(message));
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(batch.answers, [[0, readFileForCheck(job.files[0])]]);
});
