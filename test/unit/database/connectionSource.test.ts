// Where the online engine finds its database URL, in order, and what it says when it finds none.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findConnection } from '../../../server/src/database/connectionSource';
import { readEnvPyUrl } from '../../../server/src/database/envPyUrl';
import { redactSecrets } from '../../../server/src/database/errors';

const ENV_PY_INDEX = 'import os\nconfig.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])\n';

test('env.py forms read statically', () => {
  assert.deepEqual(readEnvPyUrl(ENV_PY_INDEX), { kind: 'environment', variable: 'DATABASE_URL', required: true, line: 2 });
  assert.deepEqual(readEnvPyUrl("config.set_main_option('sqlalchemy.url', os.getenv('DB', 'postgresql://h/d'))"), {
    kind: 'environment',
    variable: 'DB',
    required: false,
    line: 1,
    fallback: 'postgresql://h/d',
  });
  assert.deepEqual(readEnvPyUrl('x\nconfig.set_main_option("sqlalchemy.url", os.environ.get("DB"))'), { kind: 'environment', variable: 'DB', required: false, line: 2 });
  assert.deepEqual(readEnvPyUrl('config.set_main_option("sqlalchemy.url", "postgresql://h/lit")'), { kind: 'literal', url: 'postgresql://h/lit', line: 1 });
  assert.deepEqual(readEnvPyUrl('config.set_main_option("sqlalchemy.url", settings.DATABASE_URL)'), { kind: 'unreadable', expression: 'settings.DATABASE_URL)', line: 1 });
  assert.deepEqual(readEnvPyUrl('# config.set_main_option("sqlalchemy.url", os.environ["X"])\n'), { kind: 'none' });
  assert.deepEqual(readEnvPyUrl('context.configure(url=url)'), { kind: 'none' });
});

test('--url wins over everything', () => {
  const found = findConnection({ url: 'postgresql://a/b', connectionName: 'dev', envPy: { file: 'env.py', text: ENV_PY_INDEX }, configUrl: { file: 'alembic.ini', url: 'postgresql://c/d' }, env: { DATABASE_URL: 'postgresql://e/f' } });
  assert.deepEqual(found, { url: 'postgresql://a/b', source: '--url' });
});

test('--connection takes the named URL and its password from the named variable', () => {
  const found = findConnection({
    connectionName: 'dev',
    connections: { dev: { url: 'postgresql://app@h/d', passwordEnv: 'DEV_PW', protected: true } },
    env: { DEV_PW: 'pw' },
  });
  assert.equal(found.url, 'postgresql://app@h/d');
  assert.equal(found.password, 'pw');
  assert.equal(found.named?.protected, true);
  assert.throws(() => findConnection({ connectionName: 'prod', connections: { dev: { url: 'postgresql://h/d' } }, connectionsOrigin: 'pyproject.toml', env: {} }), /connection 'prod' is not configured in pyproject.toml \(configured: dev\)/);
  assert.throws(() => findConnection({ connectionName: 'dev', connections: { dev: { url: 'postgresql://h/d', passwordEnv: 'NOPE' } }, env: {} }), /NOPE, which is not set/);
});

test('env.py before the config file; its variable must be set when it indexes os.environ', () => {
  const query = { envPy: { file: 'env.py', text: ENV_PY_INDEX }, configUrl: { file: 'alembic.ini', url: 'postgresql://ini/db' } };
  assert.equal(findConnection({ ...query, env: { DATABASE_URL: 'postgresql://env/db' } }).url, 'postgresql://env/db');
  assert.throws(() => findConnection({ ...query, env: {} }), /env\.py:2: env\.py reads the database URL from the environment variable DATABASE_URL, which is not set/);
  const getenv = { file: 'env.py', text: 'config.set_main_option("sqlalchemy.url", os.getenv("DB"))' };
  assert.equal(findConnection({ envPy: getenv, configUrl: query.configUrl, env: {} }).url, 'postgresql://ini/db');
});

test('nothing found: the error lists every place looked', () => {
  assert.throws(
    () => findConnection({ envPy: { file: 'env.py', text: 'pass' }, configUrl: { file: 'alembic.ini', url: '' }, env: {} }),
    (error: Error) =>
      /no database URL found; looked at:/.test(error.message) &&
      error.message.includes('--url (not given)') &&
      error.message.includes('--connection (not given)') &&
      error.message.includes('env.py (does not set sqlalchemy.url)') &&
      error.message.includes('alembic.ini (sqlalchemy.url is empty)'),
  );
});

test('redactSecrets removes a secret as written and percent-encoded', () => {
  assert.equal(redactSecrets('a p@ss b p%40ss c', ['p@ss']), 'a *** b *** c');
});
