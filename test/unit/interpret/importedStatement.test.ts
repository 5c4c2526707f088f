/**
 * An imported name whose value the engine cannot read, given as the statement of op.execute()
 * or the table / rows of op.bulk_insert() (`from sqlalchemy_searchable import sql_expressions`),
 * is an opaque step, not an invalid-operation-arguments error: the migration is not known to be
 * wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

test('op.execute() and op.bulk_insert() of unreadable imported names are opaque, with no error', () => {
  const source = `from alembic import op
from sqlalchemy_searchable import sql_expressions
from myapp.tables import statuses, DEFAULT_ROWS


def upgrade():
    op.execute(sql_expressions)
    op.bulk_insert(statuses, [{"id": 1}])
    op.bulk_insert(statuses, DEFAULT_ROWS)
`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  assert.deepEqual(result.problems.filter((problem) => problem.code === 'invalid-operation-arguments'), []);
  const reasons = result.upgrade!.steps.map((step) => (step.kind === 'opaque' ? step.reason : step.kind));
  assert.equal(reasons.length, 3);
  assert.match(reasons[0], /uses sqlalchemy_searchable\.sql_expressions, whose value the engine cannot read statically/);
  assert.match(reasons[1], /uses myapp\.tables\.statuses, whose value the engine cannot read statically/);
  assert.match(reasons[2], /uses myapp\.tables\.(statuses|DEFAULT_ROWS), whose value the engine cannot read statically/);
});

test('a literal of the wrong kind is still an invalid argument', () => {
  const result = interpretMigration('/nowhere/versions/a1.py', 'from alembic import op\n\n\ndef upgrade():\n    op.execute(42)\n');
  assert.equal(result.problems.filter((problem) => problem.code === 'invalid-operation-arguments').length, 1);
});
