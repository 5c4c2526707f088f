/**
 * `.collate()` / `sa.collate()` in data migrations, compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`: `(events.name COLLATE "C") = 'a'`, the collation quoted by
 * PostgreSQL's identifier rules (`posix` bare, `"C"`, `"en-US"`, `"default"`), SQLAlchemy 2.1's
 * `collation_schema`, its precedence 4 under comparisons, `||`, a negation and ORDER BY. Lens
 * refused every one as opaque.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const COLLATIONS = `    op.execute(t.delete().where(t.c.name.collate("C") == "a"))
    op.execute(t.delete().where(sa.collate(t.c.name, "C") == "a"))
    op.execute(t.delete().where(t.c.name.collate("posix") == "a").where(t.c.name.collate("en-US") > "b"))
    op.execute(t.delete().where(t.c.name.collate("default") == "a").where(t.c.name.collate("ação") == "b"))
    op.execute(t.delete().where(t.c.name.collate("C", "pg_catalog") == "a").where(sa.collate(t.c.name, "C", collation_schema="My Schema") == "b"))
    op.execute(t.delete().where(t.c.name.collate("a%b") == "a"))
    op.execute(t.delete().where(t.c.name.collate("C").in_(["a", "b"])))
    op.execute(t.delete().where(t.c.name.collate("C").like("a%")))
    op.execute(t.delete().where(t.c.name == sa.collate("a", "C")))
    op.execute(t.delete().where((t.c.name + "x").collate("C") == "a"))
    op.execute(t.delete().where(t.c.name.collate("C") > t.c.name.collate("POSIX")))
    op.execute(t.delete().where(sa.collate(t.c.name, "C").collate("POSIX") == "a"))
    op.execute(t.delete().where(~(t.c.name.collate("C") == "a")))
    op.execute(t.delete().where(t.c.name.collate("C").is_(None)))
    op.execute(t.delete().where(t.c.id.collate("C") == 5))
    op.execute(t.update().values(name=t.c.name.collate("C")))
    op.execute(t.update().values(name=sa.func.lower(t.c.name.collate("C"))))
    op.execute(t.update().values(name=t.c.name.collate("C") + "x", id=-t.c.id.collate("C")))
    op.execute(t.update().values(name="x" + t.c.name.collate("C")))
    op.execute(sa.select(t.c.id).where(t.c.name.collate("C") == "a").order_by(t.c.name.collate("C").desc()))`;

test('collate() and sa.collate(): quoting, schemas, precedence, comparisons and functions', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-collate-', COLLATIONS), ['upgrade', 'head', '--sql']);
});

test('collate() under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-collate-named-', COLLATIONS, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.delete().where(t.c.name.collate(sa.literal_column("C")) == "a"))', python: /TypeError: Boolean value of this clause is not defined/, reason: /collate\(\) of a collation that is not a string/ },
  { body: '    op.execute(t.delete().where(t.c.name.collate(5) == "a"))', python: /AttributeError: 'int' object has no attribute 'lower'/, reason: /collate\(\) of a collation that is not a string/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-collate-misuse-', body, python, reason);
  });
}
