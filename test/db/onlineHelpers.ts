// Shared by the db-tier tests of the online engine: fresh databases on the test server, the CLI
// from source, the real Alembic 1.20, and the comparisons (pg_dump without the lines that differ
// between any two dumps, version rows). Needs DATABASE_URL and ALEMBIC_PYTHON (test/run-all.sh
// provides both); the tests fail, never skip, without them.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { temporaryFolder } from '../support/temporaryFolders';

export const root = path.resolve(__dirname, '..', '..');
export const fixtures = path.join(root, 'test', 'fixtures', 'online');
const serverUrl = process.env.DATABASE_URL;
export const alembicPython = process.env.ALEMBIC_PYTHON ?? '/work/venv-alembic/bin/python';
const pgBin = process.env.PG_BIN ?? fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).pop() ?? '';

export function requireServer(): string {
  assert.ok(serverUrl, 'DATABASE_URL is not set: start PostgreSQL with `source test/db/start-postgres.sh` (test/run-all.sh does)');
  return serverUrl;
}

export function requireAlembic(): void {
  assert.ok(fs.existsSync(alembicPython), `ALEMBIC_PYTHON ${alembicPython} does not exist (see the README set-up)`);
}

export function psql(url: string, sql: string): string {
  const result = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8' });
  assert.equal(result.status, 0, `psql failed: ${result.stderr}`);
  return result.stdout;
}

export function freshDatabase(): string {
  const base = requireServer();
  const name = `online_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  psql(base, `CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const tsxLoader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** The CLI from source, with DATABASE_URL set for the fixtures' env.py. */
export function lens(ini: string, databaseUrl: string, args: string[], extraEnv: Record<string, string> = {}, cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    // tsx by absolute path: the working folder may be outside the repository.
    const child = spawn(process.execPath, ['--import', tsxLoader, path.join(root, 'server/src/cli.ts'), '-c', ini, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The same URL as SQLAlchemy 2.1 needs it: plain postgresql:// means psycopg 3, the venv has psycopg2. */
/**
 * A project of its own for the given migration files (name -> text) in `versions/`, with the
 * default fixture's env.py (DATABASE_URL) and ini (its logging sections too). Returns the ini.
 */
export function projectWithVersions(prefix: string, versions: Record<string, string>): string {
  const dir = temporaryFolder(prefix);
  fs.mkdirSync(path.join(dir, 'versions'), { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'default', 'env.py'), path.join(dir, 'env.py'));
  const ini = fs.readFileSync(path.join(fixtures, 'default', 'alembic.ini'), 'utf8').replace(/^version_locations = .*\n/m, '');
  fs.writeFileSync(path.join(dir, 'alembic.ini'), ini);
  for (const [name, text] of Object.entries(versions)) fs.writeFileSync(path.join(dir, 'versions', name), text);
  return path.join(dir, 'alembic.ini');
}

export function psycopg2Url(databaseUrl: string): string {
  return databaseUrl.replace(/^postgresql:/, 'postgresql+psycopg2:');
}

export function alembic(ini: string, databaseUrl: string, args: string[]): Run {
  const result = spawnSync(alembicPython, ['-m', 'alembic', '-c', ini, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: psycopg2Url(databaseUrl), PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Schema and data as pg_dump writes them, without the lines that differ between any two dumps.
 * With `sortRows`, the rows of each COPY block are sorted: pg_dump writes them in physical order,
 * which an UPDATE changes, and Alembic's order of version-row changes around a merge depends on
 * Python's string hash seed (it differs between two runs of Alembic itself).
 */
export function dump(url: string, options: { sortRows?: boolean } = {}): string {
  const result = spawnSync(path.join(pgBin, 'pg_dump'), ['--no-owner', '--no-privileges', '-d', url], { encoding: 'utf8' });
  assert.equal(result.status, 0, `pg_dump failed: ${result.stderr}`);
  const lines = result.stdout.split('\n').filter((line) => !line.startsWith('--') && !line.startsWith('\\restrict') && !line.startsWith('\\unrestrict'));
  if (!options.sortRows) return lines.join('\n');
  const out: string[] = [];
  let block: string[] | undefined;
  for (const line of lines) {
    if (block) {
      if (line === '\\.') {
        out.push(...block.sort(), line);
        block = undefined;
      } else block.push(line);
    } else {
      out.push(line);
      if (/^COPY .* FROM stdin;$/.test(line)) block = [];
    }
  }
  return out.join('\n');
}

export function rows(url: string, table = 'alembic_version'): string[] {
  return psql(url, `SELECT version_num FROM ${table} ORDER BY 1`).split('\n').filter(Boolean);
}

/** One fresh database for the real Alembic's live run and one for Lens's, migrated side by side. */
export interface LiveDatabases {
  byAlembic: string;
  byLens: string;
}

export function freshDatabases(): LiveDatabases {
  return { byAlembic: freshDatabase(), byLens: freshDatabase() };
}

/**
 * Runs `args` live through the real Alembic on one database and through Lens on the other: both
 * succeed and leave the same rows (pg_dump, rows sorted). Returns Lens's dump.
 */
export async function migrateBoth(ini: string, databases: LiveDatabases, args: string[]): Promise<string> {
  const byAlembic = alembic(ini, databases.byAlembic, args);
  assert.equal(byAlembic.status, 0, byAlembic.stderr);
  const byLens = await lens(ini, databases.byLens, args);
  assert.equal(byLens.status, 0, byLens.stderr);
  const dumped = dump(databases.byLens, { sortRows: true });
  assert.equal(dumped, dump(databases.byAlembic, { sortRows: true }));
  return dumped;
}
