// `t.insert().values([row, ...])`: one INSERT of several rows, each giving the first row's columns
// (parity with Alembic: test/fixtures/sql/dml_expressions). A later row lacking one of them is
// SQLAlchemy's CompileError, reported with its message; a key only a later row has is left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';

const HEADER = 'from alembic import op\nimport sqlalchemy as sa\n\nt = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.String))\n\n\ndef upgrade():\n';

function rendered(statement: string): { statements: string[]; problems: string[] } {
  const step = interpretMigration('/tmp/m.py', `${HEADER}    ${statement}\n`).upgrade!.steps[0];
  assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : step.kind);
  if (step.kind !== 'operation') return { statements: [], problems: [] };
  const result = renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' });
  return { statements: result.statements, problems: result.problems.map((problem) => problem.message) };
}

test('rows of dictionaries take the first row\'s columns, in the table\'s order', () => {
  assert.deepEqual(rendered('op.execute(t.insert().values([{"name": "x", "id": 1}, {"id": 2, "name": "y", "extra": 3}]))'), {
    statements: ["INSERT INTO users (id, name) VALUES (1, 'x'), (2, 'y')"],
    problems: [],
  });
  assert.deepEqual(rendered('op.execute(t.insert().values([(1, "a"), (2, "b")]))').statements, ["INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b')"]);
});

test('a later row lacking a column of the first is SQLAlchemy\'s CompileError', () => {
  const { problems } = rendered('op.execute(t.insert().values([{"id": 1, "name": "q"}, {"id": 2}]))');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^INSERT value for column users\.name is explicitly rendered as a boundparameter in the VALUES clause/);
});
