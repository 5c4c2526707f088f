// The output column names the lint figures for a view's query (sql/viewColumns.ts) must be the
// ones PostgreSQL gives the view: each query below is made a view on PGlite (PostgreSQL 18) and
// its pg_attribute names compared; a query whose names are not certain must give none. Then
// what replace-view-columns claims: CREATE OR REPLACE VIEW that drops or renames a column fails
// with 42P16, one that only adds columns after the old ones does not.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { viewOutputColumns } from '../../../server/src/lint/sql/viewColumns';
import { field } from '../../../server/src/lint/sql/parseTree';

before(async () => {
  assert.ok(await loadSqlParser(), 'the PostgreSQL parser (libpg-query WASM) must load');
});

function figured(sql: string): string[] | undefined {
  const parsed = parseSql(sql);
  assert.ok(parsed?.ok, sql);
  const view = field(parsed.statements[0].node, 'ViewStmt');
  return viewOutputColumns(field(view, 'query'), field(view, 'aliases'));
}

const CERTAIN = [
  'SELECT id, name FROM accounts',
  'SELECT a.id, a.name AS title FROM accounts a',
  'SELECT count(*), max(id), lower(name), pg_catalog.upper(name) FROM accounts GROUP BY name',
  'SELECT id, 1 FROM accounts',
  "SELECT id, 'x' FROM accounts",
  'SELECT NULL::int, id + 1 AS next FROM accounts',
  'SELECT id + 1 FROM accounts',
  'SELECT id IS NULL FROM accounts',
  'SELECT NOT active FROM accounts',
  "SELECT 'x'::text, id::bigint, CAST(name AS varchar(10)), (id + 1)::numeric FROM accounts",
  'SELECT title::text FROM accounts',
  "SELECT CASE WHEN id > 1 THEN 'a' END, CASE WHEN id > 1 THEN name ELSE title END FROM accounts",
  'SELECT CASE WHEN id > 1 THEN 1 ELSE 2 END FROM accounts',
  'SELECT coalesce(name, title), nullif(name, title), greatest(id, 2), least(id, 2) FROM accounts',
  'SELECT ARRAY[id, 2], EXISTS (SELECT 1 FROM accounts) FROM accounts',
  'SELECT ARRAY(SELECT id FROM accounts) FROM accounts',
  "SELECT tags[1], name COLLATE \"C\" FROM accounts",
  'SELECT (tags)[1:2] FROM accounts',
  'SELECT id, name FROM accounts UNION SELECT id, title FROM accounts',
  'SELECT id AS x FROM accounts EXCEPT SELECT id FROM accounts',
  'SELECT id FROM accounts WHERE id > 0 ORDER BY 1 LIMIT 5',
];

const ALIASED = [
  ['CREATE VIEW v (a, b) AS SELECT id, name, title FROM accounts', ['a', 'b', 'title']],
  ['CREATE VIEW v (a) AS SELECT id AS x FROM accounts', ['a']],
] as const;

const UNCERTAIN = [
  'SELECT * FROM accounts',
  'SELECT a.* FROM accounts a',
  'SELECT trim(both from name), substring(name from 1 for 2), extract(year from created) FROM accounts',
  'SELECT (SELECT max(id) FROM accounts) FROM accounts',
  'SELECT current_timestamp FROM accounts',
  'VALUES (1, 2)',
];

test('the names figured for a view query are PostgreSQL\'s own (PGlite)', async () => {
  const db = new PGlite();
  await db.exec('CREATE TABLE accounts (id int, name text, title text, active boolean, tags int[], created timestamptz)');
  const namesOf = async (): Promise<string[]> => (await db.query<{ attname: string }>("SELECT attname FROM pg_attribute WHERE attrelid = 'v'::regclass AND attnum > 0 ORDER BY attnum")).rows.map((row) => row.attname);
  for (const query of CERTAIN) {
    const sql = `CREATE VIEW v AS ${query}`;
    await db.exec(sql);
    assert.deepEqual(figured(sql), await namesOf(), query);
    await db.exec('DROP VIEW v');
  }
  for (const [sql, expected] of ALIASED) {
    await db.exec(sql);
    assert.deepEqual(await namesOf(), [...expected], sql);
    assert.deepEqual(figured(sql), [...expected], sql);
    await db.exec('DROP VIEW v');
  }
  for (const query of UNCERTAIN) {
    const sql = `CREATE VIEW v AS ${query}`;
    await db.exec(sql);
    assert.equal(figured(sql), undefined, query);
    await db.exec('DROP VIEW v');
  }
  await db.close();
});

test('CREATE OR REPLACE VIEW: dropping or renaming a column fails with 42P16, adding one after the old ones does not (PGlite)', async () => {
  const db = new PGlite();
  await db.exec('CREATE TABLE accounts (id int, name text, title text); CREATE VIEW v AS SELECT id, name FROM accounts');
  const codeOf = async (sql: string): Promise<string | undefined> => {
    try {
      await db.exec(`BEGIN; ${sql}`);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    } finally {
      await db.exec('ROLLBACK');
    }
  };
  assert.equal(await codeOf('CREATE OR REPLACE VIEW v AS SELECT id FROM accounts'), '42P16');
  assert.equal(await codeOf('CREATE OR REPLACE VIEW v AS SELECT id, title FROM accounts'), '42P16');
  assert.equal(await codeOf('CREATE OR REPLACE VIEW v AS SELECT name, id FROM accounts'), '42P16');
  assert.equal(await codeOf('CREATE OR REPLACE VIEW v AS SELECT id, name, title FROM accounts'), undefined);
  assert.equal(await codeOf('CREATE OR REPLACE VIEW v AS SELECT id, name FROM accounts WHERE id > 1'), undefined);
  await db.close();
});
