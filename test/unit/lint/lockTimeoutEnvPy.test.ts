// lock-timeout-missing and env.py: a timeout set once for every migration (the way projects do
// it: SET in env.py, connection options, asyncpg server settings) silences the rule everywhere;
// comments and a timeout of 0 do not.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { envPySetsTimeout } from '../../../server/src/lint/config';
import { lintFixtureRoot, readFixture, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

test('env.py texts that set a lock or statement timeout, and ones that do not', () => {
  const sets = [
    'with engine.connect() as connection:\n    connection.execute(text("SET lock_timeout = 4000"))\n',
    "engine = create_engine(url, connect_args={'options': '-c lock_timeout=5000'})\n",
    'engine = create_async_engine(url, connect_args={"server_settings": {"statement_timeout": "60s"}})\n',
    'connection.exec_driver_sql("SET LOCAL lock_timeout TO \'3s\'")\n',
  ];
  const doesNot = [
    'from alembic import context\ncontext.configure(url=url, transaction_per_migration=True)\n',
    '# connection.execute(text("SET lock_timeout = 4000"))\n',
    'connection.execute(text("SET lock_timeout = 0"))\n',
    '    """Migrations use a dedicated statement timeout (command_timeout)."""\n',
  ];
  for (const text of sets) assert.equal(envPySetsTimeout(text), true, text);
  for (const text of doesNot) assert.equal(envPySetsTimeout(text), false, text);
});

test('a timeout set in env.py silences lock-timeout-missing in every migration', () => {
  const history = writeFixtureHistory(readFixture('lock-timeout-missing'));
  const config = { ...history.config, select: ['lock-timeout-missing'] };
  const before = lintFixtureRoot(history.root, config).filter((problem) => problem.code === 'lock-timeout-missing');
  assert.ok(before.length >= 3, `the fixture reports without env.py's timeout (${before.length})`);
  fs.writeFileSync(
    path.join(history.root, 'env.py'),
    'from alembic import context\nfrom sqlalchemy import text\n\nwith engine.connect() as connection:\n    connection.execute(text("SET lock_timeout = \'4s\'"))\n    context.configure(connection=connection)\n',
  );
  const after = lintFixtureRoot(history.root, config).filter((problem) => problem.code === 'lock-timeout-missing');
  assert.deepEqual(after, []);
});

test('lock-timeout-missing is off unless selected', () => {
  const history = writeFixtureHistory(readFixture('lock-timeout-missing'));
  const found = lintFixtureRoot(history.root, history.config).filter((problem) => problem.code === 'lock-timeout-missing');
  assert.deepEqual(found, []);
});
