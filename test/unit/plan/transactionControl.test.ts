// Which SQL written in a migration ends or starts the run's transaction (engine/online/transactionControl.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transactionEffectOf } from '../../../server/src/engine/online/transactionControl';

test('COMMIT, END, ROLLBACK, ABORT, BEGIN and START TRANSACTION are told apart; the last one of a text wins', () => {
  assert.equal(transactionEffectOf('COMMIT'), 'commits');
  assert.equal(transactionEffectOf('  commit;  '), 'commits');
  assert.equal(transactionEffectOf('END'), 'commits');
  assert.equal(transactionEffectOf('COMMIT; CREATE INDEX CONCURRENTLY ix ON t (a)'), 'commits');
  assert.equal(transactionEffectOf('ROLLBACK'), 'rollsBack');
  assert.equal(transactionEffectOf('ABORT'), 'rollsBack');
  assert.equal(transactionEffectOf('BEGIN'), 'begins');
  assert.equal(transactionEffectOf('START TRANSACTION ISOLATION LEVEL SERIALIZABLE'), 'begins');
  assert.equal(transactionEffectOf('COMMIT; BEGIN'), 'begins');
});

test('words inside quotes, dollar quotes and comments, savepoints and prepared transactions change nothing', () => {
  assert.equal(transactionEffectOf("INSERT INTO log VALUES ('COMMIT')"), undefined);
  assert.equal(transactionEffectOf('DO $$ BEGIN PERFORM 1; END $$'), undefined);
  assert.equal(transactionEffectOf('CREATE FUNCTION f() RETURNS void AS $body$ BEGIN RETURN; END; $body$ LANGUAGE plpgsql'), undefined);
  assert.equal(transactionEffectOf('-- COMMIT\nSELECT 1'), undefined);
  assert.equal(transactionEffectOf('/* BEGIN */ SELECT 1'), undefined);
  assert.equal(transactionEffectOf('ROLLBACK TO SAVEPOINT s1'), undefined);
  assert.equal(transactionEffectOf("COMMIT PREPARED 'tx'"), undefined);
  assert.equal(transactionEffectOf('SELECT "commit" FROM t'), undefined);
  assert.equal(transactionEffectOf('UPDATE t SET started = true WHERE ended'), undefined);
});
