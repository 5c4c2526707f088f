// isinstance(): certain answers only (the dialect against SQLAlchemy's dialect classes, literals
// against str / int / float / bool / dict); anything else stays unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';

function upgradeSteps(body: string): Step[] {
  const source = `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects.postgresql.base import PGDialect\nfrom sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2\nfrom sqlalchemy.dialects.sqlite.base import SQLiteDialect\n\n\ndef upgrade():\n${body}\n`;
  return interpretMigration('/virtual/versions/x.py', source).upgrade?.steps ?? [];
}

/** The SQL each step executes, or OPAQUE with its reason. */
function sqlOf(body: string): string[] {
  return upgradeSteps(body).map((step) => (step.kind === 'operation' && step.operation.kind === 'execute' && step.operation.sql.kind === 'text' ? step.operation.sql.sql : step.kind === 'opaque' ? `OPAQUE: ${step.reason}` : step.kind));
}

const branch = (condition: string) => `    if ${condition}:\n        op.execute("yes")\n    else:\n        op.execute("no")`;

test('the migration context\'s dialect is a PostgreSQL dialect (any driver), never another database\'s, nor a str', () => {
  const dialect = 'op.get_bind().dialect';
  assert.deepEqual(sqlOf(branch(`isinstance(${dialect}, PGDialect)`)), ['yes']);
  assert.deepEqual(sqlOf(branch(`isinstance(${dialect}, (SQLiteDialect, str))`)), ['no']);
  assert.deepEqual(sqlOf(branch(`isinstance(${dialect}, (SQLiteDialect, PGDialect))`)), ['yes']);
  // The driver's own class depends on the URL: unknown.
  assert.match(sqlOf(branch(`isinstance(${dialect}, PGDialect_psycopg2)`))[0], /^OPAQUE: /);
});

test('literals against Python\'s own types; a bool is an int, a float is not; sequences stay unknown', () => {
  assert.deepEqual(sqlOf(branch('isinstance("a", str)')), ['yes']);
  assert.deepEqual(sqlOf(branch('isinstance(1, (str, float))')), ['no']);
  assert.deepEqual(sqlOf(branch('isinstance(True, int)')), ['yes']);
  assert.deepEqual(sqlOf(branch('isinstance(1.5, int)')), ['no']);
  assert.deepEqual(sqlOf(branch('isinstance({"a": 1}, dict)')), ['yes']);
  assert.match(sqlOf(branch('isinstance([1], list)'))[0], /^OPAQUE: /);
});

