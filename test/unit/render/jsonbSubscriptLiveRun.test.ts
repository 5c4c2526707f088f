// JSONB's subscript: `--sql` prints `doc['k']` as Alembic does (SQLAlchemy assumes PostgreSQL 14
// with no server to ask); a live run may be on PostgreSQL 13 or older, where a subscript on JSONB
// is a syntax error and SQLAlchemy itself sends `doc -> 'k'`, so the live run sends that, grouped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';

const HEADER = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\nt = sa.table("t", sa.column("id", sa.Integer), sa.column("doc", postgresql.JSONB))\n\n\ndef upgrade():\n';

function rendered(statement: string, liveRun: boolean): string[] {
  const step = interpretMigration('/tmp/m.py', `${HEADER}    ${statement}\n`).upgrade!.steps[0];
  assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : step.kind);
  if (step.kind !== 'operation') return [];
  const result = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named', ...(liveRun ? { liveRun: true as const } : {}) });
  assert.deepEqual(result.problems, []);
  return result.statements;
}

test('a JSONB subscript: doc[\'k\'] under --sql, (doc -> \'k\') in a live run', () => {
  const statement = 'op.execute(t.delete().where(t.c.doc["a"]["b"] == sa.literal_column("\'1\'::jsonb")))';
  assert.deepEqual(rendered(statement, false), ["DELETE FROM t WHERE t.doc['a']['b'] = '1'::jsonb"]);
  assert.deepEqual(rendered(statement, true), ["DELETE FROM t WHERE ((t.doc -> 'a') -> 'b') = '1'::jsonb"]);
  // ->> (astext) is the same on every version.
  assert.deepEqual(rendered('op.execute(t.delete().where(t.c.doc["a"].astext == "x"))', true), ["DELETE FROM t WHERE (t.doc ->> 'a') = 'x'"]);
});
