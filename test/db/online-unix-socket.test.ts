// A user's own database reached over a Unix socket (libpq's `postgresql://user@/db?host=/folder`),
// end to end through the real Alembic: an opaque step handed over with --python (by --url and by a
// named connection) and `revision --autogenerate --python`. The test server listens on a socket in
// its data folder (start-postgres.sh: `-k $PGDATA_DIR`, socket `.s.PGSQL.$PGPORT`). Folder names
// with a space and a `%` are reached through a symlink to that folder: the URL escapes them
// (`%20`, `%25`), and env.py's `config.set_main_option` reads a `%` as ini interpolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { alembic, alembicPython, dump, fixtures, freshDatabase, lens, psql, psycopg2Url, requireAlembic, requireServer, rows } from './onlineHelpers';
import { temporaryFolder } from '../support/temporaryFolders';

const opaqueIni = path.join(fixtures, 'default', 'opaque.ini');
const autogenerateApp = path.resolve(__dirname, '..', 'fixtures', 'workspaces', 'autogenerate-app');

/** The test server's socket folder and port (start-postgres.sh). */
function serverSocket(): { folder: string; port: number } {
  requireServer();
  const folder = process.env.PGDATA_DIR;
  const port = Number(process.env.PGPORT);
  assert.ok(folder && port, 'PGDATA_DIR and PGPORT are set by test/db/start-postgres.sh');
  assert.ok(fs.existsSync(path.join(folder, `.s.PGSQL.${port}`)), `the test server listens on a socket in ${folder}`);
  return { folder, port };
}

/** A folder named `name` that reaches the test server's socket (a symlink to its folder). */
function socketFolderNamed(name: string): string {
  const link = path.join(temporaryFolder('lens-socket-'), name);
  fs.symlinkSync(serverSocket().folder, link);
  return link;
}

/** The libpq form of a socket URL, the folder percent-escaped as SQLAlchemy's URL parser unescapes it. */
function socketUrl(databaseUrl: string, folder: string, scheme = 'postgresql+psycopg2'): string {
  const database = new URL(databaseUrl).pathname.slice(1);
  const escaped = encodeURIComponent(folder).replace(/%2F/g, '/');
  return `${scheme}://postgres@/${database}?host=${escaped}&port=${serverSocket().port}`;
}

/** What the default env.py needs in DATABASE_URL: it passes the value to set_main_option, which reads `%` as interpolation. */
function forSetMainOption(url: string): string {
  return url.replace(/%/g, '%%');
}

/** Lens (an opaque step handed to Alembic) and Alembic alone, each on a fresh database over the socket: same result. */
async function handOverMatchesAlembic(folder: string, lensArgs: (url: string) => string[], cwd?: string, env: Record<string, string> = {}): Promise<void> {
  requireAlembic();
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  const own = alembic(opaqueIni, forSetMainOption(socketUrl(byAlembic, folder)), ['upgrade', 'head']);
  assert.equal(own.status, 0, own.stderr);
  // env.py's own DATABASE_URL names another database: the one named here must be the one migrated.
  const elsewhere = freshDatabase();
  const run = await lens(opaqueIni, psycopg2Url(elsewhere), [...lensArgs(socketUrl(byLens, folder)), '--python', alembicPython], { PYTHONDONTWRITEBYTECODE: '1', ...env }, cwd);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /handing the run to Alembic/);
  assert.deepEqual(rows(byLens), ['p2']);
  assert.equal(psql(byLens, 'SELECT name FROM items').trim(), 'seeded by python');
  assert.equal(dump(byLens, { sortRows: true }), dump(byAlembic, { sortRows: true }));
  assert.equal(psql(elsewhere, "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'").trim(), '0');
}

test('--url over a Unix socket: an opaque step handed to Alembic migrates that database as Alembic alone does', async () => {
  await handOverMatchesAlembic(serverSocket().folder, (url) => ['upgrade', 'head', '--url', url]);
});

test('--url over a Unix socket whose folder name has a space and a %: handed to Alembic, the same result', async () => {
  await handOverMatchesAlembic(socketFolderNamed('a b%c'), (url) => ['upgrade', 'head', '--url', url]);
});

test('a named connection over a Unix socket (pyproject.toml, password from password_env): handed to Alembic, the same result', async () => {
  const cwd = temporaryFolder('lens-socket-connection-');
  const folder = socketFolderNamed('x y%z');
  await handOverMatchesAlembic(
    folder,
    (url) => {
      // TOML basic string: the URL has no quote or backslash.
      fs.writeFileSync(path.join(cwd, 'pyproject.toml'), `[tool.alembic-lens.connections.local]\nurl = "${url}"\npassword_env = "LENS_SOCKET_PW"\n`);
      return ['upgrade', 'head', '--connection', 'local'];
    },
    cwd,
    // trust authentication: any password is accepted, but it makes Lens rebuild the URL from its parts.
    { LENS_SOCKET_PW: 'p%w' },
  );
});

