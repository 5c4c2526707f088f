// SQLAlchemy URL forms the online engine accepts, the settings handed to pg, and redaction.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDatabaseUrl, redactUrl } from '../../../server/src/database/sqlalchemyUrl';
import { DatabaseError } from '../../../server/src/database/errors';
import { temporaryFolder } from '../../support/temporaryFolders';

test('every PostgreSQL driver spelling is read as PostgreSQL with its driver', () => {
  for (const [url, driver] of [
    ['postgresql://u@h/db', 'psycopg2'],
    ['postgres://u@h/db', 'psycopg2'],
    ['postgresql+psycopg2://u@h/db', 'psycopg2'],
    ['postgresql+psycopg://u@h/db', 'psycopg'],
    ['postgresql+asyncpg://u@h/db', 'asyncpg'],
    ['postgresql+pg8000://u@h/db', 'pg8000'],
  ]) {
    const parsed = parseDatabaseUrl(url);
    assert.equal(parsed.driver, driver, url);
    assert.deepEqual(parsed.settings, { user: 'u', host: 'h', database: 'db' }, url);
  }
});

test('user, percent-encoded password, host, port and database', () => {
  const parsed = parseDatabaseUrl('postgresql://app%40corp:p%40ss%3Aw%2Ford@db.example:5433/my%20db');
  assert.deepEqual(parsed.settings, { user: 'app@corp', password: 'p@ss:w/ord', host: 'db.example', port: 5433, database: 'my db' });
  assert.equal(parsed.redacted, 'postgresql://app%40corp:***@db.example:5433/my%20db');
});

test('an IPv6 host in brackets', () => {
  assert.deepEqual(parseDatabaseUrl('postgresql://u@[::1]:5432/d').settings, { user: 'u', host: '::1', port: 5432, database: 'd' });
});

test('left-out parts stay undefined so pg applies PG* variables and ~/.pgpass', () => {
  assert.deepEqual(parseDatabaseUrl('postgresql://').settings, {});
  assert.deepEqual(parseDatabaseUrl('postgresql:///only_db').settings, { database: 'only_db' });
});

test('query options: unix socket folder and port, options, application_name, connect_timeout', () => {
  const parsed = parseDatabaseUrl('postgresql+psycopg2://u@/d?host=/var/run/postgresql&port=5434&options=-csearch_path%3Dapp&application_name=x&connect_timeout=3');
  assert.deepEqual(parsed.settings, {
    user: 'u',
    database: 'd',
    host: '/var/run/postgresql',
    port: 5434,
    options: '-csearch_path=app',
    application_name: 'x',
    connectionTimeoutMillis: 3000,
  });
  assert.deepEqual(parsed.ignoredOptions, []);
});

test('sslmode values map to TLS settings; sslrootcert is read', () => {
  assert.equal(parseDatabaseUrl('postgresql://h/d?sslmode=disable').settings.ssl, false);
  assert.equal(parseDatabaseUrl('postgresql://h/d?sslmode=prefer').settings.ssl, false);
  assert.deepEqual(parseDatabaseUrl('postgresql://h/d?sslmode=require').settings.ssl, { rejectUnauthorized: false });
  assert.deepEqual(parseDatabaseUrl('postgresql+asyncpg://h/d?ssl=require').settings.ssl, { rejectUnauthorized: false });
  const folder = temporaryFolder('al-ssl-');
  const ca = path.join(folder, 'root.crt');
  fs.writeFileSync(ca, 'CERTIFICATE TEXT');
  const full = parseDatabaseUrl(`postgresql://h/d?sslmode=verify-full&sslrootcert=${ca}`).settings.ssl;
  assert.deepEqual(full, { rejectUnauthorized: true, ca: 'CERTIFICATE TEXT' });
  const verifyCa = parseDatabaseUrl(`postgresql://h/d?sslmode=verify-ca&sslrootcert=${ca}`).settings.ssl;
  assert.ok(verifyCa && verifyCa.rejectUnauthorized && verifyCa.ca === 'CERTIFICATE TEXT' && typeof verifyCa.checkServerIdentity === 'function');
  assert.throws(() => parseDatabaseUrl('postgresql://h/d?sslmode=verify-full&sslrootcert=/nonexistent/root.crt'), /cannot read sslrootcert file/);
  assert.throws(() => parseDatabaseUrl('postgresql://h/d?sslmode=sometimes'), /unknown sslmode 'sometimes'/);
});

test('unknown query options are reported, not passed on', () => {
  assert.deepEqual(parseDatabaseUrl('postgresql://h/d?target_session_attrs=any').ignoredOptions, ['target_session_attrs']);
});

test('a database other than PostgreSQL says the engine speaks PostgreSQL only, without the password', () => {
  for (const url of ['sqlite:///app.db', 'mysql+pymysql://root:hunter2@h/d', 'mssql+pyodbc://u:hunter2@dsn']) {
    assert.throws(
      () => parseDatabaseUrl(url),
      (error: unknown) => error instanceof DatabaseError && error.errorCode === 'database-not-postgresql' && /speaks PostgreSQL only/.test(error.message) && !error.message.includes('hunter2'),
      url,
    );
  }
});

test('malformed URLs and unknown drivers are clear errors without the password', () => {
  assert.throws(() => parseDatabaseUrl('not a url'), /Could not parse SQLAlchemy URL/);
  assert.throws(
    () => parseDatabaseUrl('postgresql+nodriver://u:hunter2@h/d'),
    (error: unknown) => error instanceof DatabaseError && /unknown PostgreSQL driver 'nodriver'/.test(error.message) && !error.message.includes('hunter2'),
  );
  assert.throws(
    () => parseDatabaseUrl('postgresql://u:hunter2@h:99999/d'),
    (error: unknown) => error instanceof DatabaseError && /invalid port/.test(error.message) && !error.message.includes('hunter2'),
  );
});

test('redaction replaces the password (and a password= option) with ***', () => {
  assert.equal(redactUrl('postgresql+psycopg2://scott:tiger@localhost/test'), 'postgresql+psycopg2://scott:***@localhost/test');
  assert.equal(redactUrl('postgresql://scott@localhost/test'), 'postgresql://scott@localhost/test');
  assert.equal(redactUrl('postgresql://scott:@localhost/test'), 'postgresql://scott:***@localhost/test');
  assert.equal(redactUrl('postgresql://h/d?user=a&password=tiger&x=1'), 'postgresql://h/d?user=a&password=***&x=1');
});
