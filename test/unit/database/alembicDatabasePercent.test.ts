// Where the real Alembic is pointed when a run is handed to it: an env.py that sets sqlalchemy.url
// from a variable gets the URL with its `%` doubled (set_main_option's ini interpolation), which
// is right only when the variable's value is passed as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembicDatabaseFor } from '../../../server/src/engine/online/alembicDatabase';

const engine = 'connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.")\n';
const socket = { host: '/tmp/a b', port: 5432, user: 'app', database: 'shop' };

test('env.py passing the variable as it is: the URL (with a %) is handed over, the variable named', () => {
  const text = `import os\nconfig.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])\n${engine}`;
  const database = alembicDatabaseFor(socket, 'postgresql+psycopg2://app@/shop?host=/tmp/a%20b', { file: 'env.py', text });
  assert.deepEqual(database, { kind: 'url', url: 'postgresql+psycopg2://app@/shop?host=/tmp/a%20b&port=5432', pickDriver: false, variable: 'DATABASE_URL' });
});

test('env.py changing the variable before set_main_option: a URL with a % is refused, one without is handed over', () => {
  const text = `import os\nconfig.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"].replace("%", "%%"))\n${engine}`;
  const refused = alembicDatabaseFor(socket, undefined, { file: 'env.py', text });
  assert.equal(refused.kind, 'elsewhere');
  assert.match(refused.kind === 'elsewhere' ? refused.reason : '', /env\.py:2 changes the value of DATABASE_URL before setting sqlalchemy\.url/);
  const plain = alembicDatabaseFor({ ...socket, host: '/run/postgresql' }, undefined, { file: 'env.py', text });
  assert.equal(plain.kind, 'url');
});
