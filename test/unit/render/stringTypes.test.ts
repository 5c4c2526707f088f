/**
 * String types as SQLAlchemy 2.1 compiles them for PostgreSQL, compared with the real SQLAlchemy
 * run here: a collation is quoted only where an identifier would be (mlrun's
 * `sa.String(255, collation="utf8_bin")` is `COLLATE utf8_bin`; the engine quoted every one, as
 * SQLAlchemy 2.0 did), and a length of 0 prints no parentheses (cds-snc/notification-api's
 * `sa.Enum(name=..., native_enum=False)` of no values is `VARCHAR`; the engine printed
 * `VARCHAR(0)`, which PostgreSQL rejects).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';

const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';
const TYPES = [
  'sa.String(255, collation="utf8_bin")',
  'sa.String(10, collation="C")',
  'sa.Text(collation="POSIX")',
  'sa.String(collation="en_US")',
  'sa.String(collation="select")',
  'sa.Unicode(5, collation="en_US.utf8")',
  'sa.String(collation="de-DE-x-icu")',
  'sa.CHAR(2, collation="und")',
  'postgresql.ARRAY(sa.String(collation="utf8_bin"))',
  'sa.String(0)',
  'sa.CHAR(0)',
  'sa.String(length=0, collation="C")',
  'sa.Enum(name="kind", native_enum=False)',
  'sa.Enum("a", "bb", name="kind", native_enum=False)',
  'sa.Enum("a", name="kind", native_enum=False, length=7)',
];

test('string types, their lengths and collations compile as SQLAlchemy compiles them', () => {
  assert.ok(fs.existsSync(PYTHON), `ALEMBIC_PYTHON (${PYTHON}) is missing: this test asks the real SQLAlchemy`);
  const script = `import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nfor t in [${TYPES.join(', ')}]:\n    print(t.compile(dialect=postgresql.dialect()))\n`;
  const expected = execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  const body = TYPES.map((type, at) => `    op.add_column("t", sa.Column("c${at}", ${type}))`).join('\n');
  const source = `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n\ndef upgrade():\n${body}\n`;
  const steps = interpretMigration('/virtual/m.py', source).upgrade!.steps;
  const actual = steps.map((step) => (step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py' }).statements.join('; ').replace(/^ALTER TABLE t ADD COLUMN c\d+ /, '') : `${step.kind}: ${step.kind === 'opaque' ? step.reason : ''}`));
  assert.deepEqual(actual, expected);
  assert.equal(expected[0], 'VARCHAR(255) COLLATE utf8_bin');
  assert.equal(expected[12], 'VARCHAR');
});
