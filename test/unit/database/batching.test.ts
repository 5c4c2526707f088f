// The executor sends a migration's statements and its version-row change as one message, and
// still names the exact failing statement: a fake session records what is sent and fails where
// told, as PostgreSQL does for a multi-statement message (the statements before the failing one
// complete, the rest do not run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchError, type QueryResult, type Session } from '../../../server/src/database/session';
import { executePlan, isSingleStatement } from '../../../server/src/engine/online/executor';
import type { OnlineStep } from '../../../server/src/engine/online/onlineCompiler';
import type { Plan } from '../../../server/src/engine/plan/types';

class FakeSession implements Session {
  readonly sent: string[] = [];
  backendPid = 1;
  lostError = undefined;
  constructor(private readonly failOn?: string) {}
  async query(sql: string): Promise<QueryResult> {
    this.sent.push(sql);
    if (this.failOn && sql.includes(this.failOn)) throw Object.assign(new Error('boom'), { code: '42P01' });
    return { rows: [], rowCount: sql.startsWith('UPDATE') ? 1 : null };
  }
  async queryMany(sql: string): Promise<(number | null)[]> {
    this.sent.push(sql);
    const statements = sql.split(';\n').map((text) => text.replace(/;$/, ''));
    const failing = this.failOn ? statements.findIndex((text) => text.includes(this.failOn!)) : -1;
    if (failing >= 0) throw new BatchError(Object.assign(new Error('boom'), { code: '42P01' }), failing);
    return statements.map((text) => (text.startsWith('UPDATE') ? 1 : null));
  }
  async close(): Promise<void> {}
}

const sql = (text: string, line: number): OnlineStep => ({ kind: 'sql', sql: text, line }) as OnlineStep;

function plan(): Plan {
  return {
    command: 'upgrade',
    startHeads: ['a'],
    steps: [{ kind: 'revision', direction: 'upgrade', revision: 'b', logLine: 'upgrade a -> b', headsBefore: ['a'], versionChanges: [{ kind: 'update', from: 'a', to: 'b' }] }],
    versionTable: { name: 'alembic_version', schema: null },
    transactionPerMigration: false,
  };
}

const body = [sql('CREATE TABLE t (id int)', 10), sql("INSERT INTO t VALUES (1)", 11), sql('ALTER TABLE t ADD COLUMN x int', 12)];

test('one message per migration: the statements and the version-row change together', async () => {
  const session = new FakeSession();
  const report = await executePlan(session, plan(), () => ({ file: 'b.py', steps: body, doc: '' }), { dryRun: false, purge: false, log: () => undefined });
  assert.equal(report.failure, undefined);
  assert.deepEqual(session.sent, [
    'BEGIN',
    "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nALTER TABLE t ADD COLUMN x int;\nUPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';",
    'COMMIT',
  ]);
});

test('a failure inside the message names the statement that failed, with its line; nothing is sent twice', async () => {
  const session = new FakeSession('INSERT INTO t');
  const report = await executePlan(session, plan(), () => ({ file: 'b.py', steps: body, doc: '' }), { dryRun: false, purge: false, log: () => undefined });
  assert.equal(report.failure?.statement.sql, 'INSERT INTO t VALUES (1)');
  assert.equal(report.failure?.statement.line, 11);
  assert.equal(report.failure?.sqlState, '42P01');
  assert.equal(session.sent.filter((text) => text.includes('INSERT INTO t')).length, 1);
  assert.equal(session.sent.at(-1), 'ROLLBACK');
});

test('a text with several statements (or a comment) is sent on its own, between batches', async () => {
  const session = new FakeSession();
  const steps = [sql('CREATE TABLE t (id int)', 10), sql('UPDATE t SET id = 1; DELETE FROM t', 11), sql('CREATE INDEX i ON t (id)', 12), sql('-- note\nSELECT 1', 13)];
  await executePlan(session, plan(), () => ({ file: 'b.py', steps, doc: '' }), { dryRun: false, purge: false, log: () => undefined });
  assert.deepEqual(session.sent.slice(1, -1), [
    'CREATE TABLE t (id int)',
    'UPDATE t SET id = 1; DELETE FROM t',
    'CREATE INDEX i ON t (id)',
    '-- note\nSELECT 1',
    "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a'",
  ]);
});

test('what counts as certainly one statement', () => {
  for (const text of ['SELECT 1', 'SELECT 1;', '  ALTER TABLE t ADD COLUMN x int ;  ', "INSERT INTO t VALUES ('a')"]) assert.ok(isSingleStatement(text), text);
  for (const text of ['', ' ; ', 'SELECT 1; SELECT 2', "INSERT INTO t VALUES ('a;b')", 'SELECT 1 -- c', '/* c */ SELECT 1', 'SELECT E\'\\n\'']) assert.ok(!isSingleStatement(text), text);
});

test("a create_table's CREATE TYPE already run in this run is not sent again (Alembic's memo per migration context)", async () => {
  const session = new FakeSession();
  const createType: OnlineStep = { kind: 'sql', sql: "CREATE TYPE mood AS ENUM ('ok')", line: 3, createsEnumType: '\u0000mood' };
  const steps: OnlineStep[] = [createType, sql('CREATE TABLE a (m mood)', 3), createType, sql('CREATE TABLE b (m mood)', 9)];
  await executePlan(session, plan(), () => ({ file: 'b.py', steps, doc: '' }), { dryRun: false, purge: false, log: () => undefined });
  assert.equal(session.sent.join('\n').split('CREATE TYPE mood').length - 1, 1);
  assert.match(session.sent[1], /^CREATE TYPE mood AS ENUM \('ok'\);\nCREATE TABLE a \(m mood\);\nCREATE TABLE b \(m mood\);/);
});

test('a failure with a server position is placed by the position, counted in characters as PostgreSQL counts them', async () => {
  const { failedStatementOf } = await import('../../../server/src/engine/online/executor');
  const batch = [
    { sql: "INSERT INTO notes (body) VALUES ('🐘 elephants')", line: 3 },
    { sql: 'ALTER TABLE notes ADD COLUMN x int', line: 4 },
    { sql: 'SELEC 1', line: 5 },
  ];
  // The message the executor sends: each statement ended by ';' and a newline between them.
  const message = batch.map((origin) => `${origin.sql};`).join('\n');
  const positionOf = (text: string): number => [...message.slice(0, message.indexOf(text))].length + 1;
  const syntax = new BatchError(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601', position: String(positionOf('SELEC')) }), 0);
  assert.equal(failedStatementOf(syntax, batch), 2, 'the syntax error is the third statement, though none completed');
  const second = new BatchError(Object.assign(new Error('x'), { code: '42P01', position: String(positionOf('notes ADD')) }), 1);
  assert.equal(failedStatementOf(second, batch), 1);
  // No position (an error raised while running): the statement after those completed.
  assert.equal(failedStatementOf(new BatchError(Object.assign(new Error('x'), { code: '23505' }), 1), batch), 1);
  assert.equal(failedStatementOf(new BatchError(new Error('x'), 7), batch), 2);
});
