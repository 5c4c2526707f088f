// What a view's query certainly reads (lint/sql/viewReads.ts), from PostgreSQL's own parse tree:
// qualified columns, bare columns of a single-table query, and the tables a bare `*` stands for in
// its own SELECT only; nothing that may belong to a subquery, a function or a WITH name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { viewReadsOf, type ViewRead } from '../../../server/src/lint/sql/viewReads';

async function readsOf(sql: string): Promise<ViewRead[]> {
  assert.ok(await loadSqlParser(), 'the PostgreSQL parser loads');
  const parsed = parseSql(sql);
  assert.ok(parsed?.ok, sql);
  const node = parsed.statements[0].node as { ViewStmt?: { query: unknown }; CreateTableAsStmt?: { query: unknown } };
  return viewReadsOf((node.ViewStmt ?? node.CreateTableAsStmt)!.query);
}

test('one table: every column it names, WHERE and ORDER BY included, but not its own output names', async () => {
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT id, name FROM accounts WHERE note IS NOT NULL'), [{ table: 'accounts', columns: ['id', 'name', 'note'], allColumns: false }]);
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT sum(amount) AS total FROM payments GROUP BY account_id ORDER BY total'), [{ table: 'payments', columns: ['amount', 'account_id'], allColumns: false }]);
});

test('several tables: only columns named with their table or alias; a bare * in its own SELECT covers its FROM list', async () => {
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT a.x, b.y, z FROM audit.t1 a JOIN t2 b ON a.id = b.id'), [
    { table: 'audit.t1', columns: ['x', 'id'], allColumns: false },
    { table: 't2', columns: ['y', 'id'], allColumns: false },
  ]);
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT * FROM a WHERE x IN (SELECT y FROM b)'), [
    { table: 'a', columns: [], allColumns: true },
    { table: 'b', columns: [], allColumns: false },
  ]);
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT a.*, b.name FROM a JOIN b ON a.id = b.a_id'), [
    { table: 'a', columns: ['id'], allColumns: true },
    { table: 'b', columns: ['name', 'a_id'], allColumns: false },
  ]);
});

test('a WITH name, a subquery or a function in FROM may own a bare name: not attributed', async () => {
  assert.deepEqual(await readsOf('CREATE VIEW v AS WITH c AS (SELECT id FROM t) SELECT * FROM c'), [{ table: 't', columns: [], allColumns: false }]);
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT label FROM (SELECT name AS label FROM pets) s'), [{ table: 'pets', columns: [], allColumns: false }]);
  assert.deepEqual(await readsOf('CREATE VIEW v AS SELECT n, name FROM pets, generate_series(1, 3) n'), [{ table: 'pets', columns: [], allColumns: false }]);
  assert.deepEqual(await readsOf('CREATE MATERIALIZED VIEW m AS SELECT t.note FROM teams AS t'), [{ table: 'teams', columns: ['note'], allColumns: false }]);
});
