/**
 * Column, foreign-key and table keywords a generated sweep of Alembic's operations (held-out sweep
 * BP) found read wrongly, each compared with the real Alembic 1.20:
 * - `sa.ForeignKey(..., postgresql_not_valid=True)` prints NOT VALID on the constraint SQLAlchemy
 *   derives (create_table, add_column); Lens dropped the keyword and printed a validated key;
 * - `sa.Column(..., system=True)` is left out of CREATE TABLE's column list, its index, unique
 *   constraint, foreign key and comment still made; add_column still adds it (Lens printed it);
 * - `op.create_table_comment(t, None)` prints `COMMENT ON TABLE t IS NULL` (Lens refused);
 * - the keywords create_table and drop_table hand to sa.Table are validated there: a `postgresql_*`
 *   the dialect does not take (ArgumentError), any other that is not `<dialect>_<argument>`
 *   (TypeError), and the same for ForeignKey's; Lens printed the SQL, so a script Alembic cannot
 *   print came out with exit 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isolateCache, normalizeOffline, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function project(upgrade: string, downgrade = 'pass'): string {
  const indent = (body: string) => body.split('\n').map((line) => `    ${line}`).join('\n');
  return offlineProject('column-table-options-', {
    'migrations/versions/a1_options.py':
    `"""options\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n${indent(upgrade)}\n\n\ndef downgrade():\n${indent(downgrade)}\n`,
  });
}

const PRINTED: [string, string, RegExp][] = [
  [
    'create_table(sa.Column(..., sa.ForeignKey(..., postgresql_not_valid=True))) and add_column',
    'op.create_table("t", sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.Integer, sa.ForeignKey("o.id", postgresql_not_valid=True, ondelete="CASCADE", name="fk_v")))\nop.add_column("t", sa.Column("c", sa.Integer, sa.ForeignKey("o.id", postgresql_not_valid=True)))\nwith op.batch_alter_table("t") as batch_op:\n    batch_op.add_column(sa.Column("d", sa.Integer, sa.ForeignKey("o.id", postgresql_not_valid=True)))',
    /REFERENCES o \(id\) NOT VALID;/,
  ],
  [
    'a system=True column in create_table (with index, unique, foreign key, comment) and add_column',
    'op.create_table("u", sa.Column("id", sa.Integer, primary_key=True), sa.Column("x", sa.Integer(), system=True, index=True, comment="c"), sa.Column("y", sa.Integer(), sa.ForeignKey("o.id"), system=True, unique=True), sa.Column("z", sa.Text()))\nop.add_column("u", sa.Column("w", sa.Integer, system=True))',
    /ADD COLUMN w INTEGER/,
  ],
  ['create_table_comment(table, None), also in a batch', 'op.create_table_comment("t", None)\nop.create_table_comment("t", None, existing_comment="x", schema="s")\nwith op.batch_alter_table("t") as batch_op:\n    batch_op.create_table_comment(None)', /COMMENT ON TABLE s\.t IS NULL/],
  ['drop_table and create_table with keywords sa.Table takes', 'op.drop_table("t", keep_existing=True, prefixes=["X"], info={}, postgresql_tablespace="x")\nop.create_table("v", sa.Column("id", sa.Integer), implicit_returning=False, mustexist=False)', /DROP TABLE t;/],
];

test('column, foreign-key and table keywords print what Alembic 1.20 prints', async () => {
  for (const [label, body, mark] of PRINTED) {
    const dir = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(expected.code, 0, `${label}: ${expected.stderr}`);
    assert.match(expected.stdout, mark, label);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(actual.code, 0, `${label}: ${actual.stderr}`);
    assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), label);
  }
});

const REFUSED: [string, string, RegExp][] = [
  ['drop_table(postgresql_cascade=True)', 'op.drop_table("t", postgresql_cascade=True)', /Argument 'postgresql_cascade' is not accepted by dialect 'postgresql'/],
  ['drop_table(postgresql_if_exists=True)', 'op.drop_table("t", postgresql_if_exists=True)', /Argument 'postgresql_if_exists' is not accepted/],
  ['drop_table(bogus=1)', 'op.drop_table("t", bogus=1)', /Additional arguments should be named <dialectname>_<argument>, got 'bogus'/],
  ['create_table(..., bogus=1)', 'op.create_table("t", sa.Column("id", sa.Integer), bogus=1)', /got 'bogus'/],
  ['sa.ForeignKey(..., bogus=1)', 'op.add_column("t", sa.Column("c", sa.Integer, sa.ForeignKey("o.id", bogus=1)))', /got 'bogus'/],
  ['sa.ForeignKey(..., postgresql_using="x")', 'op.create_table("t", sa.Column("c", sa.Integer, sa.ForeignKey("o.id", postgresql_using="x")))', /Argument 'postgresql_using' is not accepted by dialect 'postgresql' on behalf of <class 'sqlalchemy.sql.schema.ForeignKeyConstraint'>/],
];

test('keywords sa.Table or ForeignKey refuse: Alembic fails, and Lens refuses naming the error, printing no SQL', async () => {
  for (const [label, body, message] of REFUSED) {
    const dir = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(expected.code, 0, `${label}: Alembic fails`);
    assert.match(expected.stderr, message, label);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(actual.code, 0, `${label}: ${actual.stdout}`);
    assert.match(actual.stderr, message, label);
    assert.doesNotMatch(actual.stdout, /CREATE TABLE t|DROP TABLE|ADD COLUMN c/, label);
  }
});
