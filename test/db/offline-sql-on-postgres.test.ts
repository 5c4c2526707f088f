// The SQL that `alembic-lens upgrade/downgrade --sql` prints must run on a real PostgreSQL
// server, and leave a database that the real Alembic recognises and can migrate further
// (interoperability of the version table in both directions). Needs DATABASE_URL (started by
// .ci/run through test/db/start-postgres.sh) and ALEMBIC_PYTHON; fails loudly without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateHistory } from '../../bench/generate-history.mjs';
import { temporaryFolder } from '../support/temporaryFolders';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const serverUrl = process.env.DATABASE_URL;
const alembicPython = process.env.ALEMBIC_PYTHON ?? path.join(os.homedir(), '.cache/alembic-lens/venv/bin/python');

function requireEnvironment(): string {
  assert.ok(serverUrl, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (.ci/run does)');
  assert.ok(fs.existsSync(alembicPython), `ALEMBIC_PYTHON ${alembicPython} does not exist (see README set-up)`);
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.mjs`');
  return serverUrl;
}

function psql(database: string, args: string[]): string {
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, `psql failed: ${result.stderr}`);
  return result.stdout;
}

function freshDatabase(url: string): { name: string; url: string } {
  const name = `lens_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  psql(url, ['-c', `CREATE DATABASE "${name}"`]);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return { name, url: databaseUrl.toString() };
}

function lens(iniPath: string, args: string[]): string {
  return execFileSync(process.execPath, [cli, '-c', iniPath, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function runSqlFile(databaseUrl: string, sql: string): void {
  const file = path.join(temporaryFolder('lens-sql-'), 'run.sql');
  fs.writeFileSync(file, sql);
  psql(databaseUrl, ['-f', file]);
}

function versionRows(databaseUrl: string): string[] {
  return psql(databaseUrl, ['-At', '-c', 'SELECT version_num FROM alembic_version ORDER BY 1']).split('\n').filter(Boolean);
}

function userTables(databaseUrl: string): string[] {
  const sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1";
  return psql(databaseUrl, ['-At', '-c', sql]).split('\n').filter(Boolean);
}

/**
 * A copy of the generated alembic.ini that points the real Alembic at the test database. The
 * driver is named because SQLAlchemy 2.1 defaults `postgresql://` to psycopg 3, while the venv
 * carries psycopg2 (the driver alembic-facts.md installs).
 */
function iniFor(iniPath: string, databaseUrl: string): string {
  const sqlalchemyUrl = databaseUrl.replace(/^postgres(ql)?:/, 'postgresql+psycopg2:').replace(/%/g, '%%');
  const text = fs.readFileSync(iniPath, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${sqlalchemyUrl}`);
  const copy = path.join(path.dirname(iniPath), 'alembic.test.ini');
  fs.writeFileSync(copy, text);
  return copy;
}

function alembic(iniPath: string, args: string[]): string {
  const result = spawnSync(alembicPython, ['-m', 'alembic', '-c', iniPath, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, `alembic ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

test('upgrade heads --sql of a branched 120-revision history runs on PostgreSQL; real Alembic takes over', () => {
  const url = requireEnvironment();
  const out = temporaryFolder('lens-db-');
  const history = generateHistory({ revisions: 120, out: path.join(out, 'h'), seed: 11 });
  const database = freshDatabase(url);

  runSqlFile(database.url, lens(history.iniPath, ['upgrade', 'heads', '--sql']));
  assert.deepEqual(versionRows(database.url), [...history.heads].sort());
  assert.ok(userTables(database.url).length > 0, 'the upgrade created no tables');

  const ini = iniFor(history.iniPath, database.url);
  const current = alembic(ini, ['current']).split('\n').filter(Boolean).map((line) => line.split(' ')[0]).sort();
  assert.deepEqual(current, [...history.heads].sort(), 'alembic current disagrees with the version table we wrote');

  // The real Alembic can downgrade what our SQL built, all the way to base.
  alembic(ini, ['downgrade', 'base']);
  assert.deepEqual(userTables(database.url), []);
  assert.deepEqual(versionRows(database.url), []);
});

test('upgrade head then downgrade head:base --sql round-trips a linear history on PostgreSQL', () => {
  const url = requireEnvironment();
  const out = temporaryFolder('lens-db-');
  const history = generateHistory({ revisions: 15, out: path.join(out, 'h'), seed: 5 });
  assert.equal(history.heads.length, 1);
  const database = freshDatabase(url);

  runSqlFile(database.url, lens(history.iniPath, ['upgrade', 'head', '--sql']));
  assert.deepEqual(versionRows(database.url), history.heads);
  const tablesAfterUpgrade = userTables(database.url);
  assert.ok(tablesAfterUpgrade.length > 0);

  runSqlFile(database.url, lens(history.iniPath, ['downgrade', `${history.heads[0]}:base`, '--sql']));
  assert.deepEqual(userTables(database.url), []);
  assert.deepEqual(versionRows(database.url), []);
});
