// Which SQL written in a migration ends or starts the run's transaction (engine/online/transactionControl.ts),
// and that the online engine's lexical reading agrees with the lint's reading by PostgreSQL's parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transactionEffectsOf, type TransactionEffect } from '../../../server/src/engine/online/transactionControl';
import { loadSqlParser, parseSql } from '../../../server/src/lint/sql/parser';
import { statementToActions } from '../../../server/src/lint/sql/toActions';

/** Each SQL text with the effects it has on the transaction it runs in, in order. */
const CASES: readonly (readonly [string, readonly TransactionEffect[]])[] = [
  ['COMMIT', ['commits']],
  ['  commit;  ', ['commits']],
  ['END', ['commits']],
  ['COMMIT; CREATE INDEX CONCURRENTLY ix ON t (a)', ['commits']],
  ['ROLLBACK', ['rollsBack']],
  ['ABORT', ['rollsBack']],
  ['BEGIN', ['begins']],
  ['START TRANSACTION ISOLATION LEVEL SERIALIZABLE', ['begins']],
  ['COMMIT; BEGIN', ['commits', 'begins']],
  // AND CHAIN ends the transaction and opens the next at once: CONCURRENTLY after it still fails.
  ['COMMIT AND CHAIN', ['commits', 'begins']],
  ['END AND CHAIN', ['commits', 'begins']],
  ['ROLLBACK AND CHAIN', ['rollsBack', 'begins']],
  ['COMMIT AND NO CHAIN', ['commits']],
  // PREPARE TRANSACTION takes the transaction away from the session: what follows runs outside it.
  ["PREPARE TRANSACTION 'tx'", ['commits']],
  ['PREPARE q (int) AS SELECT $1', []],
  ["INSERT INTO log VALUES ('COMMIT')", []],
  ["SELECT E'it\\'s; COMMIT'", []],
  ["SELECT 'it''s; COMMIT'", []],
  ['DO $$ BEGIN PERFORM 1; END $$', []],
  ['CREATE FUNCTION f() RETURNS void AS $body$ BEGIN RETURN; END; $body$ LANGUAGE plpgsql', []],
  // SQL-standard bodies (PostgreSQL 14): the END closing BEGIN ATOMIC is no COMMIT.
  ['CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END', []],
  ['CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); SELECT CASE WHEN true THEN 1 END; END; COMMIT', ['commits']],
  ['-- COMMIT\nSELECT 1', []],
  ['/* BEGIN */ SELECT 1', []],
  ['/* outer /* COMMIT; */ still the comment; */ SELECT 1', []],
  ['SELECT a$b$ FROM t; COMMIT', ['commits']],
  ['SAVEPOINT s1', []],
  ['ROLLBACK TO SAVEPOINT s1', []],
  ['RELEASE SAVEPOINT s1', []],
  ["COMMIT PREPARED 'tx'", []],
  ["ROLLBACK PREPARED 'tx'", []],
  ['SELECT "commit" FROM t', []],
  ['UPDATE t SET started = true WHERE ended', []],
];

test('COMMIT, END, ROLLBACK, ABORT, BEGIN, START and PREPARE TRANSACTION are told apart, in order; quotes, comments, savepoints and function bodies change nothing', () => {
  for (const [sql, effects] of CASES) assert.deepEqual(transactionEffectsOf(sql), effects, sql);
});

test('the online engine reads each of these as the lint does with PostgreSQL\'s parser', async () => {
  assert.ok(await loadSqlParser(), 'the PostgreSQL parser (libpg-query) loads');
  for (const [sql] of CASES) {
    const parsed = parseSql(sql);
    if (!parsed?.ok) assert.fail(`PostgreSQL parses ${sql}`);
    const byParser = parsed.statements.flatMap((statement) => statementToActions(statement.node)).flatMap((action): TransactionEffect[] => {
      if (action.kind !== 'transaction') return [];
      if (action.command === 'begin') return ['begins'];
      return [action.rollback ? 'rollsBack' : 'commits'];
    });
    assert.deepEqual(transactionEffectsOf(sql), byParser, sql);
  }
});
