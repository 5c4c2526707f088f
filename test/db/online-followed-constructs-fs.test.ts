// Constructs the offline engine now follows, run live on PostgreSQL by the real Alembic 1.20 and
// by Lens from the same history: the same schema and rows. A forced quote on a name PostgreSQL
// reads bare (add_column / drop_column) names the same column; `func.pow()` of columns is
// `power()`; a None-first IN list of timedeltas beside a postgresql.INTERVAL; type_coerce() among
// a select's columns in an INSERT ... SELECT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabases, migrateBoth, projectWithVersions, requireAlembic } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nimport datetime\nfrom sqlalchemy.dialects import postgresql\nfrom sqlalchemy.sql import quoted_name\n';

const FIRST = `${migrationHeader('f1', undefined, IMPORTS)}
def upgrade():
    op.create_table("items", sa.Column("id", sa.Integer, primary_key=True), sa.Column("base", sa.Integer), sa.Column("exp", sa.Integer), sa.Column("wait", postgresql.INTERVAL), sa.Column("label", sa.String))
    op.execute("INSERT INTO items (id, base, exp, wait) VALUES (1, 2, 3, interval '1 day'), (2, 3, 2, interval '2 hours'), (3, 4, 1, NULL)")


def downgrade():
    op.drop_table("items")
`;

const SECOND = `${migrationHeader('f2', 'f1', IMPORTS)}
items = sa.table("items", sa.column("id", sa.Integer), sa.column("base", sa.Integer), sa.column("exp", sa.Integer), sa.column("wait", postgresql.INTERVAL), sa.column("label", sa.String), sa.column("squared", sa.Integer))


def upgrade():
    op.add_column(quoted_name("items", True), sa.Column(quoted_name("squared", True), sa.Integer))
    op.add_column("items", sa.Column("spare", sa.Integer, quote=True))
    op.execute(items.update().values(squared=sa.func.pow(items.c.base, items.c.exp)))
    op.execute(items.delete().where(items.c.wait.in_([None, datetime.timedelta(hours=2)])))
    op.execute(sa.insert(items).from_select(["id", "label"], sa.select(items.c.id + 10, sa.type_coerce(items.c.base, sa.String))))


def downgrade():
    op.drop_column(quoted_name("items", True), quoted_name("spare", True))
    op.drop_column("items", quoted_name("squared", True))
`;

test('forced quotes, pow(), a None-first INTERVAL list and type_coerce() in a select run live as through Alembic', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-followed-fs-', { 'f1_items.py': FIRST, 'f2_follow.py': SECOND });
  const databases = freshDatabases();
  const upgraded = await migrateBoth(ini, databases, ['upgrade', 'head']);
  assert.match(upgraded, /squared integer/);
  assert.match(upgraded, /^1\t2\t3\t1 day\t\\N\t8\t\\N$/m);
  assert.match(upgraded, /^11\t\\N\t\\N\t\\N\t2\t\\N\t\\N$/m);
  const downgraded = await migrateBoth(ini, databases, ['downgrade', 'f1']);
  assert.doesNotMatch(downgraded, /squared|spare/);
});
