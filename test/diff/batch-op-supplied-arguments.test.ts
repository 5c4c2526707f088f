/**
 * Keywords a `batch_op.<operation>()` call cannot take because Alembic's BatchOperations passes
 * them to the operation class itself: the batch's table name and schema (`schema=`,
 * `source_schema=`, `table_name=`, `source_table=`), and alter_column's `modify_*` names. Given
 * through `**kw` they are Python's TypeError ("got multiple values for ..."); Lens printed SQL for
 * them, the schema one on the wrong table. create_unique_constraint and create_exclude_constraint
 * overwrite a `schema=` with the batch's instead (Lens used it). And `add_column(insert_before=/
 * insert_after=)` in a batch that alters in place is Alembic's CommandError, where Lens printed
 * the ADD COLUMN. Compared with the real Alembic 1.20 on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

test('schema= given to batch_op.create_unique_constraint / create_exclude_constraint gives way to the batch\'s schema; an empty or None insert_before passes', async () => {
  const dir = offlineProject('batch-supplied-ok-', {
    'migrations/versions/a1_batch.py': `${migrationHeader('a1', undefined)}
def upgrade():
    with op.batch_alter_table("bt") as batch_op:
        batch_op.create_unique_constraint("uq_a", ["c"], schema="x")
        batch_op.create_exclude_constraint("ex_a", ("c", "="), schema="x")
        batch_op.add_column(sa.Column("d", sa.Integer), insert_before="")
    with op.batch_alter_table("bt", schema="s") as batch_op:
        batch_op.create_unique_constraint("uq_b", ["c"], schema="x")
        batch_op.create_unique_constraint("uq_c", ["c"], schema=None)
        batch_op.create_exclude_constraint("ex_b", ("c", "="), schema="x")
        batch_op.add_column(sa.Column("e", sa.Integer), insert_after=None)


def downgrade():
    with op.batch_alter_table("bt", "s", recreate="never") as batch_op:
        batch_op.create_unique_constraint("uq_d", ["c"], schema="x")
        batch_op.alter_column("c", nullable=False, insert_after="d")
`,
  });
  const upgrade = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(upgrade, /^ALTER TABLE bt ADD CONSTRAINT uq_a UNIQUE \(c\);$/m);
  assert.match(upgrade, /^ALTER TABLE s\.bt ADD CONSTRAINT uq_b UNIQUE \(c\);$/m);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});

/** [what, the call inside `with op.batch_alter_table("bt"...) as batch_op:` (or an op. call), Alembic's message]. */
const FAILING: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['alter_column schema=', 'batch_op.alter_column("c", nullable=False, schema="x")', /multiple values for keyword argument 'schema'/],
  ['alter_column table_name=', 'batch_op.alter_column("c", nullable=False, table_name="z")', /multiple values for argument 'table_name'/],
  ['alter_column modify_nullable=', 'batch_op.alter_column("c", modify_nullable=False)', /multiple values for keyword argument 'modify_nullable'/],
  ['op.alter_column modify_type=', 'op.alter_column("t", "c", type_=sa.Text(), modify_type=sa.Text())', /multiple values for keyword argument 'modify_type'/],
  ['create_foreign_key source_schema=', 'batch_op.create_foreign_key("fk_c", "o", ["c"], ["id"], source_schema="x")', /multiple values for keyword argument 'source_schema'/],
  ['create_foreign_key source_table=', 'batch_op.create_foreign_key("fk_c", "o", ["c"], ["id"], source_table="z")', /multiple values for argument 'source_table'/],
  ['create_index schema=', 'batch_op.create_index("ix", ["c"], schema="x")', /multiple values for keyword argument 'schema'/],
  ['create_index table_name=', 'batch_op.create_index("ix", ["c"], table_name="z")', /multiple values for argument 'table_name'/],
  ['drop_index schema=', 'batch_op.drop_index("ix", schema="x")', /multiple values for keyword argument 'schema'/],
  ['drop_index table_name=', 'batch_op.drop_index("ix", table_name="z")', /multiple values for keyword argument 'table_name'/],
  ['drop_column schema=', 'batch_op.drop_column("c", schema="x")', /multiple values for keyword argument 'schema'/],
  ['drop_column table_name=', 'batch_op.drop_column("c", table_name="z")', /multiple values for argument 'table_name'/],
  ['create_check_constraint schema=', 'batch_op.create_check_constraint("ck", "c > 0", schema="x")', /multiple values for keyword argument 'schema'/],
  ['create_unique_constraint table_name=', 'batch_op.create_unique_constraint("uq", ["c"], table_name="z")', /multiple values for argument 'table_name'/],
  ['create_exclude_constraint table_name=', 'batch_op.create_exclude_constraint("ex", ("c", "="), table_name="z")', /multiple values for argument 'table_name'/],
  ['create_exclude_constraint elements=', 'batch_op.create_exclude_constraint("ex", ("c", "="), elements=[])', /multiple values for argument 'elements'/],
  ['op.create_exclude_constraint elements=', 'op.create_exclude_constraint("ex", "t", ("c", "="), elements=[])', /multiple values for argument 'elements'/],
  ['add_column insert_before=', 'batch_op.add_column(sa.Column("c", sa.Integer), insert_before="x")', /Can't specify insert_before or insert_after when using ALTER/],
  ['add_column insert_after= with recreate="never"', 'batch_op.add_column(sa.Column("c", sa.Integer), insert_after="x")', /Can't specify insert_before or insert_after when using ALTER/],
];

for (const [what, call, message] of FAILING) {
  test(`${what} fails both tools, and Lens prints no SQL`, async () => {
    const recreate = what.includes('recreate="never"') ? ', recreate="never"' : '';
    const dir = offlineProject('batch-supplied-fail-', {
      'migrations/versions/a1_batch.py': `${migrationHeader('a1', undefined)}
def upgrade():
    op.execute("SELECT 1")
    with op.batch_alter_table("bt"${recreate}) as batch_op:
        ${call}


def downgrade():
    pass
`,
    });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0, alembic.stdout);
    // A TypeError's traceback goes to stderr; a CommandError's `FAILED:` line to stdout.
    assert.match(alembic.stderr + alembic.stdout, message);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, lens.stdout);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, message);
  });
}
