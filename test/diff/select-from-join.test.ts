/**
 * Joins given to `select_from()` (survey GU), compared with the real Alembic 1.20 / SQLAlchemy 2.1
 * under `--sql`: `t.join(u, on)`, `isouter=True` / `outerjoin()` (LEFT OUTER JOIN), `full=True`
 * (FULL OUTER JOIN), `sa.join()` / `sa.outerjoin()`, chained joins, a join beside another table,
 * in a statement, `from_select()`, IN and scalar subqueries (a join is never correlated; the
 * tables it joins are, for a subquery inside it), same-named columns of the joined tables
 * (`u.id AS id_1`), and a schema-less table aliased beside another schema's of its name (`t AS
 * t_1`). Lens refused every join as "unsupported table method .join()".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const HELPERS = [
  'orders = sa.table("orders", sa.column("id", sa.Integer), sa.column("customer_id", sa.Integer), sa.column("total", sa.Numeric(10, 2)))',
  'customer = sa.table("customer", sa.column("id", sa.Integer), sa.column("region_id", sa.Integer), sa.column("name", sa.String), sa.column("spent", sa.Numeric(10, 2)))',
  'region = sa.table("region", sa.column("id", sa.Integer), sa.column("name", sa.String), schema="geo")',
  'archived = sa.table("orders", sa.column("id", sa.Integer), sa.column("total", sa.Numeric(10, 2)), schema="archive")',
];

function project(prefix: string, body: string[]): string {
  return offlineProject(prefix, { 'migrations/versions/a1_joins.py': baseRevision({ helpers: HELPERS, upgrade: body }) });
}

test('joins in select_from() print as SQLAlchemy prints them', async () => {
  const dir = project('select-from-join-', [
    'op.execute(sa.select(orders.c.id, customer.c.id, customer.c.name).select_from(orders.join(customer, customer.c.id == orders.c.customer_id)).where(orders.c.total > 100))',
    'op.execute(sa.select(orders.c.id, customer.c.name, region.c.name).select_from(orders.join(customer, customer.c.id == orders.c.customer_id).outerjoin(region, region.c.id == customer.c.region_id)))',
    'op.execute(sa.select(orders.c.id, customer.c.name).select_from(orders.join(customer, customer.c.id == orders.c.customer_id, isouter=True)))',
    'op.execute(sa.select(orders.c.id, customer.c.name).select_from(orders.join(customer, customer.c.id == orders.c.customer_id, full=True)))',
    'op.execute(sa.select(orders.c.id, customer.c.name).select_from(sa.join(orders, customer, sa.and_(customer.c.id == orders.c.customer_id, customer.c.spent > 0))))',
    'op.execute(sa.select(orders.c.id, customer.c.name).select_from(sa.outerjoin(orders, customer, sa.text("customer.id = orders.customer_id"))))',
    'op.execute(sa.select(orders.c.id, region.c.name).select_from(orders.join(customer, customer.c.id == orders.c.customer_id)))',
    'op.execute(sa.select(orders.c.id).select_from(orders, orders.join(customer, customer.c.id == orders.c.customer_id)))',
    'op.execute(sa.select(customer.c.region_id, sa.func.sum(orders.c.total)).select_from(orders.join(customer, customer.c.id == orders.c.customer_id)).group_by(customer.c.region_id))',
    'op.execute(archived.insert().from_select(["id", "total"], sa.select(orders.c.id, orders.c.total).select_from(orders.join(customer, customer.c.id == orders.c.customer_id)).where(customer.c.name == "gone")))',
    'op.execute(orders.delete().where(orders.c.customer_id.in_(sa.select(customer.c.id).select_from(customer.join(region, region.c.id == customer.c.region_id)).where(region.c.name == "north"))))',
    'op.execute(customer.update().values(spent=sa.select(sa.func.sum(orders.c.total)).select_from(orders.join(region, region.c.id == orders.c.id)).where(orders.c.customer_id == customer.c.id).scalar_subquery()))',
    'op.execute(sa.select(orders.c.id).select_from(orders.join(customer, customer.c.id == orders.c.customer_id)).where(sa.exists(sa.select(region.c.id).where(region.c.id == customer.c.region_id))))',
    'op.execute(sa.select(orders.c.id, archived.c.id).select_from(orders.join(archived, archived.c.id == orders.c.id)))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT orders\.id, customer\.id AS id_1, customer\.name \nFROM orders JOIN customer ON customer\.id = orders\.customer_id \nWHERE orders\.total > 100;/);
  assert.match(printed, /FROM orders JOIN customer ON customer\.id = orders\.customer_id LEFT OUTER JOIN geo\.region ON geo\.region\.id = customer\.region_id;/);
  assert.match(printed, /FROM orders AS orders_1 JOIN archive\.orders ON archive\.orders\.id = orders_1\.id;/);
});

test('a join without an onclause fails in both (sa.table() has no foreign keys)', async () => {
  const dir = project('select-from-join-no-on-', ['op.execute(sa.select(orders.c.id).select_from(orders.join(customer)))']);
  const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /NoForeignKeysError/);
  const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /join\(\) without an onclause/);
});

for (const { body, reason } of [
  // SQLAlchemy parenthesises a join on the right: `orders JOIN (customer JOIN geo.region ON ...) ON ...`.
  { body: 'op.execute(sa.select(orders.c.id).select_from(orders.join(customer.join(region, region.c.id == customer.c.region_id), customer.c.id == orders.c.customer_id)))', reason: /join\(\) of a join on the right/ },
  // One join object given twice prints once; two equal ones twice: the source decides.
  { body: 'j = orders.join(customer, customer.c.id == orders.c.customer_id)\n    op.execute(sa.select(orders.c.id).select_from(j, j))', reason: /select_from\(\) of the same join twice/ },
]) {
  test(`refused with the reason (Alembic prints it): ${body}`, async () => {
    const dir = project('select-from-join-refused-', body.split('\n    '));
    assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0);
    assert.match(lens.stderr, reason);
  });
}
