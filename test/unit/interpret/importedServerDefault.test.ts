/**
 * op.alter_column(server_default=NAME) where NAME is imported from a library (or an application
 * module re-exporting a library's constant) whose value the engine cannot read: the default may
 * well be a string, so the step is opaque, not an invalid-operation-arguments error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

test('alter_column(server_default=<unreadable imported constant>) is opaque, with no error', () => {
  const source = `from alembic import op
import sqlalchemy as sa
from vendorlib.common import constants


def upgrade():
    op.alter_column('pool', 'status', nullable=False, existing_type=sa.String(16),
                    server_default=constants.ACTIVE)
`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  assert.deepEqual(result.problems.filter((problem) => problem.code === 'invalid-operation-arguments'), []);
  const steps = result.upgrade!.steps;
  assert.equal(steps.length, 1);
  assert.equal(steps[0].kind, 'opaque');
  assert.match(steps[0].kind === 'opaque' ? steps[0].reason : '', /uses vendorlib\.common\.constants\.ACTIVE, whose value the engine cannot read statically/);
});

test('alter_column(server_default=<a SQLAlchemy type>) is still an invalid argument', () => {
  const source = `from alembic import op
import sqlalchemy as sa


def upgrade():
    op.alter_column('pool', 'size', server_default=sa.String(5))
`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  assert.equal(result.problems.filter((problem) => problem.code === 'invalid-operation-arguments').length, 1);
});
