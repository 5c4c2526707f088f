/**
 * SQLAlchemy's JSON, JSONB and ARRAY operators and a few string operators in data migrations,
 * compared with the real Alembic 1.20 and SQLAlchemy 2 under `--sql`: `doc["k"]`, `.astext`,
 * `.as_integer()` and its kin, paths, `.has_key()`, JSONB and ARRAY `@>` / `<@`, `&&`, `tags[1]`,
 * `tags.any(x)`, `sa.any_()` / `sa.all_()`, `.concat()` and `.regexp_match()`, each as a SET
 * value, in WHERE, inside AND / OR, NOT, IN, a function's argument, a select's columns and a
 * subquery, where SQLAlchemy's parentheses differ. Lens refused every one of them as opaque.
 * Misuse SQLAlchemy raises on is refused with its error; what the engine does not model stays
 * refused with a reason naming the construct.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBothRefuse, assertSameAsAlembic, isolateCache, NAMED_OFFLINE_ENV_PY, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const TABLES = `
t = sa.table(
    "t",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("x", sa.Integer),
    sa.column("doc", postgresql.JSONB),
    sa.column("tags", postgresql.ARRAY(sa.String)),
    sa.column("ints", postgresql.ARRAY(sa.Integer)),
    sa.column("j", sa.JSON),
    sa.column("pj", postgresql.JSON),
    sa.column("flag", sa.Boolean),
)
other = sa.table("other", sa.column("id", sa.Integer), sa.column("payload", postgresql.JSONB), schema="app")
`;

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

function project(prefix: string, upgradeBody: string, envPy?: string): string {
  const files = {
    'migrations/versions/a1_ops.py': `${migrationHeader('a1', undefined, IMPORTS)}${TABLES}

def upgrade():
${upgradeBody}


def downgrade():
    pass
`,
  };
  return envPy === undefined ? offlineProject(prefix, files) : offlineProject(prefix, files, '', envPy);
}

const JSON_ACCESS = `    op.execute(t.update().where(t.c.doc["key"].astext == "v").values(x=1))
    op.execute(t.update().values(name=t.c.doc["key"].astext, doc=t.c.doc["a"], j=t.c.j["k"], x=t.c.doc["n"].as_integer()))
    op.execute(t.update().values(name=t.c.doc[0].astext, doc=t.c.doc[1]))
    op.execute(t.update().values(name=t.c.doc["k"].as_string(), flag=t.c.doc["k"].as_boolean(), x=t.c.doc["k"].as_float()))
    op.execute(t.update().values(x=t.c.doc["k"].as_numeric(10, 2)))
    op.execute(t.update().values(doc=t.c.doc[("a", "b")], name=t.c.doc[("a", 1, -2)].astext))
    op.execute(t.update().values(name=t.c.doc[["a", "it's"]].as_string(), x=t.c.doc[("a", "b")].as_integer()))
    op.execute(t.update().where(t.c.doc[()].astext == "v").values(x=2))
    op.execute(t.update().values(name=t.c.doc["a"]["b"].astext, doc=t.c.doc["a"]["b"]))
    op.execute(t.update().values(j=t.c.j["a"]["b"], name=t.c.j["a"]["b"].as_string()))
    op.execute(t.update().values(name=t.c.pj["k"].astext, pj=t.c.pj[("a", "b")]))
    op.execute(t.update().values(doc=sa.cast(t.c.name, postgresql.JSONB)["a"]))
    op.execute(t.update().values(name=t.c.doc["a"].astext + "x"))
    op.execute(t.update().values(name=sa.func.lower(t.c.doc["k"].astext), x=sa.cast(t.c.doc["k"].astext, sa.Integer)))
    op.execute(t.delete().where(t.c.doc["a"] == "v"))
    op.execute(t.delete().where(t.c.doc["a"] == 5).where(t.c.doc["b"] == True).where(t.c.doc["c"] == None))
    op.execute(t.delete().where(t.c.j["a"] == 5))
    op.execute(t.delete().where(t.c.doc["a"].astext == 5))
    op.execute(t.delete().where(t.c.doc["a"].as_float() == 5).where(t.c.doc["b"].as_integer() == "5"))
    op.execute(t.delete().where(t.c.doc["k"].as_integer() > 5))
    op.execute(t.delete().where(-t.c.doc["k"].as_integer() > 1))
    op.execute(t.delete().where(t.c.j["k"].as_string() == "v"))
    op.execute(t.delete().where(sa.and_(t.c.doc["k"].astext == "v", t.c.id > 1)))
    op.execute(t.delete().where(sa.or_(t.c.doc["k"].astext.ilike("a%"), t.c.doc.has_key("z"))))
    op.execute(t.delete().where(sa.not_(t.c.doc["k"].astext == "v")))
    op.execute(t.delete().where(t.c.doc["k"].astext.in_(["a", "b"])))
    op.execute(t.delete().where(t.c.doc["k"].astext.not_in(["a"])))
    op.execute(t.delete().where(t.c.doc["k"].as_integer().in_([1, 2])))
    op.execute(t.delete().where(t.c.doc["k"].astext.is_(None)))
    op.execute(t.delete().where(t.c.doc["k"].astext == None))
    op.execute(t.delete().where(t.c.doc["k"].astext.like("a%")))
    op.execute(t.delete().where(t.c.doc["k"].astext.startswith("a")))
    op.execute(t.delete().where(t.c.doc["k"].astext.contains("x")))
    op.execute(t.delete().where(sa.and_(t.c.doc["k"].as_boolean(), t.c.id > 1)).where(t.c.doc["j"].as_boolean()))
    op.execute(t.delete().where(t.c.doc["k"].astext.between("a", "b")))
    op.execute(t.delete().where(t.c.doc["k"].astext.is_distinct_from("a")))
    op.execute(t.delete().where(sa.func.lower(t.c.doc["k"].astext) == "v"))
    op.execute(t.delete().where(sa.case((t.c.doc["k"].astext == "v", 1), else_=0) == 1))
    op.execute(t.update().where(t.c.doc["k"].astext == t.c.name).values(x=1))
    op.execute(t.update().where(t.c.doc["k"].astext + "x" == t.c.name).values(x=1))
    op.execute(t.update().where(t.c.doc["k%"].astext == "50%").values(x=3))
    op.execute(t.update().values(x=other.c.id).where(other.c.payload["ref"].astext == t.c.name))`;

const JSONB_COMPARISONS = `    op.execute(t.delete().where(t.c.doc.has_key("k")))
    op.execute(t.delete().where(~t.c.doc.has_key("k")))
    op.execute(t.delete().where(t.c.doc.has_key(t.c.name)))
    op.execute(t.delete().where(t.c.doc["a"].has_key("b")))
    op.execute(t.delete().where(sa.and_(t.c.doc.has_key("k"), t.c.id > 1)))
    op.execute(t.delete().where(t.c.doc.contains("a")))
    op.execute(t.delete().where(t.c.doc.contains(t.c.doc)))
    op.execute(t.delete().where(t.c.doc.contained_by(t.c.doc["a"])))
    op.execute(t.delete().where(t.c.doc.has_any(t.c.tags)).where(t.c.doc.has_all(t.c.tags)))
    op.execute(t.delete().where(t.c.doc.has_key("a"), t.c.doc["b"].astext == "c").where(sa.and_(t.c.doc.has_key("d"), t.c.id > 1)))
    op.execute(sa.select(t.c.id).where(t.c.doc.has_key("a")).where(t.c.tags.contains(["b"]), t.c.tags.overlap(["c"])))
    op.execute(t.update().values(flag=t.c.doc.has_key("k")))
    op.execute(sa.select(t.c.doc["k"].astext))
    op.execute(sa.select(t.c.doc["k"]))
    op.execute(sa.select(t.c.tags.contains(["a"]), t.c.doc.has_key("a"), t.c.doc["a"], t.c.tags[2], t.c.tags.any("a")))
    op.execute(t.delete().where(t.c.name == sa.select(t.c.doc["k"].astext).scalar_subquery()))
    op.execute(t.delete().where(t.c.id.in_(sa.select(t.c.id).where(t.c.doc["k"].astext == "v"))))
    op.execute(t.delete().where(t.c.id.in_(sa.select(t.c.id).where(t.c.tags.contains(["a"])))))`;

const ARRAYS = `    op.execute(t.delete().where(t.c.tags.any("a")))
    op.execute(t.delete().where(t.c.tags.all("a")))
    op.execute(t.delete().where(sa.any_(t.c.tags) == "a"))
    op.execute(t.delete().where("a" == sa.any_(t.c.tags)))
    op.execute(t.delete().where(sa.all_(t.c.tags) != "a"))
    op.execute(t.delete().where(sa.any_(t.c.ints) > 5))
    op.execute(t.delete().where(t.c.name == sa.any_(t.c.tags)))
    op.execute(t.delete().where(~t.c.tags.any("a")))
    op.execute(t.delete().where(~(sa.any_(t.c.tags) == "a")))
    op.execute(t.delete().where(~(t.c.name == sa.any_(t.c.tags))))
    op.execute(t.delete().where(sa.and_(t.c.tags.any("a"), t.c.id > 1)))
    op.execute(t.delete().where(t.c.ints.any(5)))
    op.execute(t.update().values(flag=t.c.tags.any("a")))
    op.execute(t.delete().where(t.c.tags.contains(["a"])))
    op.execute(t.delete().where(t.c.tags.contained_by(["a", "b"])))
    op.execute(t.delete().where(t.c.tags.overlap(["a", "b"])))
    op.execute(t.delete().where(~t.c.tags.contains(["a"])))
    op.execute(t.delete().where(sa.and_(t.c.tags.contains(["a"]), t.c.tags.overlap(["b"]))))
    op.execute(t.delete().where(t.c.ints.contains([1, 2])))
    op.execute(t.update().values(name=t.c.tags[1]))
    op.execute(t.delete().where(t.c.tags[1] == "a"))
    op.execute(t.update().values(tags=t.c.tags.concat(["x"])))`;

const STRINGS = `    op.execute(t.update().values(name=t.c.name.concat("x"), x=t.c.x.concat(1)))
    op.execute(t.delete().where(t.c.name.concat("x") == "ax"))
    op.execute(t.delete().where(t.c.name.regexp_match("^a")))
    op.execute(t.delete().where(t.c.name.regexp_match("^a", flags="i")))
    op.execute(t.delete().where(~t.c.name.regexp_match("^a")))
    op.execute(t.delete().where(~t.c.name.regexp_match("^a", flags="i")))
    op.execute(t.delete().where(sa.and_(t.c.name.regexp_match("^a%"), t.c.id > 1)))
    op.execute(t.delete().where(sa.not_(t.c.name.regexp_match(t.c.name))))
    op.execute(t.delete().where(t.c.doc["k"].astext.regexp_match("^a")))
    op.execute(t.update().values(flag=t.c.name.regexp_match("^a")))
    op.execute(sa.select(t.c.name.regexp_match("a%")))`;

for (const [name, body] of [
  ['JSON and JSONB access: indexes, paths, astext and the as_*() casts, in SET, WHERE, AND / OR, IN, LIKE, functions and another table', JSON_ACCESS],
  ['JSONB comparisons and selects of JSON and ARRAY operators, subqueries', JSONB_COMPARISONS],
  ['ARRAY operators: any() / all(), sa.any_() / sa.all_() on either side, @>, <@, &&, indexes', ARRAYS],
  ['concat() and regexp_match()', STRINGS],
] as const) {
  test(name, async () => {
    await assertSameAsAlembic(project('expression-operators-', body), ['upgrade', 'head', '--sql']);
  });
}

test('the same under the generic template\'s named paramstyle (no % doubling)', async () => {
  await assertSameAsAlembic(project('expression-operators-named-', `${JSON_ACCESS}\n${STRINGS}`, NAMED_OFFLINE_ENV_PY), ['upgrade', 'head', '--sql']);
});

/** One upgrade statement under `--sql`: Alembic fails with `python`; Lens prints nothing for it and names `reason`. */
function assertRefused(body: string, python: RegExp, reason: RegExp): Promise<void> {
  return assertBothRefuse(project('expression-operators-misuse-', `${body}\n    op.create_table("after", sa.Column("id", sa.Integer))`), body, python, reason);
}

