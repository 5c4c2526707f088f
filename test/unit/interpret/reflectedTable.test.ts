/**
 * sa.Table(name, MetaData(), autoload_with=connection) reflects its columns from the database
 * when the migration runs: a statement on it is opaque, not a render failure over the (empty)
 * column list written in the source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

test('a statement on a reflected sa.Table() is an opaque step that says why', () => {
  const source = `from alembic import op
import sqlalchemy as sa


def upgrade():
    connection = op.get_bind()
    replicas = sa.Table("replicas", sa.MetaData(), autoload_with=connection)
    op.execute(replicas.update().values({"readonly": False}))
    legacy = sa.Table("legacy", sa.MetaData(), autoload=True)
    op.execute(legacy.delete())
`;
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  assert.deepEqual(steps.map((step) => step.kind), ['opaque', 'opaque']);
  assert.match(steps[0].kind === 'opaque' ? steps[0].reason : '', /sa\.Table\("replicas", \.\.\., autoload_with=\.\.\.\) reads its columns from the database at run time/);
  assert.match(steps[1].kind === 'opaque' ? steps[1].reason : '', /sa\.Table\("legacy"/);
});

test('sa.Table() with its columns written out and autoload_with=None still renders', () => {
  const source = `from alembic import op
import sqlalchemy as sa


def upgrade():
    flags = sa.Table("flags", sa.MetaData(), sa.Column("on", sa.Boolean), autoload_with=None)
    op.execute(flags.update().values(on=True))
`;
  const steps = interpretMigration('/nowhere/versions/a1.py', source).upgrade!.steps;
  assert.deepEqual(steps.map((step) => step.kind), ['operation']);
});
