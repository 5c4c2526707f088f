// backfill-under-exclusive-lock on UPDATE / DELETE statements that fix known rows by key: found
// on sweh/sw.allotmentclub.backend, whose 2cb8d240d5ac adds member.email and then sets it with
// one `UPDATE member SET email = '...' WHERE id = 76` per member (33 findings, each telling to
// batch a "backfill" of one row). A statement pinning a primary key or unique constraint matches
// at most one row per value; anything that can match more is still reported. (member there
// comes from the application's create_all() before the first revision: its key is taken to be
// the column named id.)
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../../../server/src/lint/sql/parser';
import { lintFixtureRoot, writeFixtureHistory } from './fixtureHistory';

before(async () => {
  assert.equal(await loadSqlParser(), true, 'libpg-query loads');
});

const CODE = 'backfill-under-exclusive-lock';

/** The source line of every finding in revision b of a history whose revision a makes the tables. */
function linesReported(upgradeOfB: string): string[] {
  const history = `# === revision: a (down: none)
def upgrade():
    op.create_table("member", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.Text()), sa.Column("code", sa.Text()), sa.PrimaryKeyConstraint("id"))
    op.create_unique_constraint("uq_member_code", "member", ["code"])
    op.create_table("other", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.Text()))
    op.create_table("keyless", sa.Column("id", sa.Integer()), sa.Column("note", sa.Text()))

def downgrade():
    op.drop_table("keyless")
    op.drop_table("other")
    op.drop_table("member")

# === revision: b (down: a)
def upgrade():
${upgradeOfB}

def downgrade():
    pass
`;
  const written = writeFixtureHistory(history);
  return lintFixtureRoot(written.root, { ...written.config, select: [CODE] })
    .filter((problem) => problem.code === CODE && path.basename(problem.file).endsWith('_b.py'))
    .map((problem) => fs.readFileSync(problem.file, 'utf8').split('\n')[problem.range.start.line].trim());
}

test('an UPDATE or DELETE pinning the primary key or a unique constraint to written values is no backfill (sw.allotmentclub 2cb8d240d5ac)', () => {
  const found = linesReported(`    op.add_column("member", sa.Column("email", sa.String(length=100), nullable=True))
    op.execute("UPDATE member SET email = 'a@example.org' WHERE id = 76;")
    op.execute("UPDATE member SET email = 'b@example.org' WHERE member.id = '85'::int AND name = 'B'")
    op.execute("UPDATE member AS m SET email = NULL WHERE 86 = m.id")
    op.execute("DELETE FROM member WHERE id IN (89, 90, 91)")
    op.execute("UPDATE member SET email = 'c@example.org' WHERE code = 'C-1'")
    op.get_bind().execute(sa.text("UPDATE member SET email = :email WHERE code = :code"), {"email": "d@example.org", "code": "C-2"})
    op.get_bind().execute(sa.text("UPDATE member SET email = :email WHERE name = :name"), {"email": "e@example.org", "name": "E"})`);
  assert.deepEqual(found, [`op.get_bind().execute(sa.text("UPDATE member SET email = :email WHERE name = :name"), {"email": "e@example.org", "name": "E"})`]);
});

test('on a table made outside the history, whose key the replay never saw, a pinned id is taken for its key', () => {
  const found = linesReported(`    op.add_column("outside", sa.Column("email", sa.String(length=100), nullable=True))
    op.execute("UPDATE outside SET email = 'a@example.org' WHERE id = 76")
    op.execute("UPDATE outside SET email = 'b@example.org' WHERE name = 'B'")
    op.execute("UPDATE outside SET email = 'c@example.org' WHERE code = 'C-1'")`);
  assert.deepEqual(found, [
    `op.execute("UPDATE outside SET email = 'b@example.org' WHERE name = 'B'")`,
    `op.execute("UPDATE outside SET email = 'c@example.org' WHERE code = 'C-1'")`,
  ]);
});

test('an UPDATE or DELETE that can match more rows than it names is still reported under the lock', () => {
  const found = linesReported(`    op.add_column("member", sa.Column("email", sa.String(length=100), nullable=True))
    op.execute("UPDATE member SET email = 'a@example.org' WHERE name = 'A'")
    op.execute("UPDATE member SET email = 'b@example.org' WHERE id = 76 OR name = 'B'")
    op.execute("UPDATE member SET email = o.email FROM other o WHERE o.id = 5")
    op.execute("UPDATE member SET email = 'c@example.org' WHERE id > 100")
    op.execute("DELETE FROM member WHERE id IN (SELECT id FROM other)")
    op.execute("UPDATE member SET email = 'd@example.org' WHERE id = id")
    op.add_column("keyless", sa.Column("flag", sa.Boolean(), nullable=True))
    op.execute("UPDATE keyless SET flag = true WHERE id = 1")`);
  assert.deepEqual(found, [
    `op.execute("UPDATE member SET email = 'a@example.org' WHERE name = 'A'")`,
    `op.execute("UPDATE member SET email = 'b@example.org' WHERE id = 76 OR name = 'B'")`,
    `op.execute("UPDATE member SET email = o.email FROM other o WHERE o.id = 5")`,
    `op.execute("UPDATE member SET email = 'c@example.org' WHERE id > 100")`,
    `op.execute("DELETE FROM member WHERE id IN (SELECT id FROM other)")`,
    `op.execute("UPDATE member SET email = 'd@example.org' WHERE id = id")`,
    `op.execute("UPDATE keyless SET flag = true WHERE id = 1")`,
  ]);
});
