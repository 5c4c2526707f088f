/**
 * `postgresql.ARRAY(ItemType)` with the application's column type given as a bare class: SQLAlchemy
 * instantiates it without arguments, so the engine reads the class as it reads `Column(name,
 * ItemType)`. Real-Alembic parity is in the corpus tier (h/array_of_application_type).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

function migrationIn(files: Record<string, string>): string {
  return migrationPathIn(workspaceWith('lens-array-', files));
}

const SOURCE = `from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from app import types


def upgrade():
    op.add_column("t", sa.Column("ids", postgresql.ARRAY(types.Key)))
    op.add_column("t", sa.Column("other", postgresql.ARRAY(types.Unknown)))
`;

test('ARRAY of a bare application type class renders its element type; an unreadable one stays opaque', () => {
  const file = migrationIn({
    'app/__init__.py': '',
    'app/types.py': 'from sqlalchemy import types\nfrom sqlalchemy.dialects import postgresql\n\n\nclass Key(types.TypeDecorator):\n    impl = postgresql.UUID\n    cache_ok = True\n',
  });
  const steps = interpretMigration(file, SOURCE).upgrade!.steps;
  assert.equal(steps[0].kind, 'operation');
  if (steps[0].kind === 'operation') assert.deepEqual(renderOperation(steps[0].operation, { file: 'm.py', paramstyle: 'named' }).statements, ['ALTER TABLE t ADD COLUMN ids UUID[]']);
  assert.equal(steps[1].kind, 'opaque');
});
