// The online options that decide whether and how a run happens, on a real PostgreSQL server:
// opaque steps refused (nothing run) or handed to the real Alembic with --python; --dry-run
// (rolled back, even with transaction_per_migration) and its refusal of autocommit_block();
// named connections from pyproject.toml with `protected` / --confirm, password_env and
// lock_timeout; and cancel on the embedded database, which stops before the next statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runOnline } from '../../server/src/engine/online/runOnline';
import { loadEngineEnvironment } from '../../server/src/engine/environment/loadEnvironment';
import { openSandbox } from '../../server/src/database/sandbox';
import { alembicPython, dump, fixtures, freshDatabase, lens, psql, psycopg2Url, requireAlembic, rows } from './onlineHelpers';
import { temporaryFolder } from '../support/temporaryFolders';

const opaqueIni = path.join(fixtures, 'default', 'opaque.ini');
const defaultIni = path.join(fixtures, 'default', 'alembic.ini');
const perMigrationIni = path.join(fixtures, 'per-migration', 'alembic.ini');

function tableExists(url: string, table: string): boolean {
  return psql(url, `SELECT count(*) FROM pg_tables WHERE tablename = '${table}'`).trim() === '1';
}

test('opaque steps are refused with file and line, and nothing is run', async () => {
  const url = freshDatabase();
  const run = await lens(opaqueIni, url, ['upgrade', 'head']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /FAILED: 1 step\(s\) cannot be run statically:\n {2}test\/fixtures\/online\/opaque-versions\/p2_seed_through_bind\.py:17: upgrade\(\) of p2: loop over values known only at run time \(queries the database through op\.get_bind\(\)/);
  assert.match(run.stderr, /Nothing was run\. Rerun with --python PATH.*\nerror code: online-opaque-refused \(docs\/rules\/online-opaque-refused\.md\)\n$/);
  // p1 is static, but the run is all or nothing: not even the version table was created.
  assert.equal(tableExists(url, 'items'), false);
  assert.equal(tableExists(url, 'alembic_version'), false);
  // A target before the opaque step runs on its own.
  assert.equal((await lens(opaqueIni, url, ['upgrade', 'p1'])).status, 0);
  assert.deepEqual(rows(url), ['p1']);
});

test('a dry run with opaque steps is refused even with --python (Alembic has no dry run), and says so instead of asking for --python', async () => {
  const url = freshDatabase();
  const run = await lens(opaqueIni, url, ['upgrade', 'head', '--dry-run', '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /Nothing was run\. A dry run is never handed to Alembic, which has no dry run/);
  assert.doesNotMatch(run.stderr, /Rerun with --python/);
  assert.equal(tableExists(url, 'alembic_version'), false);
});

test('--python naming no interpreter: the run says Alembic could not be started and nothing was run', async () => {
  const url = freshDatabase();
  const run = await lens(opaqueIni, url, ['upgrade', 'head', '--python', '/nonexistent/python']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /cannot run \/nonexistent\/python/);
  assert.match(run.stderr, /FAILED: Alembic could not be started \(above\), so nothing was run; the version table now holds: \(no rows\)/);
  assert.doesNotMatch(run.stderr, /exited with code/);
  assert.equal(tableExists(url, 'items'), false);
});

test('--python hands the run to the real Alembic, streams its output and reads the version table after', async () => {
  requireAlembic();
  const url = freshDatabase();
  // The URL reaches Alembic through env.py; SQLAlchemy needs the driver the venv has.
  const driverUrl = psycopg2Url(url);
  assert.equal((await lens(opaqueIni, driverUrl, ['upgrade', 'p1'])).status, 0);
  const run = await lens(opaqueIni, driverUrl, ['upgrade', 'head', '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /alembic-lens: 1 step\(s\) cannot be run statically; handing the run to Alembic \(.* -m alembic\)/);
  // Alembic's own log line, streamed from its process.
  assert.match(run.stderr, /INFO {2}\[alembic\.runtime\.migration\] Running upgrade p1 -> p2, seed through the connection/);
  // Alembic prints its context lines itself: once each, as a run of Alembic alone (held-out sweep AP).
  assert.equal(run.stderr.match(/Context impl PostgresqlImpl\./g)?.length, 1, run.stderr);
  assert.equal(run.stderr.match(/Will assume transactional DDL\./g)?.length, 1, run.stderr);
  assert.equal(psql(url, 'SELECT name FROM items').trim(), 'seeded by python');
  assert.deepEqual(rows(url), ['p2']);
  assert.equal((await lens(opaqueIni, driverUrl, ['current'])).stdout, 'p2 (head)\n');
});

test('--python: Alembic failing is exit 1 with the version table as Alembic left it', async () => {
  requireAlembic();
  const url = psycopg2Url(freshDatabase());
  // No items table: p1 is stamped, so Alembic's p2 fails on the INSERT.
  assert.equal((await lens(opaqueIni, url, ['stamp', 'p1'])).status, 0);
  const run = await lens(opaqueIni, url, ['upgrade', 'head', '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /relation "items" does not exist/);
  assert.match(run.stderr, /FAILED: Alembic exited with code 1; the version table now holds: p1\nerror code: online-alembic-failed/);
});

test('--python with --url: Alembic migrates the database named (env.py\'s variable set to it), never the one env.py would find', async () => {
  requireAlembic();
  const found = freshDatabase();
  const named = freshDatabase();
  // env.py sets sqlalchemy.url from DATABASE_URL (here the other database): the variable gets the named URL.
  const run = await lens(opaqueIni, psycopg2Url(found), ['upgrade', 'head', '--url', psycopg2Url(named), '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /handing the run to Alembic \(.* -m alembic, with sqlalchemy\.url set to /);
  assert.deepEqual(rows(named), ['p2']);
  assert.equal(psql(named, 'SELECT name FROM items').trim(), 'seeded by python');
  assert.equal(tableExists(found, 'alembic_version'), false);
  assert.equal(tableExists(found, 'items'), false);
});

test('--python with --url: an env.py with a URL of its own is refused (online-alembic-other-database), nothing is run anywhere', async () => {
  requireAlembic();
  const own = freshDatabase();
  const named = freshDatabase();
  const dir = temporaryFolder('lens-other-database-');
  const envPy = fs.readFileSync(path.join(fixtures, 'default', 'env.py'), 'utf8').replace('os.environ["DATABASE_URL"]', JSON.stringify(psycopg2Url(own)));
  assert.notEqual(envPy, fs.readFileSync(path.join(fixtures, 'default', 'env.py'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'env.py'), envPy);
  fs.writeFileSync(path.join(dir, 'alembic.ini'), fs.readFileSync(opaqueIni, 'utf8').replace('%(here)s/../opaque-versions', path.join(fixtures, 'opaque-versions')));
  const run = await lens(path.join(dir, 'alembic.ini'), psycopg2Url(own), ['upgrade', 'head', '--url', psycopg2Url(named), '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /FAILED: 1 step\(s\) cannot be run statically, and the run cannot be handed to Alembic .*env\.py:\d+ sets the URL Alembic connects to itself/);
  assert.match(run.stderr, /error code: online-alembic-other-database/);
  assert.doesNotMatch(run.stderr, /Running upgrade/);
  for (const url of [own, named]) {
    assert.equal(tableExists(url, 'alembic_version'), false);
    assert.equal(tableExists(url, 'items'), false);
  }
});

test('--python with --sandbox: Alembic migrates the embedded database, not env.py\'s', async () => {
  requireAlembic();
  const found = freshDatabase();
  const folder = temporaryFolder('lens-sandbox-python-');
  const run = await lens(opaqueIni, psycopg2Url(found), ['upgrade', 'head', '--sandbox', folder, '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Running upgrade p1 -> p2, seed through the connection/);
  assert.equal(tableExists(found, 'alembic_version'), false);
  const current = await lens(opaqueIni, psycopg2Url(found), ['current', '--sandbox', folder]);
  assert.equal(current.stdout, 'p2 (head)\n', current.stderr);
});

test('--dry-run runs the steps and rolls back: the database is unchanged', async () => {
  const url = freshDatabase();
  assert.equal((await lens(defaultIni, url, ['upgrade', 'o1'])).status, 0);
  const before = dump(url);
  const run = await lens(defaultIni, url, ['upgrade', 'o2', '--dry-run']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Running upgrade o1 -> o2, add email/);
  assert.match(run.stderr, /dry run: 1 step\(s\) ran and were rolled back; the version table is unchanged \(o1\)/);
  assert.equal(dump(url), before);
  assert.deepEqual(rows(url), ['o1']);
});

test('a failing statement in a dry run is reported like any failure, and nothing stays', async () => {
  const url = freshDatabase();
  assert.equal((await lens(defaultIni, url, ['stamp', 'o4'])).status, 0);
  const before = dump(url);
  const run = await lens(defaultIni, url, ['upgrade', 'o5', '--dry-run']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /FAILED: o5 failed at test\/fixtures\/online\/five-versions\/o5_refunds\.py:16: \(42P01\) relation "accounts" does not exist/);
  assert.match(run.stderr, /the version table now holds: o4/);
  assert.equal(dump(url), before);
});

test('--dry-run with transaction_per_migration still uses one transaction and leaves nothing, not even the version table', async () => {
  const url = freshDatabase();
  const run = await lens(perMigrationIni, url, ['upgrade', 'o2', '--dry-run']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /dry run: 2 step\(s\) ran and were rolled back; the version table is unchanged \(empty\)/);
  assert.equal(tableExists(url, 'accounts'), false);
  assert.equal(tableExists(url, 'alembic_version'), false);
});

test('--dry-run is refused when autocommit_block() is involved, naming each block; nothing is run', async () => {
  const url = freshDatabase();
  assert.equal((await lens(defaultIni, url, ['upgrade', 'o2'])).status, 0);
  const before = dump(url);
  const run = await lens(defaultIni, url, ['upgrade', 'o4', '--dry-run']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /FAILED: a dry run cannot include autocommit_block\(\) or a COMMIT written in the migration, whose statements commit on their own:\n {2}test\/fixtures\/online\/five-versions\/o3_index_concurrently\.py:17: upgrade\(\) of o3\nNothing was run\.\nerror code: online-dry-run-autocommit/);
  assert.equal(dump(url), before);
  // The downgrade through o3 has a block too.
  assert.equal((await lens(defaultIni, url, ['upgrade', 'o4'])).status, 0);
  const down = await lens(defaultIni, url, ['downgrade', 'o2', '--dry-run']);
  assert.equal(down.status, 1, down.stderr);
  assert.match(down.stderr, /o3_index_concurrently\.py:22: downgrade\(\) of o3/);
});

/** A working folder whose pyproject.toml names connections to `url` (without its password). */
function projectWithConnections(url: string, extra = ''): string {
  const folder = temporaryFolder('online-connections-');
  fs.writeFileSync(
    path.join(folder, 'pyproject.toml'),
    `[tool.alembic-lens.connections.staging]\nurl = "${url}"\nprotected = true\npassword_env = "LENS_TEST_STAGING_PW"\n\n` +
      `[tool.alembic-lens.connections.dev]\nurl = "${url}"\nlock_timeout = 300\n${extra}`,
  );
  return folder;
}

test('--connection reads pyproject.toml; a protected connection needs --confirm NAME to write, not to read or dry-run', async () => {
  const url = freshDatabase();
  const cwd = projectWithConnections(url);
  const secret = 'pyproject-S3cret';
  const env = { LENS_TEST_STAGING_PW: secret, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/not-this-one' };
  const refused = await lens(defaultIni, '', ['upgrade', 'o1', '--connection', 'staging'], env, cwd);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /connection 'staging' is protected: add --confirm staging to upgrade it\nerror code: database-connection-protected/);
  assert.equal(tableExists(url, 'alembic_version'), false, 'a refused run must not connect and write');
  const wrongName = await lens(defaultIni, '', ['upgrade', 'o1', '--connection', 'staging', '--confirm', 'dev'], env, cwd);
  assert.equal(wrongName.status, 2);
  const dry = await lens(defaultIni, '', ['upgrade', 'o1', '--connection', 'staging', '--dry-run'], env, cwd);
  assert.equal(dry.status, 0, dry.stderr);
  assert.equal(tableExists(url, 'alembic_version'), false);
  const confirmed = await lens(defaultIni, '', ['upgrade', 'o1', '--connection', 'staging', '--confirm', 'staging'], env, cwd);
  assert.equal(confirmed.status, 0, confirmed.stderr);
  assert.deepEqual(rows(url), ['o1']);
  const current = await lens(defaultIni, '', ['current', '--connection', 'staging'], env, cwd);
  assert.equal(current.stdout, 'o1\n');
  for (const run of [refused, wrongName, dry, confirmed, current]) {
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
  }
  const unknown = await lens(defaultIni, '', ['current', '--connection', 'prod'], env, cwd);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /prod[^]*error code: database-connection-unknown/);
});

test('a named connection applies its lock_timeout; a password written in pyproject.toml is refused', async () => {
  const url = freshDatabase();
  const cwd = projectWithConnections(url);
  assert.equal((await lens(defaultIni, '', ['upgrade', 'o1', '--connection', 'dev'], {}, cwd)).status, 0);
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
    const run = await lens(defaultIni, '', ['upgrade', 'o2', '--connection', 'dev'], {}, cwd);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /\(55P03\) canceling statement due to lock timeout/);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  assert.deepEqual(rows(url), ['o1']);
  const withPassword = new URL(url);
  withPassword.password = 'written-down';
  const leaky = projectWithConnections(withPassword.toString());
  const refused = await lens(defaultIni, '', ['current', '--connection', 'dev'], {}, leaky);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /the url holds a password; put it in an environment variable and name it with password_env/);
  assert.ok(!refused.stderr.includes('written-down'));
});

test('cancel on the embedded database stops the run before its next statement and rolls back', async () => {
  const folder = temporaryFolder('online-sandbox-cancel-');
  const sandbox = await openSandbox(path.join(folder, 'db'));
  try {
    const environment = await loadEngineEnvironment(defaultIni, undefined, process.env);
    const abort = new AbortController();
    const notices: string[] = [];
    const result = await runOnline({
      environment: { ...environment, config: environment.config, graph: environment.graph, configFile: defaultIni },
      target: sandbox.target,
      command: 'upgrade',
      targets: ['o2'],
      signal: abort.signal,
      notice: (line) => notices.push(line),
      // Cancel as the second step starts: o1's statements ran, o2's must not.
      onStep: (index) => {
        if (index === 1) abort.abort();
      },
    });
    assert.ok(!result.ok && result.reason === 'migration', JSON.stringify(result));
    assert.equal(result.report.failure?.cancelled, true);
    assert.equal(result.code, 'online-cancelled');
    assert.equal(result.report.failure?.sqlState, undefined, 'nothing was interrupted on the server');
    assert.deepEqual(result.report.stepsRun, ['upgrade  -> o1, create accounts']);
    assert.deepEqual(result.report.committedSteps, []);
    assert.deepEqual(result.rowsAfter, []);
    assert.ok(notices.some((line) => /the embedded database cannot interrupt a statement; the run stops before its next one/.test(line)), notices.join('\n'));
    const client = new pg.Client({ ...sandbox.target.settings });
    await client.connect();
    try {
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename IN ('accounts', 'alembic_version')");
      assert.deepEqual(tables.rows, [], 'o1 was rolled back with the run');
    } finally {
      await client.end();
    }
  } finally {
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('a sandbox folder in use by another process is refused with its code, not corrupted', async () => {
  const folder = temporaryFolder('online-sandbox-busy-');
  const sandbox = await openSandbox(path.join(folder, 'db'));
  try {
    const run = await lens(defaultIni, '', ['current', '--sandbox', path.join(folder, 'db')]);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`in use by process ${process.pid}\\nerror code: database-sandbox-unavailable`));
  } finally {
    await sandbox.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('a query option of the URL that is not used is named in a warning, the run goes on', async () => {
  const url = freshDatabase();
  const run = await lens(defaultIni, url, ['current', '--url', `${url}?target_session_attrs=any&application_name=lens`]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /WARNING: the database URL's option 'target_session_attrs' is not used by Alembic Lens \(not passed on to the connection\)/);
  assert.doesNotMatch(run.stderr, /application_name/);
});
