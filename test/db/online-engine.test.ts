// The online engine against a real PostgreSQL server, side by side with the real Alembic 1.20:
// the same upgrade on two fresh databases must leave identical databases (pg_dump of schema and
// data, version rows), also when a migration fails midway; each tool continues the other's
// database; and the faults (lock timeout, two runs at once, cancel, killed connection, wrong
// password) leave the database as Alembic would and say so. Needs DATABASE_URL and ALEMBIC_PYTHON
// (test/run-all.sh provides both); fails, never skips, without them.
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runOnline } from '../../server/src/engine/online/runOnline';
import { loadEngineEnvironment } from '../../server/src/engine/environment/loadEnvironment';
import { targetFromConnection } from '../../server/src/database/target';
import { alembic, dump, fixtures, freshDatabase, lens, psql, requireAlembic, root, rows } from './onlineHelpers';
import { temporaryFolder } from '../support/temporaryFolders';

for (const mode of ['default', 'per-migration'] as const) {
  const ini = path.join(fixtures, mode, 'alembic.ini');
  test(`${mode}: a failing upgrade leaves the database exactly as Alembic leaves it`, async () => {
    requireAlembic();
    const theirs = freshDatabase();
    const ours = freshDatabase();
    const real = alembic(ini, theirs, ['upgrade', 'head']);
    assert.notEqual(real.status, 0, 'Alembic was expected to fail on o5');
    const run = await lens(ini, ours, ['upgrade', 'head']);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(dump(ours), dump(theirs));
    assert.deepEqual(rows(ours), mode === 'default' ? ['o2'] : ['o4']);
    assert.match(run.stderr, /FAILED: o5 failed at test\/fixtures\/online\/five-versions\/o5_refunds\.py:17: \(42P01\) relation "refunds" does not exist/);
    assert.match(run.stderr, /statement: ALTER TABLE refunds ADD COLUMN reason TEXT/);
    assert.match(run.stderr, /\nerror code: online-statement-failed \(docs\/rules\/online-statement-failed\.md\)\n$/);
    if (mode === 'default') {
      assert.match(run.stderr, /applied outside a transaction, by autocommit_block\(\) or after a COMMIT in the migration \(these stay\):\n\s+test\/fixtures\/online\/five-versions\/o3_index_concurrently\.py:18: CREATE INDEX CONCURRENTLY ix_accounts_email/);
      assert.match(run.stderr, /committed before the failure: o1, o2\n/);
    } else {
      assert.match(run.stderr, /committed before the failure: o1, o2, o3, o4\n/);
    }
    for (const line of ['Context impl PostgresqlImpl.', 'Will assume transactional DDL.', 'Running upgrade  -> o1, create accounts', 'Running upgrade o2 -> o3, index email concurrently']) {
      assert.ok(real.stderr.includes(`INFO  [alembic.runtime.migration] ${line}`), `Alembic printed: ${real.stderr}`);
      assert.ok(run.stderr.includes(`INFO  [alembic.runtime.migration] ${line}`), `Alembic Lens printed: ${run.stderr}`);
    }
  });

  test(`${mode}: upgrade, downgrade and stamp leave the same database as Alembic, and each continues the other's`, async () => {
    requireAlembic();
    const theirs = freshDatabase();
    const ours = freshDatabase();
    for (const args of [['upgrade', 'o4'], ['downgrade', 'o1'], ['upgrade', '+2'], ['downgrade', '-1'], ['stamp', 'o1'], ['downgrade', 'base']]) {
      const real = alembic(ini, theirs, args);
      assert.equal(real.status, 0, `alembic ${args.join(' ')}: ${real.stderr}`);
      const run = await lens(ini, ours, args);
      assert.equal(run.status, 0, `alembic-lens ${args.join(' ')}: ${run.stderr}`);
      assert.equal(dump(ours), dump(theirs), `after ${args.join(' ')}`);
    }
    // Alembic continues what Alembic Lens did, and the reverse; `current` agrees both ways.
    assert.equal((await lens(ini, ours, ['upgrade', 'o2'])).status, 0);
    assert.equal(alembic(ini, ours, ['upgrade', 'o4']).status, 0);
    assert.equal(alembic(ini, theirs, ['upgrade', 'o2']).status, 0);
    assert.equal((await lens(ini, theirs, ['upgrade', 'o4'])).status, 0);
    assert.equal(dump(ours), dump(theirs));
    const ourCurrent = await lens(ini, ours, ['current']);
    assert.equal(ourCurrent.stdout, 'o4\n');
    assert.equal(alembic(ini, ours, ['current']).stdout, ourCurrent.stdout);
    assert.equal(alembic(ini, theirs, ['current']).stdout, (await lens(ini, theirs, ['current'])).stdout);
  });
}

