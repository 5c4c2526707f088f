/**
 * `orm.meta.naming_convention` of an application module's `meta = MetaData(naming_convention=...)`:
 * the dict as given (SQLAlchemy's default when none), unless the module changes it afterwards or
 * the convention holds something other than strings. Real-Alembic parity is in the corpus tier
 * (jupyterhub/metadata_naming_convention).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';
import { renderOperation } from '../../../server/src/engine/render';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

function firstStep(orm: string, expression: string): Step {
  const file = migrationPathIn(workspaceWith('lens-metadata-attr-', { 'app/__init__.py': '', 'app/orm.py': orm }));
  const source = `from alembic import op\nfrom app import orm\n\n\ndef upgrade():\n    op.drop_index(${expression}, table_name="t")\n`;
  return interpretMigration(file, source).upgrade!.steps[0];
}

function sqlOf(step: Step): string[] {
  assert.equal(step.kind, 'operation', step.kind === 'opaque' ? step.reason : '');
  return step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements : [];
}

const ORM = 'import sqlalchemy as sa\n\nmeta = sa.MetaData(naming_convention={"ix": "idx_%(column_0_label)s"})\nplain = sa.MetaData()\n';

test('the convention a module gives its MetaData, and the default of one without', () => {
  assert.deepEqual(sqlOf(firstStep(ORM, 'orm.meta.naming_convention["ix"] % {"column_0_label": "t_c"}')), ['DROP INDEX idx_t_c']);
  assert.deepEqual(sqlOf(firstStep(ORM, 'orm.plain.naming_convention["ix"] % {"column_0_label": "t_c"}')), ['DROP INDEX ix_t_c']);
});

test('a convention changed after MetaData() is built, a token function or something else than a MetaData stays opaque', () => {
  const expression = 'orm.meta.naming_convention["ix"] % {"column_0_label": "t_c"}';
  assert.equal(firstStep(`${ORM}meta.naming_convention["ix"] = "other_%(column_0_label)s"\n`, expression).kind, 'opaque');
  assert.equal(firstStep(`${ORM}meta.naming_convention.update(ix="x")\n`, expression).kind, 'opaque');
  assert.equal(firstStep('import sqlalchemy as sa\n\n\ndef name(constraint, table):\n    return "x"\n\n\nmeta = sa.MetaData(naming_convention={"ix": "ix_%(name)s", "name": name})\n', expression).kind, 'opaque');
  assert.equal(firstStep('meta = dict(naming_convention={"ix": "idx_%(column_0_label)s"})\n', expression).kind, 'opaque');
});
