/**
 * An ARRAY of a collated string (mwdb-core's `postgresql.ARRAY(sa.String(collation="C"))`):
 * SQLAlchemy puts the brackets before the item's COLLATE (`VARCHAR[] COLLATE "C"`; the engine
 * printed `VARCHAR COLLATE "C"[]`, which PostgreSQL rejects), and `dimensions=0` prints none.
 * Compared with what the real SQLAlchemy compiles, run here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';
const TYPES = ['postgresql.ARRAY(sa.String(collation="C"))', 'postgresql.ARRAY(sa.String(20, collation="C"), dimensions=2)', 'postgresql.ARRAY(sa.Integer(), dimensions=0)', 'sa.ARRAY(sa.Text(collation="de_DE"))', 'postgresql.ARRAY(sa.Text())'];

test("an ARRAY's brackets go where SQLAlchemy puts them: before the item type's COLLATE", () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real SQLAlchemy`);
  const script = `import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nfor t in [${TYPES.join(', ')}]:\n    print(t.compile(dialect=postgresql.dialect()))\n`;
  const expected = execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  const body = TYPES.map((type, at) => `    op.alter_column("t", "c${at}", type_=${type})`).join('\n');
  const source = `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n\ndef upgrade():\n${body}\n`;
  const steps = interpretMigration('/virtual/m.py', source).upgrade!.steps;
  const actual = steps.map((step) => (step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py' }).statements.join('; ').replace(/^ALTER TABLE t ALTER COLUMN c\d TYPE /, '') : step.kind));
  assert.deepEqual(actual, expected);
  assert.equal(expected[0], 'VARCHAR[] COLLATE "C"');
});
