// The data-migration expressions followed since 7 December (sa.tuple_ with IN lists, sa.extract,
// .collate(), floor division //) run live: Lens sends them with psycopg2's binds where Alembic's
// live run binds values, and the rows each leaves must be Alembic's, up and down. Run live on
// PostgreSQL by the real Alembic 1.20 and by Lens from the same history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nimport datetime\n';

const ORDERS = 'orders = sa.table("orders", sa.column("id", sa.Integer), sa.column("region", sa.String), sa.column("code", sa.String), sa.column("placed", sa.Date), sa.column("qty", sa.Integer), sa.column("price", sa.Numeric(10, 2)), sa.column("year", sa.Integer), sa.column("half", sa.Integer), sa.column("flag", sa.String))\n\n';

const FIRST = `${migrationHeader('t1', undefined, IMPORTS)}${ORDERS}
def upgrade():
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("region", sa.String(10)),
        sa.Column("code", sa.String(10)),
        sa.Column("placed", sa.Date()),
        sa.Column("qty", sa.Integer()),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("year", sa.Integer()),
        sa.Column("half", sa.Integer()),
        sa.Column("flag", sa.String(20)),
    )
    op.bulk_insert(orders, [
        {"id": 1, "region": "eu", "code": "b", "placed": datetime.date(2021, 3, 4), "qty": 7, "price": 9.5},
        {"id": 2, "region": "us", "code": "B", "placed": datetime.date(2023, 11, 30), "qty": 5, "price": 3},
        {"id": 3, "region": "eu", "code": "a", "placed": datetime.date(2023, 1, 1), "qty": -7, "price": 2.25},
    ])


def downgrade():
    op.drop_table("orders")
`;

const SECOND = `${migrationHeader('t2', 't1', IMPORTS)}${ORDERS}
def upgrade():
    op.execute(orders.update().where(sa.tuple_(orders.c.region, orders.c.id).in_([("eu", 1), ("us", 2)])).values(flag="pair"))
    op.execute(orders.update().values(year=sa.extract("year", orders.c.placed)))
    op.execute(orders.update().where(sa.extract("month", orders.c.placed) > 6).values(flag="late"))
    op.execute(orders.update().values(half=orders.c.qty // 2))
    op.execute(orders.update().where(orders.c.code.collate("C") < "a").values(flag="upper"))
    op.execute(orders.update().where((orders.c.price // 2) >= 1).values(qty=orders.c.qty + 100))


def downgrade():
    op.execute(orders.update().where(sa.tuple_(orders.c.region, orders.c.code).not_in([("eu", "a")])).values(flag=None, year=None, half=None))
`;

test('tuple IN lists, EXTRACT, COLLATE and floor division in a live run leave the rows Alembic leaves, up and down', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-row-values-', { 't1_orders.py': FIRST, 't2_values.py': SECOND });
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.match(upgraded, /^1\teu\tb\t2021-03-04\t107\t9.50\t2021\t3\tpair$/m, 'qty // 2 of 7 is 3; FLOOR(9.50 / 2) >= 1');
  assert.match(upgraded, /^2\tus\tB\t2023-11-30\t105\t3.00\t2023\t2\tupper$/m, '"B" < "a" under COLLATE "C"');
  assert.match(upgraded, /^3\teu\ta\t2023-01-01\t93\t2.25\t2023\t-3\t\\N$/m, 'PostgreSQL truncates -7 / 2 to -3');
  const downgraded = await migrateBoth(ini, databases, ['downgrade', 't1']);
  assert.doesNotMatch(downgraded, /pair|upper|late/);
});
