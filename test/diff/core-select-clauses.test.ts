/**
 * SQLAlchemy Core selects as data migrations write them, compared with the real Alembic 1.20 and
 * SQLAlchemy 2 under `--sql`: `UPDATE ... SET x = (SELECT ... ORDER BY ... LIMIT 1)` through
 * `.scalar_subquery()`, `INSERT ... SELECT ... ORDER BY`, `DELETE ... WHERE id IN (SELECT ...
 * LIMIT n)`, selects of functions (anonymous labels numbered over the whole statement),
 * `.select_from()`, `.group_by()` / `.having()`, `.offset()`, `between`, `is_distinct_from` and
 * custom operators (`op("@>")`). Lens refused every one of them as opaque. Misuse SQLAlchemy raises
 * on makes Alembic fail; Lens refuses it with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBothRefuse, assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const TABLES = `
items = sa.table(
    "items",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("score", sa.Integer),
    sa.column("tags", postgresql.ARRAY(sa.String)),
    sa.column("created", sa.DateTime),
)
owners = sa.table("owners", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("item_id", sa.Integer), schema="app")
`;

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

function project(prefix: string, upgradeBody: string, downgradeBody = '    pass'): string {
  return offlineProject(prefix, {
    'migrations/versions/a1_core.py': `${migrationHeader('a1', undefined, IMPORTS)}${TABLES}

def upgrade():
${upgradeBody}


def downgrade():
${downgradeBody}
`,
  });
}

test('data-migration shapes: a scalar subquery with ORDER BY and LIMIT as a SET or VALUES value, INSERT ... SELECT ... ORDER BY, DELETE ... IN (SELECT ... LIMIT)', async () => {
  const dir = project(
    'core-select-dml-',
    `    op.execute(
        owners.update().values(
            name=sa.select(items.c.name)
            .where(items.c.id == owners.c.item_id)
            .order_by(items.c.created.desc(), sa.desc(items.c.score), items.c.id.asc().nulls_last())
            .limit(1)
            .scalar_subquery()
        )
    )
    op.execute(owners.insert().from_select(["id", "name"], sa.select(items.c.id, items.c.name).where(items.c.score > 3).order_by(items.c.id)))
    op.execute(items.delete().where(items.c.id.in_(sa.select(items.c.id).where(items.c.score < 0).order_by(items.c.id).limit(100))))
    op.execute(owners.insert().values(id=sa.select(sa.func.coalesce(sa.func.max(owners.c.id), 0) + 1).scalar_subquery(), name="first"))
    op.execute(owners.insert().values(id=7, name=sa.select(items.c.name).where(items.c.id == 5).scalar_subquery()))
    op.execute(owners.update().values(item_id=sa.select(sa.func.max(items.c.id)).scalar_subquery(), id=sa.select(sa.func.max(items.c.score)).scalar_subquery()))
    op.execute(items.delete().where(items.c.id.in_(sa.select(sa.func.max(items.c.id)).group_by(items.c.name).having(sa.func.count(items.c.id) > 1))))
    op.execute(items.delete().where(sa.exists(sa.select(sa.func.max(owners.c.id)).where(owners.c.item_id == items.c.id))))
    op.execute(items.delete().where(items.c.id.in_(sa.select(items.c.id).order_by(items.c.id).offset(10))))`,
    `    op.execute(items.update().values(score=sa.select(sa.func.count()).select_from(owners).where(owners.c.item_id == items.c.id).scalar_subquery()))
    op.execute(owners.delete().where(owners.c.id.in_(sa.select(owners.c.id).order_by(owners.c.id.desc()).limit(5).offset(5))))`,
  );
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /WHERE items\.id = app\.owners\.item_id ORDER BY items\.created DESC, items\.score DESC, items\.id ASC NULLS LAST \n LIMIT 1\)/);
  await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
});

test('selects run by op.execute: functions and expressions with their anonymous labels, select_from, GROUP BY, HAVING, LIMIT and OFFSET', async () => {
  const dir = project(
    'core-select-exec-',
    `    op.execute(sa.select(sa.func.max(items.c.id)))
    op.execute(sa.select(items.c.id, owners.c.id, sa.func.max(items.c.id), sa.func.max(items.c.score), sa.func.MAX(items.c.score), sa.func.count(), items.c.id - 1, sa.literal(5), sa.case((items.c.id > 1, "a"), else_="b"), items.c.id > 1))
    op.execute(sa.select(sa.func.my_fn(items.c.id), sa.func.MyFn(items.c.id), sa.func.pg_catalog.lower(items.c.name), sa.func.now(), sa.func.current_timestamp(), sa.func.count(items.c.id).label("select"), (items.c.score + 1).label("Next Score")))
    op.execute(sa.select(sa.func.now()))
    op.execute(sa.select(sa.func.count()).select_from(items))
    op.execute(sa.select(items.c.id, owners.c.id).select_from(owners))
    op.execute(sa.select(items.c.name, sa.func.count(items.c.id)).group_by(items.c.name).having(sa.func.count(items.c.id) > 1).having(sa.func.max(items.c.score) < 10).order_by(sa.func.count(items.c.id).desc()))
    op.execute(sa.select(sa.func.max(items.c.id)).where(items.c.id.in_(sa.select(sa.func.max(owners.c.id)))).where(items.c.score == sa.select(sa.func.max(owners.c.item_id)).scalar_subquery()))
    op.execute(sa.select(items.c.id).distinct().order_by(items.c.id).limit(10).offset(20))
    op.execute(sa.select(items.c.id).offset(5))
    op.execute(sa.select(items.c.id).limit("7").offset(2.9))
    op.execute(sa.select(items.c.id).limit(True))
    op.execute(sa.select(items.c.id).order_by(items.c.name).order_by(None).order_by(items.c.score).limit(3).limit(None))
    op.execute(sa.select(items.c.id).order_by(sa.nulls_last(sa.desc(items.c.id)), (items.c.id + 1).desc(), sa.desc(items.c.id + 1).nulls_first()))
    op.execute(sa.select(sa.literal_column("1")).select_from(items))
    op.execute(sa.select(sa.text("1")).select_from(items))
    op.execute(sa.select(sa.column("x")).select_from(owners))`,
  );
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /SELECT max\(items\.id\) AS max_1 \nFROM items \nWHERE items\.id IN \(SELECT max\(app\.owners\.id\) AS max_2 \nFROM app\.owners\)/);
});

test('between, is_distinct_from and custom operators, in selects, UPDATE and DELETE criteria', async () => {
  const dir = project(
    'core-select-operators-',
    `    op.execute(sa.select(items.c.id).where(items.c.score.between(1, 5)).where(sa.between(items.c.score, 0, 9, symmetric=True)))
    op.execute(items.delete().where(sa.and_(~items.c.score.between(1, 5), items.c.id > 1)))
    op.execute(items.delete().where(sa.not_(items.c.score.between(items.c.id + 1, sa.func.abs(items.c.id)))))
    op.execute(items.update().where(sa.or_(items.c.created.between("2020-01-01", "2021-01-01"), items.c.name.between(1, "z"))).values(score=0))
    op.execute(items.update().where((items.c.score.between(1, 5)) == sa.true()).values(score=1))
    op.execute(items.update().where((items.c.score + 1).between(1, 5, True)).values(score=2))
    op.execute(items.delete().where(items.c.score.is_distinct_from(3)).where(items.c.name.is_not_distinct_from(None)))
    op.execute(items.delete().where(items.c.name.isnot_distinct_from("x")).where(~items.c.score.is_distinct_from(True)))
    op.execute(items.delete().where(items.c.score.is_distinct_from(owners.c.id)))
    op.execute(items.update().where(items.c.tags.op("&&")(["x", "y"])).values(name="tagged"))
    op.execute(items.delete().where(sa.and_(items.c.name.op("~")("^a"), items.c.id > 1)))
    op.execute(items.delete().where(~items.c.name.op("~*", is_comparison=True)("^b")))
    op.execute(items.delete().where(items.c.tags.op("@>")(["a"])))
    op.execute(items.delete().where(items.c.name.op("%")("a")))
    op.execute(items.delete().where(items.c.name.op("~")(5)))
    op.execute(items.update().values(name=items.c.name.op("||")("!")))
    op.execute(sa.select(items.c.id).where(items.c.name.op("~")(owners.c.name)))
    op.execute(sa.select(items.c.id, items.c.score.between(1, 2), items.c.name.op("~")("a")))`,
  );
  await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
});

/** One upgrade statement under `--sql`: Alembic fails with `python`; Lens prints nothing for it and names `reason`. */
function assertRefused(body: string, python: RegExp, reason: RegExp): Promise<void> {
  return assertBothRefuse(project('core-select-misuse-', `${body}\n    op.create_table("after", sa.Column("id", sa.Integer))`), body, python, reason);
}

