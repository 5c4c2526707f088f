// `-x` arguments as Alembic handles them for the database URL: get_x_argument(as_dictionary=True)
// splits each at its first `=` (a bare key is ''; a later key wins), and env.py's documented forms
// (`.get("K")`, `.get("K", default)`, `["K"]`, through a variable, into set_main_option or
// create_engine) are read statically; a missing optional key keeps the ini's URL, a missing
// required one is Alembic's KeyError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findConnection, xArgumentDictionary } from '../../../server/src/database/connectionSource';
import { readEnvPyUrl } from '../../../server/src/database/envPyUrl';
import { DatabaseError } from '../../../server/src/database/errors';
import { alembicArguments } from '../../../server/src/engine/online/pythonFallback';

test('the dictionary Alembic builds from -x', () => {
  assert.deepEqual([...xArgumentDictionary(['url=postgresql://h/d?a=b', 'flag', 'url=postgresql://h/e', 'k='])], [
    ['url', 'postgresql://h/e'],
    ['flag', ''],
    ['k', ''],
  ]);
});

test('env.py forms that take the URL from -x', () => {
  assert.deepEqual(readEnvPyUrl('config.set_main_option("sqlalchemy.url", context.get_x_argument(as_dictionary=True).get("url"))'), { kind: 'x-argument', key: 'url', required: false, line: 1 });
  assert.deepEqual(readEnvPyUrl("config.set_main_option('sqlalchemy.url', context.get_x_argument(as_dictionary = True)['db'])"), { kind: 'x-argument', key: 'db', required: true, line: 1 });
  assert.deepEqual(readEnvPyUrl('config.set_main_option("sqlalchemy.url", context.get_x_argument(as_dictionary=True).get("url", "postgresql://h/def"))'), {
    kind: 'x-argument',
    key: 'url',
    required: false,
    line: 1,
    fallback: 'postgresql://h/def',
  });
  // The default may be the ini's own URL: a missing -x keeps it.
  assert.deepEqual(readEnvPyUrl('config.set_main_option("sqlalchemy.url", context.get_x_argument(as_dictionary=True).get("url", config.get_main_option("sqlalchemy.url")))'), {
    kind: 'x-argument',
    key: 'url',
    required: false,
    line: 1,
  });
  // Through variables, as env.py files usually write it.
  const viaVariables = ['x_args = context.get_x_argument(as_dictionary=True)', 'url = x_args.get("db_url")', 'if url:', '    config.set_main_option("sqlalchemy.url", url)'].join('\n');
  assert.deepEqual(readEnvPyUrl(viaVariables), { kind: 'x-argument', key: 'db_url', required: false, line: 4 });
  // Alembic's documented recipe: create_engine(cmd_line_url).
  const recipe = [
    "cmd_line_url = context.get_x_argument(as_dictionary=True).get('dbname')",
    'if cmd_line_url:',
    '    engine = create_engine(cmd_line_url)',
    'else:',
    '    engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.")',
  ].join('\n');
  assert.deepEqual(readEnvPyUrl(recipe), { kind: 'x-argument', key: 'dbname', required: false, line: 3 });
  // A variable assigned something else stays unread.
  assert.equal(readEnvPyUrl('url = build_url()\nconfig.set_main_option("sqlalchemy.url", url)').kind, 'unreadable');
});

const envPy = (text: string) => ({ file: 'env.py', text });
const ini = { file: 'alembic.ini', url: 'postgresql://ini/db' };
const optional = envPy('config.set_main_option("sqlalchemy.url", context.get_x_argument(as_dictionary=True).get("url"))');

test('the -x value is the URL when given; without it the ini URL stays, as with the if guard', () => {
  assert.deepEqual(findConnection({ envPy: optional, configUrl: ini, env: {}, xArguments: ['url=postgresql://x/db'] }), { url: 'postgresql://x/db', source: 'env.py:1 (-x url)' });
  assert.deepEqual(findConnection({ envPy: optional, configUrl: ini, env: {}, xArguments: [] }), { url: 'postgresql://ini/db', source: 'alembic.ini sqlalchemy.url' });
  // --url still wins over -x.
  assert.equal(findConnection({ url: 'postgresql://flag/db', envPy: optional, configUrl: ini, env: {}, xArguments: ['url=postgresql://x/db'] }).url, 'postgresql://flag/db');
});

test('a required -x that was not given is an error naming it; none found lists where it looked', () => {
  const required = envPy('config.set_main_option("sqlalchemy.url", context.get_x_argument(as_dictionary=True)["db"])');
  assert.throws(
    () => findConnection({ envPy: required, configUrl: ini, env: {}, xArguments: ['other=1'] }),
    (error: unknown) => error instanceof DatabaseError && error.errorCode === 'database-url-not-found' && /env\.py:1: env\.py reads the database URL from -x db=URL, which was not given/.test(error.message),
  );
  assert.throws(
    () => findConnection({ envPy: optional, env: {}, xArguments: [] }),
    (error: unknown) => error instanceof DatabaseError && /env\.py:1 \(-x url was not given\)/.test(error.message),
  );
});

test('the hand-over to Alembic passes the -x arguments on', () => {
  assert.deepEqual(alembicArguments({ configFile: 'a.ini', command: 'upgrade', targets: ['head'], purge: false, xArguments: ['url=postgresql://h/d', 'flag'] }), [
    '-m',
    'alembic',
    '-c',
    'a.ini',
    '-x',
    'url=postgresql://h/d',
    '-x',
    'flag',
    'upgrade',
    'head',
  ]);
});
