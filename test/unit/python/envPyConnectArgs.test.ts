// libpq's `options` string as the server splits and reads it (python/envPyConnectArgs.ts), and
// the statements env.py's connect_args become.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSessionSetting, parseOptions, setConfigSql } from '../../../server/src/python/envPyConnectArgs';

test('-c name=value, -cname=value and --name=value set parameters; a dash in the name is an underscore', () => {
  assert.deepEqual(parseOptions('-c search_path=app -clock_timeout=4s --statement-timeout=0'), {
    kind: 'settings',
    pairs: [
      ['search_path', 'app'],
      ['lock_timeout', '4s'],
      ['statement_timeout', '0'],
    ],
  });
});

test('whitespace separates words unless a backslash escapes it; a backslash keeps the next character', () => {
  assert.deepEqual(parseOptions('  -c\tsearch_path="my\\ app",public   -c application_name=a\\\\b '), {
    kind: 'settings',
    pairs: [
      ['search_path', '"my app",public'],
      ['application_name', 'a\\b'],
    ],
  });
  assert.deepEqual(parseOptions(''), { kind: 'settings', pairs: [] });
});

test('another switch, a -c at the end and a setting without a value are refused', () => {
  assert.equal(parseOptions('-e').kind, 'refused');
  assert.equal(parseOptions('-c').kind, 'refused');
  assert.equal(parseOptions('-c search_path').kind, 'refused');
  assert.equal(parseOptions('-c =app').kind, 'refused');
  assert.equal(parseOptions('search_path=app').kind, 'refused');
});

test('each setting is a session-level set_config of the raw string, quotes doubled, and counts as a session setting', () => {
  const sql = setConfigSql('search_path', "o'brien,public");
  assert.equal(sql, "SELECT pg_catalog.set_config('search_path', 'o''brien,public', false)");
  assert.ok(isSessionSetting(sql));
  assert.ok(isSessionSetting('SET search_path TO app'));
  assert.ok(!isSessionSetting('CREATE SCHEMA app'));
  assert.ok(!isSessionSetting("SELECT pg_catalog.set_config('search_path', 'app', true)"));
  assert.ok(!isSessionSetting("SELECT pg_catalog.set_config('search_path', 'app', false); DROP TABLE t"));
});
