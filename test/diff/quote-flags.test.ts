/**
 * SQLAlchemy's `quote=` / `quote_schema=`: the name becomes a quoted_name, always quoted (True) or
 * never (False). Lens ignored them and printed another name (sweep BR, x1 r0071, z1 r0048-r0053):
 * `CREATE INDEX "Ix_Q"` for `op.create_index("Ix_Q", ..., quote=False)`, `tq` for
 * `create_table("tq", ..., quote=True)`. An index name is named by its CREATE INDEX / DROP INDEX
 * alone, so its flag is followed (op.create_index, batch_op.create_index, sa.Index in create_table,
 * drop_index). A table's, column's, schema's, sequence's or enum's name reaches later statements of
 * the call (indexes, constraints, comments): a flag that changes how it prints is refused, naming
 * the cause, rather than printed with another name; one that agrees with PostgreSQL's quoting is
 * accepted. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\n');

test('an index name follows quote=; a flag that agrees with PostgreSQL quoting changes nothing', async () => {
  const dir = offlineProject('quote-flags-', {
    'migrations/versions/a1_quote.py': `${header}
def upgrade():
    op.create_index("Ix_Q", "t", ["a"], quote=False)
    op.create_index("ix_q", "t", ["a"], quote=True)
    op.create_index("ix_n", "t", ["a"], quote=None)
    op.create_index("ix_1", "t", ["a"], quote=1, unique=True)
    op.create_table("t3", sa.Column("id", sa.Integer), sa.Index("ix3", "id", quote=True))
    op.create_table("t4", sa.Column("id", sa.Integer), sa.Index("IX4", "id", quote=False))
    with op.batch_alter_table("t") as batch_op:
        batch_op.create_index("ix_b", ["a"], quote=True)
        batch_op.drop_index("ix_b", quote=True)
    op.drop_index("Ix_Q", "t", quote=False)
    op.drop_index("ix_q", quote=True, schema="s")
    op.create_table(
        "Tq",
        sa.Column("id", sa.Integer, quote=False, index=True, comment="c"),
        sa.Column("Ab", sa.Integer, quote=True),
        sa.Column("m", sa.Enum("a", name="Mood", quote=True)),
        schema="S",
        quote=True,
        quote_schema=True,
    )
    op.add_column("t", sa.Column("x", sa.Integer, quote=False))


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CREATE INDEX Ix_Q ON t \(a\);/);
  assert.match(sql, /CREATE INDEX "ix_q" ON t \(a\);/);
});

test('an index named by quoted_name() follows its flag, unless quote= overrides it', async () => {
  const dir = offlineProject('quoted-index-names-', {
    'migrations/versions/a1_quote.py': `${header}
from sqlalchemy.sql import quoted_name


def upgrade():
    op.drop_index(sa.sql.quoted_name("ix_q", True), table_name="t")
    op.create_index(quoted_name("Ix_Q", False), "t", ["a"])
    op.create_index(quoted_name("ix_o", True), "t", ["a"], quote=False)
    op.create_table("t2", sa.Column("a", sa.Integer), sa.Index(quoted_name("ix_t", True), "a"))
    with op.batch_alter_table("t") as batch_op:
        batch_op.create_index(quoted_name("ix_b", quote=True), ["a"])


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /DROP INDEX "ix_q";/);
});

for (const call of [
  'op.create_table("tq", sa.Column("id", sa.Integer), quote=True)',
  'op.create_table("tq", sa.Column("id", sa.Integer), schema="s", quote_schema=True)',
  'op.create_table("tq", sa.Column("id", sa.Integer, quote=True, comment="c"))',
  'op.add_column("t", sa.Column("Ab", sa.Integer, quote=False))',
  'op.drop_table("tq", quote=True)',
  'op.create_index("ix_t", sa.sql.quoted_name("t", True), ["a"])',
  'op.create_table("t", sa.Column("m", sa.Enum("a", name="mood", quote=True)))',
  'op.execute(sa.Table("tq", sa.MetaData(), sa.Column("id", sa.Integer), quote=True).insert().values(id=1))',
]) {
  // Alembic prints the name quoted (or bare) as the flag says.
  test(`${call}: Lens refuses a quote flag it does not model`, () =>
    assertAlembicPrintsAndLensRefuses('quote-flags-refused-', '', call, /quote(_schema)?=(True|False)\)? (quotes a name PostgreSQL reads bare|leaves bare a name that needs quotes)( \("\w+"\))?: not modelled/));
}

// sa.table() takes schema= alone and sa.column() no quote= at all: SQLAlchemy raises, while Lens
// ignored the keyword and printed the statement. sa.column(is_literal=True) prints its text as
// written (`Foo`, not `t."Foo"`), which Lens ignored too: refused. A type given as type_= is read.
for (const { body, python, reason } of [
  { body: '    t = sa.table("t", sa.column("x"), quote=True)\n    op.execute(t.delete())', python: /ArgumentError: Unsupported argument\(s\): \['quote'\]/, reason: /sa\.table\(\): Unsupported argument\(s\): \['quote'\]/ },
  { body: '    t = sa.table("t", sa.column("x"), schema="s", quote_schema=True)\n    op.execute(t.delete())', python: /ArgumentError: Unsupported argument\(s\): \['quote_schema'\]/, reason: /Unsupported argument\(s\): \['quote_schema'\]/ },
  { body: '    t = sa.table("t", sa.column("x", quote=True))\n    op.execute(t.delete())', python: /TypeError: column\(\) got an unexpected keyword argument 'quote'/, reason: /column\(\) got an unexpected keyword argument 'quote'/ },
]) {
  test(`refused in both: ${body.trim()}`, async () => {
    const dir = offlineProject('quote-flags-raises-', {
      'migrations/versions/a1_quote.py': `${header}
def upgrade():
${body}
    op.create_table("after", sa.Column("id", sa.Integer))


def downgrade():
    pass
`,
    });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, python);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0);
    assert.doesNotMatch(lens.stdout, /CREATE TABLE after|DELETE/);
    assert.match(lens.stderr, reason);
  });
}

test('sa.column(is_literal=True) is refused (Alembic prints its text bare); type_= as a keyword is read', async () => {
  const literal = offlineProject('column-is-literal-', {
    'migrations/versions/a1_quote.py': `${header}
def upgrade():
    t = sa.table("t", sa.column("Foo", sa.Integer, is_literal=True), sa.column("Bar", sa.Integer, True))
    op.execute(t.update().values(Foo=1).where(t.c.Bar == 1))


def downgrade():
    pass
`,
  });
  const alembic = runAlembic(literal, ['upgrade', 'head', '--sql']);
  assert.match(alembic.stdout, /UPDATE t SET Foo=1 WHERE t\.Bar = 1;/);
  const lens = await runLens(literal, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, /is_literal=True\) prints its text unquoted and without its table: not followed/);

  const typed = offlineProject('column-type-keyword-', {
    'migrations/versions/a1_quote.py': `${header}
def upgrade():
    t = sa.table("t", sa.column("x", type_=sa.Integer), sa.column("y", sa.Integer, is_literal=False))
    op.execute(t.update().values(x=1).where(t.c.y == 2))


def downgrade():
    pass
`,
  });
  await assertSameAsAlembic(typed, ['upgrade', 'head', '--sql']);
});

// quote=True / quoted_name(name, True) on a name PostgreSQL reads bare quotes the same identifier:
// followed where the name prints once, in add_column (a column with no constraint, index or comment)
// and drop_column, the table's name there too. Lens refused them all.
test('a forced quote in add_column and drop_column is followed', async () => {
  const dir = offlineProject('quote-flags-columns-', {
    'migrations/versions/a1_quote.py': `${header}
from sqlalchemy.sql import quoted_name


def upgrade():
    op.add_column("t", sa.Column("name2", sa.Integer, quote=True))
    op.add_column(quoted_name("tab", True), sa.Column(quoted_name("c2", True), sa.Integer, server_default="5", nullable=False))
    op.add_column(sa.sql.quoted_name("tab", quote=True), sa.Column("c4", sa.Integer), schema="s")
    op.add_column("t", sa.Column(quoted_name("c5", True), sa.Integer, quote=None), if_not_exists=True)
    op.drop_column(quoted_name("tab", True), quoted_name("c2", True))
    op.drop_column("tab", quoted_name("c3", True), schema="s")
    op.drop_column("Tab", quoted_name("c3", True), if_exists=True)
    with op.batch_alter_table("t") as batch_op:
        batch_op.add_column(sa.Column("n2", sa.Integer, quote=True))
        batch_op.drop_column(quoted_name("c3", True))


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /ALTER TABLE "tab" ADD COLUMN "c2" INTEGER DEFAULT '5' NOT NULL;/);
});

for (const call of [
  // The name prints again after the ADD COLUMN (COMMENT ON COLUMN t."name2", ADD UNIQUE ("c7"), ON "tab"): not followed there.
  'op.add_column("t", sa.Column("name2", sa.Integer, quote=True, comment="c"))',
  'op.add_column("t", sa.Column(quoted_name("c7", True), sa.Integer, unique=True))',
  'op.add_column(quoted_name("tab", True), sa.Column("c5", sa.Integer, index=True))',
  // quote=False overrides the quoted_name's flag (SQLAlchemy prints c6 bare): not modelled.
  'op.add_column("t", sa.Column(quoted_name("c6", True), sa.Integer, quote=False))',
  'op.create_table("t", sa.Column("name", sa.Integer, quote=True))',
  'op.create_index("ix", quoted_name("tab", True), [quoted_name("col", True)])',
]) {
  test(`${call}: a forced quote printed beyond one statement stays refused`, () =>
    assertAlembicPrintsAndLensRefuses('quote-flags-columns-refused-', 'from sqlalchemy.sql import quoted_name\n\n', call, /quote(d_name\("\w+", )?(=True|quote=True)?.*: not modelled/));
}

/** A migration whose upgrade is `call`: Alembic prints its SQL, Lens refuses it with `reason` and prints nothing. */
async function assertAlembicPrintsAndLensRefuses(prefix: string, imports: string, call: string, reason: RegExp): Promise<void> {
  const dir = offlineProject(prefix, {
    'migrations/versions/a1_quote.py': `${header}
${imports}
def upgrade():
    ${call}


def downgrade():
    pass
`,
  });
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.equal(alembic.code, 0, alembic.stderr);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.equal(lens.code, 1, lens.stderr);
  assert.equal(lens.stdout, '');
  assert.match(lens.stderr, reason);
}
