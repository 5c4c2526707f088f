/**
 * `contains()`, `startswith()`, `endswith()` and their `i` forms, with or without `autoescape`:
 * their operators have no place in SQLAlchemy's precedence table, so they put themselves in
 * parentheses whenever SQLAlchemy groups an expression (under AND, in a function's arguments, as a
 * SET value or a statement's WHERE) but print bare where SQLAlchemy compiles the expression as it
 * stands: a CHECK condition, an index's `postgresql_where`, an EXCLUDE's WHERE, ON CONFLICT's WHERE
 * clauses, a server default. Lens printed `CHECK ((s LIKE '%' || 'x' || '%'))` (sweep BR, x1
 * r0033, r0034, z1 r0000-r0018). Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

test('startswith() and its kin print bare as a whole condition and grouped inside one', async () => {
  const dir = offlineProject('affixed-like-', {
    'migrations/versions/a1_like.py': `${migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n')}
t = sa.table("t", sa.column("s", sa.String), sa.column("b", sa.Boolean), sa.column("id", sa.Integer))
s = sa.column("s")


def upgrade():
    op.create_check_constraint("ck_s", "t", s.contains("x"))
    op.create_check_constraint("ck_n", "t", ~s.icontains("x_%", autoescape=True))
    op.create_check_constraint("ck_a", "t", sa.and_(s.startswith("x"), s.endswith("y")))
    op.create_index("ix_w", "t", ["s"], postgresql_where=s.istartswith("x"))
    op.create_index("ix_e", "t", [s.endswith("x")])
    op.create_index("ix_f", "t", [sa.func.coalesce(s.contains("x"), False)])
    op.create_table(
        "t2",
        sa.Column("s", sa.String),
        sa.CheckConstraint(sa.column("s").iendswith("x")),
        sa.Index("ix_t2", "s", postgresql_where=sa.column("s").endswith("y", autoescape=True)),
        postgresql.ExcludeConstraint(("s", "="), where=sa.column("s").contains("z")),
    )
    with op.batch_alter_table("t") as batch_op:
        batch_op.create_index("ix_b", ["s"], postgresql_where=sa.column("s").contains("z"))
        batch_op.create_check_constraint("ck_b", sa.column("s").startswith("z"))
    op.add_column("t", sa.Column("g", sa.Boolean, server_default=sa.column("s").contains("x")))
    op.execute(t.update().values(b=t.c.s.contains("x")))
    op.execute(t.update().where(t.c.s.contains("x")).values(b=True))
    op.execute(t.delete().where(t.c.s.contains("x"), t.c.s.endswith("y")))
    op.execute(postgresql.insert(t).values(id=1).on_conflict_do_nothing(index_elements=["id"], index_where=t.c.s.contains("x")))
    op.execute(postgresql.insert(t).values(id=1).on_conflict_do_update(index_elements=["id"], set_={"b": t.c.s.contains("x")}, where=t.c.s.startswith("y")))


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /ADD CONSTRAINT ck_s CHECK \(s LIKE '%+' \|\| 'x' \|\| '%+'\);/);
});