for (const { body, python, reason } of [
  { body: '    op.execute(sa.select(items.c.id).limit("ten"))', python: /ValueError: invalid literal for int\(\) with base 10: 'ten'/, reason: /invalid literal for int\(\) with base 10: 'ten'/ },
  { body: '    op.execute(sa.select(items.c.id).offset([1]))', python: /TypeError: int\(\) argument must be a string, a bytes-like object or a real number, not 'list'/, reason: /not 'list'/ },
  { body: '    op.execute(sa.select(items.c.id).where(items.c.score.between(1)))', python: /TypeError: ColumnOperators.between\(\) missing 1 required positional argument: 'cright'/, reason: /missing a required positional argument: 'cright'/ },
  { body: '    op.execute(sa.select(items.c.id).order_by(1))', python: /ArgumentError: ORDER BY expression expected, got 1/, reason: /ORDER BY expression expected, got 1/ },
  { body: '    op.execute(sa.select(items.c.name).group_by(items.c.name).having("count(*) > 1"))', python: /ArgumentError: Textual SQL expression 'count\(\*\) > 1' should be explicitly declared/, reason: /Textual SQL expression 'count\(\*\) > 1' should be explicitly declared/ },
  { body: '    op.execute(items.delete().where("id > 1"))', python: /ArgumentError: Textual SQL expression 'id > 1' should be explicitly declared/, reason: /Textual SQL expression 'id > 1'/ },
  { body: '    op.execute(items.update().where(sa.and_("id > 1", items.c.id < 5)).values(score=1))', python: /ArgumentError: Textual SQL expression 'id > 1' should be explicitly declared/, reason: /Textual SQL expression 'id > 1'/ },
  { body: '    op.execute(items.update().where(items.c.score > None).values(score=1))', python: /ArgumentError: Only '=', '!=', 'is_\(\)', 'is_not\(\)', 'is_distinct_from\(\)', 'is_not_distinct_from\(\)' operators can be used with None\/True\/False/, reason: /ArgumentError for > with None/ },
  { body: '    op.execute(items.delete().where(items.c.score <= True))', python: /ArgumentError: Only '=', '!='/, reason: /ArgumentError for <= with True/ },
  { body: '    op.execute(items.delete().where(items.c.name.like(None)))', python: /ArgumentError: Only '=', '!='/, reason: /ArgumentError for LIKE with None/ },
  { body: '    op.execute(sa.select(items.c.name).select_from("items"))', python: /ArgumentError: Textual SQL expression 'items' should be explicitly declared/, reason: /Textual SQL expression 'items'/ },
  { body: '    op.execute(sa.select("id"))', python: /ArgumentError: Textual column expression 'id' should be explicitly declared/, reason: /Textual column expression 'id'/ },
  { body: '    op.execute(owners.update().values(name=sa.select(items.c.name).scalar_subquery(1)))', python: /TypeError: SelectBase.scalar_subquery\(\) takes 1 positional argument but 2 were given/, reason: /scalar_subquery\(\) takes 1 positional argument but 2 were given/ },
  { body: '    op.execute(sa.select(items.c.id).where(items.c.id.op()(1)))', python: /TypeError: Operators.op\(\) missing 1 required positional argument: 'opstring'/, reason: /op\(\) missing 1 required positional argument: 'opstring'/ },
  { body: '    op.execute(sa.select(items.c.id).order_by("zzz"))', python: /CompileError: Can't resolve label reference for ORDER BY/, reason: /order_by\("zzz"\): a label reference/ },
]) {
  test(`misuse refused: ${body.trim()}`, async () => {
    await assertRefused(body, python, reason);
  });
}

for (const { body, reason } of [
  { body: '    op.execute(sa.select(sa.cast(items.c.id, sa.String), sa.cast(items.c.id, sa.String)))', reason: /the same unnamed expression twice/ },
  { body: '    m = sa.func.max(items.c.id).label("m")\n    op.execute(sa.select(m, items.c.name).group_by(items.c.name).order_by(m.desc()))', reason: /\.desc\(\) of a labelled expression/ },
  { body: '    op.execute(sa.select(items.c.name.label("n")).order_by(items.c.name.label("n")))', reason: /order_by\(\) of a labelled expression/ },
  { body: '    op.execute(items.delete().where(items.c.name.op("->>")("a") == "b"))', reason: /compared with the result of the custom operator ->>/ },
  { body: '    op.execute(sa.select(items.c.id).limit(items.c.score))', reason: /a limit or offset given as a SQL expression/ },
  { body: '    m = sa.func.max(items.c.id)\n    op.execute(sa.select(m, m))', reason: /the same unnamed expression twice/ },
]) {
  test(`not modelled, refused with a reason naming it (Alembic prints it): ${body.trim()}`, async () => {
    const dir = project('core-select-opaque-', body);
    assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, body);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, body);
    assert.match(lens.stderr, reason);
  });
}