test('stamp --purge replaces every row; current prints (head) on the head', async () => {
  const ini = path.join(fixtures, 'default', 'alembic.ini');
  const url = freshDatabase();
  assert.equal((await lens(ini, url, ['stamp', 'o2'])).status, 0);
  psql(url, "INSERT INTO alembic_version VALUES ('o4')");
  assert.equal((await lens(ini, url, ['stamp', '--purge', 'o5'])).status, 0);
  assert.deepEqual(rows(url), ['o5']);
  assert.equal((await lens(ini, url, ['current'])).stdout, 'o5 (head)\n');
});

test('a lock timeout against a held table lock fails the statement and rolls back', async () => {
  const ini = path.join(fixtures, 'default', 'alembic.ini');
  const url = freshDatabase();
  assert.equal((await lens(ini, url, ['upgrade', 'o1'])).status, 0);
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    const run = await lens(ini, url, ['upgrade', 'o2', '--lock-timeout', '300']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED: o2 failed at .*o2_add_email\.py:16: \(55P03\) canceling statement due to lock timeout/);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  assert.deepEqual(rows(url), ['o1']);
});

test('two runs at once: the second waits for the run lock, then gives up after --lock-wait', async () => {
  const ini = path.join(fixtures, 'default', 'alembic.ini');
  const url = freshDatabase();
  const { LOCK_CLASS_ID, lockObjectId } = await import('../../server/src/engine/online/advisoryLock');
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1::int4, $2::int4)', [LOCK_CLASS_ID, lockObjectId({ name: 'alembic_version', schema: null })]);
    const run = await lens(ini, url, ['upgrade', 'o1', '--lock-wait', '300']);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /waiting for the migration lock: another run is using this version table \(server process \d+\)/);
    assert.match(run.stderr, /gave up after waiting 300 ms/);
    assert.match(run.stderr, /error code: online-lock-wait-timeout/);
  } finally {
    await holder.end();
  }
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'").trim(), '0');
});

/** A throwaway environment whose second revision sleeps, for cancel and kill tests. */
function sleepyEnvironment(): string {
  const folder = temporaryFolder('online-sleep-');
  fs.mkdirSync(path.join(folder, 'versions'));
  fs.writeFileSync(path.join(folder, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  fs.writeFileSync(path.join(folder, 'env.py'), 'from alembic import context\n');
  const revision = (id: string, down: string | null, body: string) =>
    `"""${id}"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "${id}"\ndown_revision = ${down ? `"${down}"` : 'None'}\n\n\ndef upgrade():\n    ${body}\n\n\ndef downgrade():\n    pass\n`;
  fs.writeFileSync(path.join(folder, 'versions', 's1.py'), revision('s1', null, 'op.create_table("kept", sa.Column("id", sa.Integer, primary_key=True))'));
  fs.writeFileSync(path.join(folder, 'versions', 's2.py'), revision('s2', 's1', 'op.execute("SELECT pg_sleep(30)")'));
  return path.join(folder, 'alembic.ini');
}

async function waitForSleep(url: string): Promise<number> {
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const found = await watcher.query("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND query NOT LIKE '%pg_stat_activity%' AND pid <> pg_backend_pid()");
      if (found.rows.length > 0) return Number(found.rows[0].pid);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the sleeping statement never started');
  } finally {
    await watcher.end();
  }
}

async function startSleepyRun(url: string, signal?: AbortSignal, statementTimeoutMs?: number) {
  const ini = sleepyEnvironment();
  const environment = await loadEngineEnvironment(ini, undefined, process.env);
  return runOnline({
    environment: { ...environment, config: environment.config, graph: environment.graph, configFile: ini },
    target: targetFromConnection({ url, source: 'test' }),
    command: 'upgrade',
    targets: ['head'],
    signal,
    ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
  });
}

// PostgreSQL's statement_timeout fails the statement with the same SQLSTATE as a cancel (57014),
// but nobody cancelled the run: it is a statement failure with PostgreSQL's own message (held-out
// sweep AL found it reported as "cancelled ... (Ctrl+C)" on the-momentum/open-wearables).
test('a statement timeout is a failed statement with its message, not a cancel, and rolls back', async () => {
  const url = freshDatabase();
  const result = await startSleepyRun(url, undefined, 500);
  assert.ok(!result.ok && result.reason === 'migration', JSON.stringify(result));
  assert.equal(result.report.failure?.sqlState, '57014');
  assert.equal(result.report.failure?.cancelled, false);
  assert.match(result.report.failure?.message ?? '', /canceling statement due to statement timeout/);
  assert.equal(result.code, 'online-statement-failed');
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('kept', 'alembic_version')").trim(), '0');
});

test('cancel during pg_sleep cancels the statement from a second connection and rolls back', async () => {
  const url = freshDatabase();
  const abort = new AbortController();
  const running = startSleepyRun(url, abort.signal);
  await waitForSleep(url);
  const started = Date.now();
  abort.abort();
  const result = await running;
  assert.ok(Date.now() - started < 10000, 'the cancel did not interrupt the statement');
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.reason === 'migration' && result.report.failure?.cancelled && result.report.failure.sqlState === '57014');
  assert.equal(result.code, 'online-cancelled');
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('kept', 'alembic_version')").trim(), '0');
});

