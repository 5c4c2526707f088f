/**
 * Lists written into ARRAY columns (bulk_insert rows, insert/update values) as SQLAlchemy's ARRAY
 * literal processor prints them: nested lists and tuples as nested `ARRAY[...]` (Lens refused
 * them: "no literal rendering for a list in a ARRAY column"), empty lists as `ARRAY[]`, a str
 * where a level is iterated as its characters, `dimensions=` fixing which level is innermost. The
 * item type's processor gets None as it is: Boolean prints false, Uuid 'None', Integer raises
 * (Lens printed NULL). Lists SQLAlchemy cannot print fail both tools. Compared with the real
 * Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const migration = (statements: string[]): string => `${migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects.postgresql import ARRAY\n')}
bt = sa.table(
    "bt",
    sa.column("id", sa.Integer),
    sa.column("v", ARRAY(sa.Integer)),
    sa.column("s", ARRAY(sa.String)),
    sa.column("d2", ARRAY(sa.Integer, dimensions=2)),
    sa.column("d1", ARRAY(sa.String, dimensions=1)),
    sa.column("b", sa.ARRAY(sa.Boolean)),
    sa.column("u", ARRAY(sa.Uuid)),
)


def upgrade():
${statements.map((statement) => `    ${statement}`).join('\n')}


def downgrade():
    pass
`;

test('nested, empty and string values of ARRAY columns print as SQLAlchemy prints them', async () => {
  const dir = offlineProject('array-literals-', {
    'migrations/versions/a1_arrays.py': migration([
      'op.bulk_insert(bt, [{"id": 1, "v": [1, 2]}, {"id": 2, "v": [[1, 2], [3, 4]]}])',
      'op.bulk_insert(bt, [{"id": 1, "v": []}, {"id": 2, "v": [[]]}, {"id": 3, "v": [[1], []]}, {"id": 4, "v": [[[1]]]}, {"id": 5, "v": [(1, 2), (3, 4)]}], multiinsert=False)',
      'op.bulk_insert(bt, [{"id": 1, "s": ["a", "b\'c"], "d2": [[1, 2], [3, 4]]}, {"id": 2, "s": "abc", "d2": []}, {"id": 3, "s": [["a"], "bc"], "d2": [[1]]}])',
      'op.bulk_insert(bt, [{"id": 1, "b": [True, None], "u": ["12345678-1234-5678-1234-567812345678", None], "d1": "xy"}])',
      'op.execute(bt.update().values(v=[[5]], s="hi", d2=[[7, 8]]))',
      'op.execute(bt.insert().values(id=9, v=None, s=[], d2=[[]]))',
    ]),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /INSERT INTO bt \(id, v\) VALUES \(2, ARRAY\[ARRAY\[1, 2\], ARRAY\[3, 4\]\]\);/);
});

for (const [name, row] of [
  ['None among integers', '{"id": 1, "v": [1, None]}'],
  ['None among lists', '{"id": 1, "v": [[1], None]}'],
  ['a list after an integer', '{"id": 1, "v": [1, [2]]}'],
  ['an integer after a list', '{"id": 1, "v": [[1], 2]}'],
  ['a flat list for dimensions=2', '{"id": 1, "d2": [1, 2]}'],
  ['a nested list for dimensions=1', '{"id": 1, "d1": [["a"]]}'],
  ['a number', '{"id": 1, "v": 5}'],
] as const) {
  test(`an ARRAY value with ${name} fails both tools`, async () => {
    const dir = offlineProject('array-literals-fail-', { 'migrations/versions/a1_arrays.py': migration([`op.bulk_insert(bt, [${row}])`]) });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, /Could not render literal value .* with datatype ARRAY/);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, /no literal rendering for a (list|number) in a ARRAY column/);
  });
}