test('under an env.py without literal_binds=True, LIMIT and OFFSET are bind placeholders in Alembic\'s SQL: refused; a select without binds prints the same', async () => {
  const env = 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d")\nwith context.begin_transaction():\n    context.run_migrations()\n';
  const withoutBinds = offlineProject('core-select-binds-', {
    'migrations/versions/a1_core.py': `${migrationHeader('a1', undefined, IMPORTS)}${TABLES}\n\ndef upgrade():\n    op.execute(sa.select(sa.func.max(items.c.id)).group_by(items.c.name).order_by(items.c.name.desc()))\n    op.execute(items.delete().where(items.c.score.is_distinct_from(None)))\n\n\ndef downgrade():\n    pass\n`,
  }, '', env);
  await assertSameAsAlembic(withoutBinds, ['upgrade', 'head', '--sql']);
  for (const clause of ['limit(5)', 'offset(5)']) {
    const dir = offlineProject('core-select-binds-', {
      'migrations/versions/a1_core.py': `${migrationHeader('a1', undefined, IMPORTS)}${TABLES}\n\ndef upgrade():\n    op.execute(items.delete().where(items.c.id.in_(sa.select(items.c.id).order_by(items.c.id).${clause})))\n\n\ndef downgrade():\n    pass\n`,
    }, '', env);
    assert.match(runAlembic(dir, ['upgrade', 'head', '--sql']).stdout, /(LIMIT|OFFSET) %\(param_1\)s::INTEGER/);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, clause);
    assert.match(lens.stderr, /does not set literal_binds=True/);
  }
});
