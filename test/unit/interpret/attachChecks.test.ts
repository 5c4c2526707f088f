/**
 * An application column type whose module adds a CHECK through SQLAlchemy's attach events
 * (sqlalchemy/attachChecks.ts): the listener shape that is read, and the ones that leave the type
 * opaque with a reason. Real-Alembic parity is in the corpus tier
 * (indico-naming/int_enum_attach_checks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { migrationPathIn, workspaceWith } from '../../support/workspaceFolder';

const HEAD = `from sqlalchemy import type_coerce
from sqlalchemy.event import listens_for, listen
from sqlalchemy.sql.schema import CheckConstraint
from sqlalchemy.sql.sqltypes import SchemaType, SmallInteger
from sqlalchemy.sql.type_api import TypeDecorator


class Coded(TypeDecorator, SchemaType):
    impl = SmallInteger
    cache_ok = True

    def __init__(self, enum=None, exclude_values=None):
        self.enum = enum
        self.exclude_values = frozenset(exclude_values or ())
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)
`;

const READ_LISTENER = `

@listens_for(Coded, 'before_parent_attach')
def _attached(type_, col):
    @listens_for(col, 'after_parent_attach')
    def _joined(col, table):
        number = type_coerce(col, SmallInteger)
        CheckConstraint(number.in_(x.value for x in type_.enum if x not in type_.exclude_values), f'coded_{col.name}_ok')
`;

const MIGRATION = `from enum import Enum

import sqlalchemy as sa
from alembic import op

from app.types import Coded


class Color(int, Enum):
    red = 1
    green = 2
    blue = 3


def upgrade():
    op.add_column('t', sa.Column('color', Coded(Color, exclude_values={Color.green})))
    op.create_table('u', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('color', Coded(Color)))
    op.alter_column('t', 'color', type_=Coded(Color))
`;

function run(types: string, migration = MIGRATION): Step[] {
  const file = migrationPathIn(workspaceWith('lens-attach-', { 'app/__init__.py': '', 'app/types.py': types }));
  return interpretMigration(file, migration).upgrade!.steps;
}

function rendered(steps: Step[]): string[] {
  return steps.flatMap((step) => (step.kind === 'operation' ? renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements : [`OPAQUE: ${step.kind === 'opaque' ? step.reason : step.kind}`]));
}

test('the CHECK a before_parent_attach listener adds: after ADD COLUMN, inside CREATE TABLE; alter_column stays opaque', () => {
  const out = rendered(run(HEAD + READ_LISTENER));
  assert.deepEqual(out.slice(0, 3), [
    'ALTER TABLE t ADD COLUMN color SMALLINT',
    'ALTER TABLE t ADD CONSTRAINT coded_color_ok CHECK (color IN (1, 3))',
    'CREATE TABLE u (\n    id SERIAL NOT NULL, \n    color SMALLINT, \n    PRIMARY KEY (id), \n    CONSTRAINT coded_color_ok CHECK (color IN (1, 2, 3))\n)',
  ]);
  assert.match(out[3], /^OPAQUE: alter_column\(\) with type_= of a type whose attach listener adds a CHECK constraint/);
});

test('a listener of another shape, another event or event.listen() leaves the type opaque, naming why', () => {
  const otherBody = READ_LISTENER.replace("f'coded_{col.name}_ok')", "f'coded_{col.name}_ok')\n        table.info['x'] = 1");
  assert.match(rendered(run(HEAD + otherBody))[0], /^OPAQUE: the column type Coded \(types\.py:\d+\): its before_parent_attach listener \(types\.py:\d+\) runs table\.info/);
  const otherEvent = READ_LISTENER.replace("'before_parent_attach'", "'after_parent_attach'");
  assert.match(rendered(run(HEAD + otherEvent))[0], /^OPAQUE: the column type Coded .*has a 'after_parent_attach' listener/);
  assert.match(rendered(run(HEAD + "\n\nlisten(Coded, 'before_parent_attach', print)\n"))[0], /^OPAQUE: the column type Coded .*registered with event\.listen\(\)/);
  const strings = MIGRATION.replace('red = 1', "red = 'r'").replace('green = 2', "green = 'g'").replace('blue = 3', "blue = 'b'").replace('(int, Enum)', '(str, Enum)');
  assert.match(rendered(run(HEAD + READ_LISTENER, strings))[0], /whose values are not all integers/);
});

test('without a listener the type is its impl, with no CHECK', () => {
  assert.deepEqual(rendered(run(HEAD)).slice(0, 2), ['ALTER TABLE t ADD COLUMN color SMALLINT', 'CREATE TABLE u (\n    id SERIAL NOT NULL, \n    color SMALLINT, \n    PRIMARY KEY (id)\n)']);
});
