/**
 * PostgreSQL's upsert, `sqlalchemy.dialects.postgresql.insert(table)` with
 * `.on_conflict_do_nothing()` or `.on_conflict_do_update()`, the usual way a data migration seeds
 * rows it may already have: Lens refused every one ("unsupported method") where Alembic prints
 * `INSERT ... ON CONFLICT ...`. Targets by index elements (names, columns, a partial index's
 * WHERE) or by constraint name, SET values from literals, columns and `stmt.excluded`, and a DO
 * UPDATE's WHERE; the statements SQLAlchemy refuses to build (no target for DO UPDATE, an empty
 * `set_`, both targets, a second ON CONFLICT, `sa.insert()`'s lack of the method) fail both tools.
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const header = (revision: string, down: string | undefined): string =>
  `${migrationHeader(revision, down, 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nfrom sqlalchemy.dialects.postgresql import insert\n')}
plans = sa.table(
    "plans",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("price", sa.Numeric),
    sa.column("active", sa.Boolean),
    schema="billing",
)
tags = sa.table("tags", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("hits", sa.Integer))

`;

test('INSERT ... ON CONFLICT prints as SQLAlchemy compiles it', async () => {
  const dir = offlineProject('insert-on-conflict-', {
    'migrations/versions/a1_seed.py': `${header('a1', undefined)}
def upgrade():
    op.execute(insert(tags).values(id=1, name="a").on_conflict_do_nothing())
    op.execute(postgresql.insert(tags).values(id=2, name="b").on_conflict_do_nothing(index_elements=["id"]))
    op.execute(insert(tags).values(name="c").on_conflict_do_nothing(index_elements=[tags.c.name], index_where=tags.c.hits > 0))
    op.execute(insert(tags).values(name="d").on_conflict_do_nothing(constraint="uq_tags_name"))
    stmt = insert(plans).values([{"id": 1, "code": "basic", "price": 9.5}, {"id": 2, "code": "pro", "price": 20}])
    op.execute(stmt.on_conflict_do_update(index_elements=["id"], set_={"code": stmt.excluded.code, "price": stmt.excluded["price"]}))
    op.execute(insert(plans).values(id=3, code="x").on_conflict_do_update(constraint="plans_pkey", set_=dict(code="y", active=True), where=plans.c.active == sa.false()))
    op.execute(insert(plans).values(id=4, code="x").on_conflict_do_update("plans_pkey", None, None, {plans.c.price: plans.c.price + 1, "code": "z"}))
    up = insert(tags).values(name="e", hits=1)
    op.execute(up.on_conflict_do_update(index_elements=["name"], set_={"hits": tags.c.hits + up.excluded.hits}, where=tags.c.hits < 100))


def downgrade():
    op.execute(tags.delete())
`,
    'migrations/versions/b2_more.py': `${header('b2', 'a1')}
items = sa.Table("items", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String), sa.Column("n", sa.Integer))


def upgrade():
    op.execute(insert(items).values(name="x").on_conflict_do_nothing())
    op.execute(insert(items).values(name="y").on_conflict_do_update(index_elements=[sa.func.lower(items.c.name)], set_={"n": items.c.n + 1}))
    op.execute(insert(tags).from_select(["name"], sa.select(items.c.name)).on_conflict_do_nothing(index_elements=[sa.text("lower(name)")]))
    op.execute(insert(tags).values(name="f").on_conflict_do_update(index_elements=["name"], set_={"hits": 1, "extra": tags.c.hits}))
    op.execute(insert(tags).values(id=9).on_conflict_do_nothing(None, ["id"]).values(name="g"))


def downgrade():
    pass
`,
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /ON CONFLICT \(id\) DO UPDATE SET code = excluded\.code, price = excluded\.price/);
});

for (const [name, call, message] of [
  ['a Python value for a column the table does not declare', 'insert(tags).values(id=1).on_conflict_do_update(index_elements=["id"], set_={"extra": "z"})', /No literal value renderer is available|no literal rendering for a value of no type/],
  ['DO UPDATE without a target', 'insert(tags).values(id=1).on_conflict_do_update(set_={"name": "x"})', /Either constraint or index_elements, but not both, must be specified unless DO NOTHING/],
  ['an empty set_', 'insert(tags).values(id=1).on_conflict_do_update(index_elements=["id"], set_={})', /set parameter dictionary must not be empty/],
  ['both targets', 'insert(tags).values(id=1).on_conflict_do_nothing(constraint="c", index_elements=["id"])', /'constraint' and 'index_elements' are mutually exclusive/],
  ['a second ON CONFLICT', 'insert(tags).values(id=1).on_conflict_do_nothing().on_conflict_do_nothing()', /already has an ON CONFLICT clause established/],
  ['sa.insert()', 'sa.insert(tags).values(id=1).on_conflict_do_nothing()', /'Insert' object has no attribute 'on_conflict_do_nothing'/],
] as const) {
  test(`${name} fails both tools`, async () => {
    const dir = offlineProject('insert-on-conflict-fail-', {
      'migrations/versions/a1_seed.py': `${header('a1', undefined)}
def upgrade():
    op.execute(${call})


def downgrade():
    pass
`,
    });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, message);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, message);
  });
}
