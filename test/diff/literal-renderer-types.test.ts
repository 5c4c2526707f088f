/**
 * A Python value SQLAlchemy binds with a type prints through that type's literal processor, and a
 * type without one (JSON, JSONB, INET, CIDR, BIT, HSTORE, DOMAIN, the ranges, ...) makes literal
 * binds raise CompileError ("No literal value renderer is available"). The value gets a type from
 * a cast (`sa.cast("{}", JSONB)`), from `values()` into a typed column, from a comparison with a
 * typed column (coerce_compared_value: INET keeps its type for every value, BIT and Uuid for a
 * str, a bool is the constant true/false) and from `sa.literal(value, type_)`. Lens printed the
 * casts and comparisons from the Python value. `sa.literal(value)` without a type is bound as the
 * value's own type, so the column it is written to, compared with or cast to does not retype it:
 * Lens refused `ip=sa.literal("1.1.1.1")` into an INET column. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const migration = (statements: string[]): string => `${migrationHeader('a1', undefined, 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nfrom sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB\n')}
t = sa.table(
    "items",
    sa.column("data", JSONB),
    sa.column("ip", INET),
    sa.column("name", sa.String),
    sa.column("b", postgresql.BIT),
    sa.column("u", sa.Uuid(as_uuid=False)),
    sa.column("n", sa.Integer),
)


def upgrade():
${statements.map((statement) => `    op.execute(${statement})`).join('\n')}


def downgrade():
    pass
`;

test('values SQLAlchemy can print: sa.literal() keeps its own type, NULL needs no renderer, casts of columns and of sa.literal()', async () => {
  const dir = offlineProject('literal-renderer-', {
    'migrations/versions/a1_values.py': migration([
      't.update().values(ip=sa.literal("1.1.1.1"))',
      't.update().values(ip=None, data=sa.cast(None, JSONB))',
      't.update().where(t.c.ip == True).values(name=sa.cast(sa.literal("5"), sa.Integer))',
      't.update().where(t.c.ip.is_(None)).values(name=sa.cast(sa.literal("{}"), JSONB))',
      't.update().where(t.c.data == "{}").values(name=sa.cast(t.c.name, JSONB))',
      't.update().where(t.c.ip == sa.literal("1.1.1.1")).values(n=sa.literal("5"))',
      't.update().where(t.c.ip != False).values(data=sa.literal(True))',
      't.update().where(t.c.u == 5).values(name=sa.cast("5", sa.Integer))',
      't.update().where(t.c.u == "12345678-1234-5678-1234-567812345678").values(name=sa.cast(5.5, sa.Integer))',
      't.update().values(name=sa.func.coalesce(t.c.ip, "0.0.0.0"))',
      't.update().where(t.c.data.in_(["a"])).values(name=sa.cast([1, 2], ARRAY(sa.Integer)))',
      't.update().where(t.c.ip.in_([])).values(n=sa.literal(5.5))',
      't.update().where(t.c.b == 1).values(name=sa.literal(None, JSONB))',
      'postgresql.insert(t).values(n=1).on_conflict_do_update(index_elements=["n"], set_={"ip": sa.literal("z"), "extra": sa.literal("y")})',
    ]),
  });
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /UPDATE items SET ip='1\.1\.1\.1';/);
  assert.match(sql, /CAST\('5' AS INTEGER\) WHERE items\.ip = true;/);
});

for (const [name, statement, datatype] of [
  ['a str cast to JSONB, set into a JSONB column', 't.update().values(data=sa.cast("{}", JSONB))', 'JSONB'],
  ['a str cast to sa.JSON', 't.update().values(data=sa.cast("{}", sa.JSON))', 'JSON'],
  ['a str cast to INET', 't.update().values(ip=sa.cast("1.1.1.1", postgresql.INET))', 'INET'],
  ['a cast to JSONB set into a String column', 't.update().values(name=sa.cast("{}", JSONB))', 'JSONB'],
  ['a cast inside a cast', 't.update().values(name=sa.cast(sa.cast("{}", JSONB), sa.Text))', 'JSONB'],
  ['a cast compared with a column', 't.update().where(t.c.data == sa.cast("{}", JSONB)).values(name="x")', 'JSONB'],
  ['a cast as a function argument', 't.update().values(name=sa.func.foo(sa.cast("{}", JSONB)))', 'JSONB'],
  ['a number cast to a DOMAIN', 't.update().values(name=sa.cast(5, postgresql.DOMAIN("d", sa.Integer)))', 'DOMAIN'],
  ['a str compared with an INET column', 't.update().where(t.c.ip == "10.0.0.1").values(name="x")', 'INET'],
  ['a number compared with an INET column, reversed', 't.update().where(5 == t.c.ip).values(name="x")', 'INET'],
  ['a str in an IN list of an INET column', 't.update().where(t.c.ip.in_(["10.0.0.1"])).values(name="x")', 'INET'],
  ['a str compared with a BIT column', 't.update().where(t.c.b == "101").values(name="x")', 'BIT'],
  ['a str set into an INET column', 't.update().values(ip="1.1.1.1")', 'INET'],
  ['sa.literal(value, INET) compared with a String column', 't.update().where(t.c.name == sa.literal("1.1.1.1", INET)).values(name="x")', 'INET'],
] as const) {
  test(`${name} fails both tools`, async () => {
    const dir = offlineProject('literal-renderer-fail-', { 'migrations/versions/a1_values.py': migration([statement]) });
    const alembic = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(alembic.code, 0);
    assert.match(alembic.stderr, new RegExp(`No literal value renderer is available for literal value .* with datatype ${datatype}\\n`));
    const lens = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(lens.code, 1, lens.stderr);
    assert.equal(lens.stdout, '');
    assert.match(lens.stderr, new RegExp(`no literal rendering .*SQLAlchemy's ${datatype} has no literal value renderer`));
  });
}
