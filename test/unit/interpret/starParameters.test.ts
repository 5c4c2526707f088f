// `*args` / `**kwargs` of a helper function in a migration receive what the call passed; when
// the call unpacks something unknown, they are opaque instead of an empty tuple or dict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretMigration } from '../../../server/src/engine/interpret/index';

const SOURCE = `from alembic import op
import sqlalchemy as sa
from elsewhere import OPTIONS


def make(table, *names, **kw):
    op.add_column(table, sa.Column(kw["name"], sa.Integer), schema=kw.get("schema"))
    for extra in names:
        op.add_column(table, sa.Column(extra, sa.Text))


def upgrade():
    make("t", "x", "y", name="c", schema="s")
    make("u", **OPTIONS)


def downgrade():
    pass
`;

test('**kwargs holds the keywords no named parameter took, *args the extra positionals', () => {
  const steps = interpretMigration('/m.py', SOURCE).upgrade?.steps ?? [];
  const added = steps.flatMap((step) => (step.kind === 'operation' && step.operation.kind === 'addColumn' ? [`${step.operation.schema ?? ''}.${step.operation.table}.${step.operation.column.name}`] : []));
  assert.deepEqual(added, ['s.t.c', '.t.x', '.t.y']);
});

test('an unknown **splat makes the helper parameters opaque, with the reason', () => {
  const steps = interpretMigration('/m.py', SOURCE).upgrade?.steps ?? [];
  const reasons = steps.flatMap((step) => (step.kind === 'opaque' ? [step.reason] : []));
  // Both the add_column (reads kw) and the loop (over names) of the second call are unknown.
  assert.equal(reasons.length, 2, reasons.join('\n'));
  assert.match(reasons[0], /unpacked from OPTIONS, so \*\* parameters are unknown/);
  assert.match(reasons[1], /unpacked from OPTIONS, so \* parameters are unknown/);
});