test('a connection killed mid-run (pg_terminate_backend) is reported and nothing stays half-done', async () => {
  const url = freshDatabase();
  const running = startSleepyRun(url);
  const pid = await waitForSleep(url);
  psql(url, `SELECT pg_terminate_backend(${pid})`);
  const result = await running;
  assert.ok(!result.ok && result.reason === 'migration' && result.report.failure?.connectionLost, JSON.stringify(result));
  assert.equal(result.code, 'online-connection-lost');
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('kept', 'alembic_version')").trim(), '0');
});

test('a password given to a connection appears in no output of a failing run', async () => {
  const ini = path.join(fixtures, 'default', 'alembic.ini');
  const secret = 'Sup3r-s3cret!pw';
  // A closed port: the connection fails; the message names the target without the password.
  const url = `postgresql://someone:${encodeURIComponent(secret)}@127.0.0.1:1/nodb`;
  for (const args of [['upgrade', 'head'], ['current'], ['stamp', 'o1'], ['upgrade', 'head', '--url', url]]) {
    const run = await lens(ini, url, args, { PGPASSWORD: secret });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /cannot connect to someone@127\.0\.0\.1:1\/nodb[^]*error code: database-connect-failed/);
    for (const text of [run.stdout, run.stderr]) {
      assert.ok(!text.includes(secret) && !text.includes(encodeURIComponent(secret)), text);
    }
  }
  const sqlite = await lens(ini, `sqlite:///x.db`, ['upgrade', 'head', '--url', `mysql://root:${secret}@h/d`]);
  assert.equal(sqlite.status, 2);
  assert.match(sqlite.stderr, /the engine speaks PostgreSQL only[^]*error code: database-not-postgresql/);
  assert.ok(!sqlite.stderr.includes(secret));
});

test('the sandbox (PGlite) runs the same history: failure state as on a server, then current', async () => {
  const ini = path.join(fixtures, 'default', 'alembic.ini');
  const folder = temporaryFolder('online-sandbox-');
  const sandbox = path.join(folder, 'db');
  const failed = await lens(ini, '', ['upgrade', 'head', '--sandbox', sandbox]);
  assert.equal(failed.status, 1, failed.stderr);
  assert.match(failed.stderr, /\(42P01\) relation "refunds" does not exist/);
  assert.match(failed.stderr, /the version table now holds: o2/);
  const current = await lens(ini, '', ['current', '--sandbox', sandbox]);
  assert.equal(current.status, 0, current.stderr);
  assert.equal(current.stdout, 'o2\n');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('Ctrl+C in the CLI during a long statement cancels it from a second connection and rolls back', async () => {
  const url = freshDatabase();
  const ini = sleepyEnvironment();
  const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, path.join(root, 'server/src/cli.ts'), '-c', ini, 'upgrade', 'head', '--url', url], {
    cwd: root,
    env: process.env,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  await waitForSleep(url);
  const interrupted = Date.now();
  child.kill('SIGINT');
  const status = await exited;
  assert.ok(Date.now() - interrupted < 10000, 'Ctrl+C did not interrupt the statement');
  assert.equal(status, 1, stderr);
  assert.match(stderr, /online-cancelled/);
  assert.equal(psql(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('kept', 'alembic_version')").trim(), '0');
});
