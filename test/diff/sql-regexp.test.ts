/**
 * `.regexp_replace(pattern, replacement[, flags])` and `.regexp_match(pattern, flags=...)` with
 * flags other than "i", compared with the real Alembic 1.20 / SQLAlchemy 2.1 under `--sql`:
 * `(REGEXP_REPLACE(col, 'a', 'b', 'g'))` grouped as an operator of precedence 5 (as a SET value,
 * under `=` and `||`, not as a function's argument), and `col ~ CONCAT('(?', 'ig', ')', 'a')`,
 * negated `!~`. Lens refused both as opaque.
 */
import { test } from 'node:test';
import { assertSameAsAlembic, isolateCache, requireAlembic } from './sql-parity-helpers';
import { assertLensRefuses, assertRaisesInBoth, dataMigrationProject } from './dataMigrationProject';

requireAlembic();
isolateCache();

const REGEXPS = `    op.execute(t.update().values(name=t.c.name.regexp_replace("a", "b")))
    op.execute(t.update().values(name=t.c.name.regexp_replace("a", "b", "g")))
    op.execute(t.delete().where(t.c.name.regexp_replace("a", "b") == "x"))
    op.execute(t.delete().where(t.c.name.regexp_replace("a", "b", flags="gi") + "x" == "y"))
    op.execute(t.update().values(name=t.c.name.regexp_replace(pattern="a%", replacement=other.c.name, flags="it's")))
    op.execute(t.update().values(name=(t.c.name + "x").regexp_replace("a", sa.func.lower(t.c.name))))
    op.execute(t.update().values(name=sa.func.lower(t.c.name.regexp_replace("a", "b"))))
    op.execute(sa.select(t.c.name.regexp_replace("a", "b")))
    op.execute(t.delete().where(t.c.name.regexp_match("a", flags="ig")))
    op.execute(t.delete().where(~t.c.name.regexp_match("a", flags="ig")))
    op.execute(t.delete().where(t.c.name.regexp_match("a", flags="ig") == True))
    op.execute(t.delete().where(t.c.name.regexp_match("it's", flags="g")))
    op.execute(t.delete().where(sa.not_(t.c.name.regexp_match("a", "x"))))
    op.execute(t.delete().where(t.c.name.regexp_replace("a", "b").regexp_match("c", "x")))
    op.execute(t.delete().where(t.c.name.regexp_match(t.c.loose, "x")))`;

test('regexp_replace() and regexp_match() with flags', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-regexp-', REGEXPS), ['upgrade', 'head', '--sql']);
});

test('regexp_replace() and regexp_match() with flags under the named paramstyle', async () => {
  await assertSameAsAlembic(dataMigrationProject('sql-regexp-named-', REGEXPS, true), ['upgrade', 'head', '--sql']);
});

for (const { body, python, reason } of [
  { body: '    op.execute(t.update().values(name=t.c.name.regexp_replace("a")))', python: /TypeError: .*regexp_replace\(\) missing 1 required positional argument: 'replacement'/, reason: /regexp_replace\(\) missing 1 required positional argument: 'replacement'/ },
]) {
  test(`misuse SQLAlchemy raises on is refused: ${body.trim()}`, async () => {
    await assertRaisesInBoth('sql-regexp-misuse-', body, python, reason);
  });
}

for (const { body, reason } of [
  // The pattern and replacement sit in a comma list that groups nothing: an operator there is not followed.
  { body: '    op.execute(t.update().values(name=t.c.name.regexp_replace(t.c.name + "x", "b")))', reason: /regexp_replace\(\) of a pattern or replacement other than/ },
]) {
  test(`not followed, refused with a reason (Alembic prints it): ${body.trim()}`, async () => {
    await assertLensRefuses('sql-regexp-opaque-', body, reason);
  });
}