for (const { body, python, reason } of [
  { body: '    op.execute(t.update().values(name=t.c.doc.astext))', python: /AttributeError: Neither 'ColumnClause' object nor 'Comparator' object has an attribute 'astext'/, reason: /Neither 'ColumnClause' object nor 'Comparator' object has an attribute 'astext'/ },
  { body: '    op.execute(t.update().values(name=t.c.j["a"].astext))', python: /AttributeError: Neither 'BinaryExpression' object nor 'Comparator' object has an attribute 'astext'/, reason: /Neither 'BinaryExpression' object nor 'Comparator' object has an attribute 'astext'/ },
  { body: '    op.execute(t.update().values(name=t.c.doc.as_string()))', python: /InvalidRequestError: The JSON cast operator JSON.as_string\(\) only works with a JSON index expression/, reason: /JSON.as_string\(\) only works with a JSON index expression/ },
  { body: '    op.execute(t.delete().where(t.c.j.has_key("a")))', python: /AttributeError: Neither 'ColumnClause' object nor 'Comparator' object has an attribute 'has_key'/, reason: /has an attribute 'has_key'/ },
  { body: '    op.execute(t.delete().where(t.c.pj.has_any(["a"])))', python: /AttributeError: Neither 'ColumnClause' object nor 'Comparator' object has an attribute 'has_any'/, reason: /has an attribute 'has_any'/ },
  { body: '    op.execute(t.delete().where(t.c.doc.has_any(["a", "b"])))', python: /CompileError: No literal value renderer is available for literal value "\['a', 'b'\]" with datatype JSONB/, reason: /no literal rendering for a list in a JSONB column/ },
  { body: '    op.execute(t.delete().where(t.c.doc.contains({"a": 1})))', python: /CompileError: No literal value renderer is available for literal value "\{'a': 1\}" with datatype JSONB/, reason: /no literal rendering for a dict in a JSONB column/ },
  { body: '    op.execute(t.update().where(t.c.doc["a"] == {"b": 1}).values(x=1))', python: /CompileError: No literal value renderer is available/, reason: /no literal rendering for a dict in a JSONB column/ },
  { body: '    op.execute(t.delete().where(sa.any_(t.c.tags) + "a"))', python: /ArgumentError: Only comparison operators may be used with ANY\/ALL/, reason: /Only comparison operators may be used with ANY\/ALL/ },
  { body: '    op.execute(t.delete().where(t.c.name.regexp_match()))', python: /TypeError: .*regexp_match\(\) missing 1 required positional argument: 'pattern'/, reason: /regexp_match\(\) missing 1 required positional argument: 'pattern'/ },
]) {
  test(`misuse refused with SQLAlchemy's error: ${body.trim()}`, async () => {
    await assertRefused(body, python, reason);
  });
}

for (const { body, reason } of [
  { body: '    op.execute(t.delete().where(t.c.ints.any(5, operator=sa.sql.operators.lt)))', reason: /ARRAY's any\(\) with other than one positional argument \(operator=\)/ },
  { body: '    op.execute(t.update().values(doc=t.c.doc[t.c.name]))', reason: /a JSON index other than a string or an integer/ },
  { body: '    op.execute(t.delete().where(t.c.doc.path_exists("$.a")))', reason: /\.path_exists\(\)/ },
  { body: '    op.execute(t.delete().where(~t.c.doc["k"].as_boolean()))', reason: /the negation of a JSON or ARRAY element/ },
]) {
  test(`not modelled, refused with a reason naming it (Alembic prints it): ${body.trim()}`, async () => {
    const dir = project('expression-operators-opaque-', body);
    assert.equal(runAlembic(dir, ['upgrade', 'head', '--sql']).code, 0, body);
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0, body);
    assert.match(lens.stderr, reason);
  });
}
