import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emitOfflineSql, type RevisionSource } from '../../../server/src/engine/offline/emitter';
import type { Plan } from '../../../server/src/engine/plan/types';

const sources: Record<string, RevisionSource> = {
  p1: { file: '/m/p1.py', compiled: { upgrade: [{ kind: 'sql', sql: 'CREATE SCHEMA app' }], downgrade: [] } },
  p2: {
    file: '/m/p2.py',
    compiled: {
      upgrade: [
        { kind: 'sql', sql: 'CREATE TABLE app.t (id INTEGER)' },
        { kind: 'autocommit', steps: [{ kind: 'sql', sql: 'VACUUM app.t' }] },
      ],
      downgrade: [{ kind: 'opaque', reason: 'loop over rows', line: 12, source: 'for row in rows:\n    pass' }],
    },
  },
};

function plan(transactionPerMigration: boolean): Plan {
  return {
    command: 'upgrade',
    startHeads: [],
    versionTable: { name: 'schema_history', schema: 'meta' },
    transactionPerMigration,
    steps: [
      { kind: 'revision', direction: 'upgrade', revision: 'p1', logLine: 'upgrade  -> p1', headsBefore: [], versionChanges: [{ kind: 'insert', version: 'p1' }] },
      { kind: 'revision', direction: 'upgrade', revision: 'p2', logLine: 'upgrade p1 -> p2', headsBefore: ['p1'], versionChanges: [{ kind: 'update', from: 'p1', to: 'p2' }] },
    ],
  };
}

test('transaction_per_migration wraps each step; autocommit commits and begins again', () => {
  const result = emitOfflineSql(plan(true), (id) => sources[id], { allowOpaque: false });
  assert.equal(
    result.text,
    [
      'BEGIN;',
      'CREATE TABLE meta.schema_history (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT schema_history_pkc PRIMARY KEY (version_num)\n);',
      '-- Running upgrade  -> p1',
      'CREATE SCHEMA app;',
      "INSERT INTO meta.schema_history (version_num) VALUES ('p1') RETURNING meta.schema_history.version_num;",
      'COMMIT;',
      'BEGIN;',
      '-- Running upgrade p1 -> p2',
      'CREATE TABLE app.t (id INTEGER);',
      'COMMIT;',
      'VACUUM app.t;',
      'BEGIN;',
      "UPDATE meta.schema_history SET version_num='p2' WHERE meta.schema_history.version_num = 'p1';",
      'COMMIT;',
      '',
    ].join('\n\n'),
  );
});

test('one transaction around the whole run by default', () => {
  const text = emitOfflineSql(plan(false), (id) => sources[id], { allowOpaque: false }).text;
  assert.match(text, /^BEGIN;\n\nCREATE TABLE/);
  assert.match(text, /version_num = 'p1';\n\nCOMMIT;\n\n$/);
  assert.equal(text.split('BEGIN;').length - 1, 2);
});

test('opaque steps fail the run unless allowed, then print as comments in place', () => {
  const down: Plan = {
    ...plan(false),
    command: 'downgrade',
    steps: [{ kind: 'revision', direction: 'downgrade', revision: 'p2', logLine: 'downgrade p2 -> p1', headsBefore: ['p2'], versionChanges: [{ kind: 'update', from: 'p2', to: 'p1' }] }],
  };
  const refused = emitOfflineSql(down, (id) => sources[id], { allowOpaque: false });
  assert.equal(refused.text, '');
  assert.deepEqual(refused.opaque.map((o) => `${o.file}:${o.line} ${o.reason}`), ['/m/p2.py:12 loop over rows']);
  const allowed = emitOfflineSql(down, (id) => sources[id], { allowOpaque: true });
  assert.match(allowed.text, /-- Running downgrade p2 -> p1\n\n-- alembic-lens: opaque step at \/m\/p2.py:12 not rendered \(loop over rows\)\n-- for row in rows:\n--     pass\n\nUPDATE/);
});

test("a create_table's CREATE TYPE prints once per run, in a later revision too (Alembic's memo per migration context)", () => {
  const createType = (table: string): RevisionSource['compiled']['upgrade'] => [
    { kind: 'sql', sql: "CREATE TYPE mood AS ENUM ('ok')", createsEnumType: '\u0000mood' },
    { kind: 'sql', sql: `CREATE TABLE ${table} (m mood)` },
  ];
  const typed: Record<string, RevisionSource> = {
    p1: { file: '/m/p1.py', compiled: { upgrade: createType('a'), downgrade: [] } },
    p2: { file: '/m/p2.py', compiled: { upgrade: [{ kind: 'autocommit', steps: createType('b') }], downgrade: [] } },
  };
  const run = emitOfflineSql(plan(false), (id) => typed[id], { allowOpaque: false }).text;
  assert.equal(run.split('CREATE TYPE mood').length - 1, 1);
  assert.match(run, /CREATE TABLE b \(m mood\);/);
  // A run that starts at p2 has not created the type yet: it prints it.
  const fromP1: Plan = { ...plan(false), steps: plan(false).steps.slice(1) };
  assert.match(emitOfflineSql(fromP1, (id) => typed[id], { allowOpaque: false }).text, /CREATE TYPE mood AS ENUM \('ok'\);\n\nCREATE TABLE b/);
});
