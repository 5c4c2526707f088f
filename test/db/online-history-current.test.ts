// `history -r current:heads`, `-r :current`, `-r current:` and `-i`: Alembic runs env.py to read
// the version table and walks from its rows (held-out sweep BO: Lens refused, exit 2, and took no
// --url). On PostgreSQL, one database read by both tools at each state: empty (no version table),
// on the trunk, and on two heads of a branched history; stdout must be Alembic 1.20's, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, freshDatabase, lens, projectWithVersions, requireAlembic } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\n';

function migration(id: string, parent: string | undefined, table: string): string {
  return `${migrationHeader(id, parent, IMPORTS)}
def upgrade():
    op.create_table("${table}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("${table}")
`;
}

const VERSIONS = {
  'h1.py': migration('h1', undefined, 'one'),
  'h2.py': migration('h2', 'h1', 'two'),
  'h3.py': migration('h3', 'h2', 'three'),
  'h4.py': migration('h4', 'h2', 'four'),
};

const QUERIES = [
  ['history', '-r', 'current:heads'],
  ['history', '-r', 'current:'],
  ['history', '-r', ':current'],
  ['history', '-r', 'h1:current', '-v'],
  ['history', '-i'],
  ['history', '-i', '-v', '-r', 'current:'],
];

/** Alembic lists a branch point's children in Python's set order, which changes with PYTHONHASHSEED. */
function sortedBranches(text: string): string {
  return text.replace(/^(\s*Branches into: )(.*)$/gm, (_line, head: string, list: string) => head + list.split(', ').sort().join(', '));
}

test('history with current reads the version table and prints what Alembic prints', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-history-current-', VERSIONS);
  const url = freshDatabase();
  const states: [string, string[] | undefined][] = [
    ['empty', undefined],
    ['on h2', ['upgrade', 'h2']],
    ['on both heads', ['upgrade', 'heads']],
  ];
  let printed = 0;
  for (const [state, move] of states) {
    if (move) assert.equal(alembic(ini, url, move).status, 0);
    for (const query of QUERIES) {
      const expected = alembic(ini, url, query);
      assert.equal(expected.status, 0, `${state} ${query.join(' ')}: ${expected.stderr}`);
      const actual = await lens(ini, url, query);
      assert.equal(actual.status, 0, `${state} ${query.join(' ')}: ${actual.stderr}`);
      assert.equal(sortedBranches(actual.stdout), sortedBranches(expected.stdout), `${state} ${query.join(' ')}`);
      printed += expected.stdout.length;
    }
  }
  assert.ok(printed > 0);
  // The marks are there where the database has rows (not a vacuous comparison).
  assert.match((await lens(ini, url, ['history', '-i'])).stdout, /h3 \(head\) \(current\)/);
});
