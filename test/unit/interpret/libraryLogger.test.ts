/**
 * A logger from a logging library other than the standard one (oslo_log's log.getLogger, as
 * OpenStack migrations use it): its calls write a log line, so they are no steps at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

test("LOG = log.getLogger(__name__) from a library: LOG.info(...) is no step, the operations around it are read", () => {
  const source = `from alembic import op
import sqlalchemy as sa
from oslo_log import log

LOG = log.getLogger(__name__)


def upgrade():
    LOG.info("Adding column")
    op.add_column("shares", sa.Column("flag", sa.Boolean()))
    LOG.exception("done %s", "x")
`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  assert.deepEqual(result.upgrade!.steps.map((step) => step.kind), ['operation']);
  assert.deepEqual(result.problems.filter((problem) => problem.code === 'opaque-step'), []);
});

test('another call into a library is still opaque', () => {
  const source = `from alembic import op
from oslo_log import log


def upgrade():
    log.setup("x")
`;
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  assert.deepEqual(steps.map((step) => step.kind), ['opaque']);
});

test("loguru's logger (from loguru import logger): logger.info(...) is no step; its other methods stay opaque", () => {
  const source = `from alembic import op
import sqlalchemy as sa
from loguru import logger


def upgrade():
    logger.info("Adding column {}", "flag")
    op.add_column("shares", sa.Column("flag", sa.Boolean()))
    logger.debug(f"added {1 + 1}")


def downgrade():
    logger.add("migrations.log")
    op.drop_column("shares", "flag")
`;
  const result = interpretMigration('/nowhere/versions/a1.py', source);
  assert.deepEqual(result.upgrade!.steps.map((step) => step.kind), ['operation']);
  assert.deepEqual(result.downgrade!.steps.map((step) => step.kind), ['opaque', 'operation']);
});