/** A copy of the fixture app whose database (over the socket) is at head, upgraded by Alembic alone. */
function appAtHead(url: string): { root: string; ini: string } {
  const root = temporaryFolder('lens-socket-autogenerate-');
  fs.cpSync(autogenerateApp, root, { recursive: true });
  const ini = path.join(root, 'alembic.ini');
  // The ini is read with interpolation: a `%` of the URL is written `%%` there.
  const text = fs.readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${url.replace(/%/g, '%%')}`);
  fs.writeFileSync(path.join(root, 'alembic-own.ini'), text);
  const upgraded = spawnSync(alembicPython, ['-m', 'alembic', '-c', path.join(root, 'alembic-own.ini'), 'upgrade', 'head'], { cwd: root, encoding: 'utf8' });
  assert.equal(upgraded.status, 0, upgraded.stderr);
  return { root, ini };
}

/** The file without its Create Date line (the clock's). */
function withoutDate(text: string): string {
  return text.replace(/^Create Date: .*$/m, '');
}

test('revision --autogenerate --python against a database over a Unix socket (also a folder name with a space and a %): the file Alembic alone writes', async () => {
  requireAlembic();
  for (const folder of [serverSocket().folder, socketFolderNamed('d e%f')]) {
    const url = socketUrl(freshDatabase(), folder);
    const byLens = appAtHead(url);
    const generated = await lens(byLens.ini, '', ['revision', '--autogenerate', '-m', 'add invoices', '--rev-id', 'c0c0c0c0c0c0', '--python', alembicPython, '--url', url], { PYTHONDONTWRITEBYTECODE: '1' }, byLens.root);
    assert.equal(generated.status, 0, generated.stderr);
    const alembicUrl = socketUrl(freshDatabase(), folder);
  const byAlembic = appAtHead(alembicUrl);
    const own = spawnSync(alembicPython, ['-m', 'alembic', '-c', path.join(byAlembic.root, 'alembic-own.ini'), 'revision', '--autogenerate', '-m', 'add invoices', '--rev-id', 'c0c0c0c0c0c0'], { cwd: byAlembic.root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(own.status, 0, own.stderr);
    const file = path.join('migrations', 'versions', 'c0c0c0c0c0c0_add_invoices.py');
    const text = fs.readFileSync(path.join(byLens.root, file), 'utf8');
    assert.match(text, /op\.create_table\('invoices',/);
    assert.equal(withoutDate(text), withoutDate(fs.readFileSync(path.join(byAlembic.root, file), 'utf8')));
  }
});

test('revision --autogenerate --python --url with an env.py that sets sqlalchemy.url from DATABASE_URL: the URL named is the one compared with', async () => {
  requireAlembic();
  const folder = socketFolderNamed('g h%i');
  const url = socketUrl(freshDatabase(), folder);
  const app = appAtHead(url);
  const envPy = path.join(app.root, 'migrations', 'env.py');
  const text = fs.readFileSync(envPy, 'utf8');
  const reading = text.replace(/^config = context\.config$/m, 'config = context.config\nimport os\nconfig.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])');
  assert.notEqual(reading, text);
  fs.writeFileSync(envPy, reading);
  // DATABASE_URL names an empty database: compared with it, Alembic would refuse (not up to date).
  const generated = await lens(app.ini, psycopg2Url(freshDatabase()), ['revision', '--autogenerate', '-m', 'add invoices', '--rev-id', 'd0d0d0d0d0d0', '--python', alembicPython, '--url', url], { PYTHONDONTWRITEBYTECODE: '1' }, app.root);
  assert.equal(generated.status, 0, generated.stderr);
  const file = path.join('migrations', 'versions', 'd0d0d0d0d0d0_add_invoices.py');
  // Alembic alone, its DATABASE_URL set to the same database as set_main_option needs it (`%%`).
  const alembicUrl = socketUrl(freshDatabase(), folder);
  const byAlembic = appAtHead(alembicUrl);
  fs.writeFileSync(path.join(byAlembic.root, 'migrations', 'env.py'), reading);
  const own = spawnSync(alembicPython, ['-m', 'alembic', '-c', byAlembic.ini, 'revision', '--autogenerate', '-m', 'add invoices', '--rev-id', 'd0d0d0d0d0d0'], {
    cwd: byAlembic.root,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', DATABASE_URL: forSetMainOption(alembicUrl) },
  });
  assert.equal(own.status, 0, own.stderr);
  assert.equal(withoutDate(fs.readFileSync(path.join(app.root, file), 'utf8')), withoutDate(fs.readFileSync(path.join(byAlembic.root, file), 'utf8')));
});
