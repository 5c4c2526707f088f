// A `try` around SQL run outside a transaction (in autocommit_block(), or after the migration's
// own op.execute("COMMIT"), which psycopg2 does not notice), against the real Alembic 1.20 on a
// real server (and a handler that itself ends the aborted transaction with ROLLBACK, after which
// the rest runs outside one). There a failing statement aborts no transaction, so Alembic's except clause catches
// SQLAlchemy's error and the migration goes on and commits: the idempotent "add the enum label
// unless it is there" written as `try: op.execute("ALTER TYPE ... ADD VALUE ...") except
// ProgrammingError: pass`. The engine cannot know whether the statement fails, so the live run
// is refused before anything runs (and handed to Alembic with --python), never stopped halfway
// where Alembic goes on. A handler that cannot catch SQLAlchemy's error (ValueError), and a try
// inside the transaction (the failure aborts it, so Alembic fails later and rolls back), are
// followed as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, alembicPython, dump, freshDatabase, lens, projectWithVersions, psycopg2Url, requireAlembic, rows } from './onlineHelpers';

const BASE = `from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')")
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("t")
    op.execute("DROP TYPE mood")
`;

/** The second revision: adds the label 'happy' again (it exists, so the ALTER fails) in `body`, then a column. */
function addLabel(body: string): string {
  return `from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import ProgrammingError

revision = "b2"
down_revision = "a1"


def upgrade():
${body}
    op.add_column("t", sa.Column("x", sa.Integer))


def downgrade():
    op.drop_column("t", "x")
`;
}

const CAUGHT_INSIDE_BLOCK = addLabel(`    with op.get_context().autocommit_block():
        try:
            op.execute("ALTER TYPE mood ADD VALUE 'happy'")
        except ProgrammingError:
            pass`);

const CAUGHT_AROUND_BLOCK = addLabel(`    try:
        with op.get_context().autocommit_block():
            op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    except Exception:
        pass`);

const CAUGHT_AFTER_COMMIT = addLabel(`    op.execute("COMMIT")
    try:
        op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    except ProgrammingError:
        pass`);

const ROLLED_BACK_BY_HANDLER = addLabel(`    op.create_table("before_try", sa.Column("id", sa.Integer, primary_key=True))
    try:
        op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    except ProgrammingError:
        op.execute("ROLLBACK")`);

const NOT_CAUGHT = addLabel(`    with op.get_context().autocommit_block():
        try:
            op.execute("ALTER TYPE mood ADD VALUE 'happy'")
        except ValueError:
            pass`);

const CAUGHT_IN_TRANSACTION = addLabel(`    try:
        op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    except ProgrammingError:
        pass`);

for (const [name, second] of [
  ['except ProgrammingError inside the block', CAUGHT_INSIDE_BLOCK],
  ['except Exception around the block', CAUGHT_AROUND_BLOCK],
  ['after the migration\'s own COMMIT, which psycopg2 does not notice', CAUGHT_AFTER_COMMIT],
  ['in the transaction, with a handler that runs ROLLBACK: the table before it is gone, the column added', ROLLED_BACK_BY_HANDLER],
] as const) {
  test(`a try whose handler lets Alembic go on (${name}): Lens refuses before running anything, and --python hands it over`, async () => {
    requireAlembic();
    const ini = projectWithVersions('autocommit-try-', { 'a1.py': BASE, 'b2.py': second });
    const theirs = freshDatabase();
    const ours = freshDatabase();
    assert.equal(alembic(ini, theirs, ['upgrade', 'a1']).status, 0);
    assert.equal((await lens(ini, ours, ['upgrade', 'a1'])).status, 0);

    const real = alembic(ini, theirs, ['upgrade', 'b2']);
    assert.equal(real.status, 0, `Alembic's except clause catches the failed ALTER TYPE: ${real.stderr}`);
    assert.deepEqual(rows(theirs), ['b2']);

    const before = dump(ours);
    const refused = await lens(ini, ours, ['upgrade', 'b2']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /b2\.py:\d+: .*try block (around SQL run outside a transaction|whose except clause ends the transaction)/);
    assert.match(refused.stderr, /online-opaque-refused/);
    assert.equal(dump(ours), before, 'nothing ran');
    assert.deepEqual(rows(ours), ['a1']);

    // The handed-over Alembic reads the URL env.py takes (the venv has psycopg2, not psycopg 3).
    const handed = await lens(ini, psycopg2Url(ours), ['upgrade', 'b2', '--python', alembicPython]);
    assert.equal(handed.status, 0, handed.stderr);
    assert.equal(dump(ours, { sortRows: true }), dump(theirs, { sortRows: true }));
  });
}

test('a handler that cannot catch the failed statement (ValueError), and a try inside the transaction: Lens runs them and fails as Alembic does, both databases as before', async () => {
  requireAlembic();
  for (const second of [NOT_CAUGHT, CAUGHT_IN_TRANSACTION]) {
    const ini = projectWithVersions('autocommit-try-', { 'a1.py': BASE, 'b2.py': second });
    const theirs = freshDatabase();
    const ours = freshDatabase();
    assert.equal(alembic(ini, theirs, ['upgrade', 'a1']).status, 0);
    assert.equal((await lens(ini, ours, ['upgrade', 'a1'])).status, 0);
    const real = alembic(ini, theirs, ['upgrade', 'b2']);
    assert.notEqual(real.status, 0, 'Alembic fails: the error is not caught, or the aborted transaction fails the next statement');
    const run = await lens(ini, ours, ['upgrade', 'b2']);
    assert.notEqual(run.status, 0);
    assert.doesNotMatch(run.stderr, /online-opaque-refused/, 'followed, not refused');
    assert.match(run.stderr, /enum label "happy" already exists/);
    assert.deepEqual(rows(ours), ['a1']);
    assert.deepEqual(rows(theirs), ['a1']);
    assert.equal(dump(ours, { sortRows: true }), dump(theirs, { sortRows: true }));
  }
});
