// One named connection, written once, means the same in the editor's `alembicLens.connections`
// setting and in the CLI's `[tool.alembic-lens.connections.NAME]` tables, in either spelling of
// each key (urlEnv / url_env, passwordEnv / password_env, lockTimeout / lock_timeout, ...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readConnections } from '../../../client/src/connections/connectionSettings';
import { readCliConnections } from '../../../server/src/cli/online/connections';
import { findConnection } from '../../../server/src/database/connectionSource';
import { DatabaseError } from '../../../server/src/database/errors';
import { temporaryFolder } from '../../support/temporaryFolders';

/** The CLI's reading of one `[tool.alembic-lens.connections.c]` table written as TOML lines. */
function cliReading(lines: string[]) {
  const folder = temporaryFolder('connection-keys-');
  try {
    fs.writeFileSync(path.join(folder, 'pyproject.toml'), `[tool.alembic-lens.connections.c]\n${lines.join('\n')}\n`);
    const read = readCliConnections(path.join(folder, 'alembic.ini'), folder);
    assert.ok(read, 'the table was not found');
    return read.connections.c;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function editorReading(raw: Record<string, unknown>) {
  const read = readConnections({ c: raw }, {});
  assert.deepEqual(read.problems, []);
  return read.connections[0];
}

const SPELLINGS: { name: string; editor: Record<string, unknown>; toml: string[] }[] = [
  {
    name: 'camelCase',
    editor: { urlEnv: 'APP_DB_URL', passwordEnv: 'APP_DB_PASSWORD', protected: true, lockTimeout: '5s', statementTimeout: 120000 },
    toml: ['urlEnv = "APP_DB_URL"', 'passwordEnv = "APP_DB_PASSWORD"', 'protected = true', 'lockTimeout = "5s"', 'statementTimeout = 120000'],
  },
  {
    name: 'snake_case',
    editor: { url_env: 'APP_DB_URL', password_env: 'APP_DB_PASSWORD', protected: true, lock_timeout: '5s', statement_timeout: '2min' },
    toml: ['url_env = "APP_DB_URL"', 'password_env = "APP_DB_PASSWORD"', 'protected = true', 'lock_timeout = "5s"', 'statement_timeout = "2min"'],
  },
];

for (const spelling of SPELLINGS) {
  test(`${spelling.name} keys mean the same in the editor's setting and the CLI's pyproject table`, () => {
    const editor = editorReading(spelling.editor);
    const cli = cliReading(spelling.toml);
    const expected = { urlEnv: 'APP_DB_URL', passwordEnv: 'APP_DB_PASSWORD', protected: true, lockMs: 5000, statementMs: 120000 };
    assert.deepEqual(
      { urlEnv: editor.urlEnv, passwordEnv: editor.passwordEnv, protected: editor.protected, lockMs: editor.lockTimeoutMs, statementMs: editor.statementTimeoutMs },
      expected,
    );
    assert.deepEqual({ urlEnv: cli.urlEnv, passwordEnv: cli.passwordEnv, protected: cli.protected, lockMs: cli.lockTimeout, statementMs: cli.statementTimeout }, expected);
    assert.equal(editor.url, undefined);
    assert.equal(cli.url, undefined);
  });
}

test('the keys each front end had first keep working', () => {
  assert.equal(editorReading({ urlEnv: 'X_URL' }).urlEnv, 'X_URL');
  const cli = cliReading(['url = "postgresql://app@db/app"', 'password_env = "X_PW"', 'lock_timeout = 300']);
  assert.deepEqual([cli.url, cli.passwordEnv, cli.lockTimeout], ['postgresql://app@db/app', 'X_PW', 300]);
});

test('the CLI refuses a table with neither url nor url_env, a password in the url and a timeout it cannot read', () => {
  assert.throws(() => cliReading(['protected = true']), /'url' \(a string\) or 'url_env'/);
  assert.throws(() => cliReading(['url = "postgresql://app:secret@db/app"']), (error: Error) => /holds a password/.test(error.message) && !error.message.includes('secret'));
  assert.throws(() => cliReading(['url = "postgresql://app@db/app"', 'lockTimeout = "soon"']), /lock_timeout: expected a number of milliseconds or text such as 5s/);
});

test('a connection whose URL comes from an environment variable: used when set, a clear error when not', () => {
  const connections = { c: { urlEnv: 'APP_DB_URL', passwordEnv: 'APP_DB_PASSWORD' } };
  const found = findConnection({ connectionName: 'c', connections, env: { APP_DB_URL: 'postgresql://app@db:5433/app', APP_DB_PASSWORD: 'pw' } });
  assert.deepEqual([found.url, found.password], ['postgresql://app@db:5433/app', 'pw']);
  assert.throws(
    () => findConnection({ connectionName: 'c', connections, env: { APP_DB_PASSWORD: 'pw' } }),
    (error: unknown) => error instanceof DatabaseError && error.errorCode === 'database-url-not-found' && /environment variable APP_DB_URL, which is not set/.test(error.message),
  );
});
