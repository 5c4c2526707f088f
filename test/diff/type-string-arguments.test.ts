/**
 * A type's length, precision or scale written as a string (`sa.Float(precision="5")`, in
 * Synerty/peek-plugin-diagram; `sa.String("50")`): SQLAlchemy prints the value with str(), so
 * Alembic gives `FLOAT(5)` and `VARCHAR(50)`. Lens dropped it and printed `FLOAT` (double precision
 * where Alembic makes real) with exit 0 (held-out sweep AS). Where SQLAlchemy prints with `%d`
 * (PostgreSQL's TIMESTAMP and TIME precision), a string is Python's TypeError: both tools fail.
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = (revision: string, down: string | undefined): string =>
  `${migrationHeader(revision, down, 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n')}N = "7"\n\n`;

test('string lengths, precisions and scales print as SQLAlchemy prints them', async () => {
  const dir = offlineProject('type-string-arguments-', {
    'migrations/versions/a1_levels.py': `${header('a1', undefined)}
def upgrade():
    op.create_table(
        "levels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("zoom", sa.Float(precision="5")),
        sa.Column("ratio", sa.Float("53")),
        sa.Column("amount", sa.Numeric(precision="10", scale="2")),
        sa.Column("price", sa.DECIMAL("8", "3")),
        sa.Column("name", sa.String(length="50")),
        sa.Column("code", sa.CHAR("3")),
        sa.Column("label", sa.Unicode(length="20")),
        sa.Column("short", sa.String(N)),
        sa.Column("empty", sa.String("")),
        sa.Column("tags", postgresql.ARRAY(sa.String("9"))),
    )


def downgrade():
    op.drop_table("levels")
`,
    'migrations/versions/b2_zoom.py': `${header('b2', 'a1')}
def upgrade():
    op.alter_column("levels", "zoom", type_=sa.Float(precision="10"), existing_type=sa.Float(precision="5"))
    op.add_column("levels", sa.Column("note", sa.String("0")))


def downgrade():
    op.drop_column("levels", "note")
    op.alter_column("levels", "zoom", type_=sa.Float(precision="5"))
`,
  });
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  await assertSameAsAlembic(dir, ['downgrade', 'b2:base', '--sql']);
});

test('a string precision where SQLAlchemy prints %d (TIMESTAMP) fails in both tools', async () => {
  const dir = offlineProject('type-string-arguments-fail-', {
    'migrations/versions/a1_events.py': `${header('a1', undefined)}
def upgrade():
    op.create_table("events", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("at", postgresql.TIMESTAMP(precision="3")))


def downgrade():
    op.drop_table("events")
`,
  });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /TypeError: %d format: a real number is required, not str/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1, lens.stderr);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, /TIMESTAMP\(precision="3"\) cannot be compiled: SQLAlchemy prints it with %d/);
});
