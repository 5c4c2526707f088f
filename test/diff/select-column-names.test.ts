/**
 * How SQLAlchemy 2 names the entries of a select's columns clause that have no `.label()`,
 * compared with the real Alembic 1.20 under `--sql` (survey GU):
 * - a cast or `type_coerce()` is always labelled, after what it wraps: a column's name
 *   (`CAST(t.x AS TEXT) AS x`), or the anonymous label of a function (`max_1`), an operator or a
 *   literal (`anon_1`); after an entry that took the column's name it gets a dedupe label
 *   (`x__1`), and a column after it an anonymous one (`x_1`); in a scalar, IN or EXISTS subquery
 *   the name is always the column's. Lens refused every unlabelled cast.
 * - `-x` of a column prints bare, of anything else with `anon_N`; `sa.null()`,
 *   `sa.literal(None)` and `sa.exists()` with `anon_N` (refused before).
 * - `sa.true()` / `sa.false()` are labelled (`true AS anon_1`): Lens printed them bare.
 * - a column of no table (`sa.column("x")`) and `sa.literal_column("x")` print bare and take no
 *   name: Lens labelled the first `x_1` beside `t.x`, and refused the second.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function project(prefix: string, body: string[]): string {
  return offlineProject(prefix, {
    'migrations/versions/a1_names.py': baseRevision({
      imports: ['from alembic import op', 'import sqlalchemy as sa', 'from sqlalchemy.dialects import postgresql'],
      helpers: [
        'account = sa.table("account", sa.column("id", sa.Integer), sa.column("code", sa.Integer), sa.column("label", sa.String), sa.column("balance", sa.Numeric(12, 2)), sa.column("closed", sa.Boolean))',
        'ledger = sa.table("ledger", sa.column("id", sa.Integer), sa.column("account_id", sa.Integer), sa.column("code", sa.Integer), sa.column("note", sa.Text), schema="books")',
      ],
      upgrade: body,
    }),
  });
}

test('unlabelled casts in a select: named after the column, or the anonymous label of what they wrap, deduped after a same-named entry', async () => {
  const dir = project('select-names-cast-', [
    'op.execute(ledger.insert().from_select(["id", "note"], sa.select(account.c.id, sa.cast(account.c.balance, sa.Text)).where(account.c.closed)))',
    'op.execute(sa.select(sa.cast(account.c.code, sa.Text), account.c.code, account.c.code))',
    'op.execute(sa.select(account.c.code, sa.cast(account.c.code, sa.Text), sa.cast(account.c.label, sa.Text), sa.cast(ledger.c.code, sa.Integer), account.c.code.cast(sa.String)))',
    'op.execute(sa.select(sa.cast(account.c.code, sa.Text), ledger.c.code, account.c.code))',
    'op.execute(sa.select(account.c.code.label("code"), sa.cast(account.c.code, sa.Text)))',
    'op.execute(sa.select(sa.cast(account.c.code, sa.Text), account.c.id.label("code")))',
    'op.execute(sa.select(sa.cast(account.c.code, sa.Text), sa.func.max(account.c.code), sa.cast(sa.func.max(account.c.id), sa.Text), sa.cast(account.c.code + 1, sa.Text), sa.cast("5", sa.Integer)))',
    'op.execute(sa.select(sa.cast(sa.text("1"), sa.Text), sa.cast(sa.literal_column("abc"), sa.Text), sa.cast(sa.column("Mixed Case"), sa.Text), sa.cast(account.c.id, postgresql.JSONB)))',
    'op.execute(sa.select(sa.cast(sa.cast(account.c.code, sa.Text), sa.Integer), sa.type_coerce(sa.cast(account.c.id, sa.Text), sa.String)))',
    'op.execute(sa.select(sa.cast(account.c.code, sa.Text)).group_by(sa.cast(account.c.code, sa.Text)))',
    'op.execute(account.delete().where(account.c.id.in_(sa.select(sa.cast(ledger.c.note, sa.Integer)))))',
    'op.execute(account.delete().where(account.c.id.in_(sa.select(sa.cast(ledger.c.code, sa.Integer), sa.cast(ledger.c.note, sa.Integer)))))',
    'op.execute(account.delete().where(sa.exists(sa.select(sa.cast(ledger.c.code, sa.Text)).where(ledger.c.account_id == account.c.id))))',
    'op.execute(account.update().values(label=sa.select(sa.cast(ledger.c.code, sa.Text)).where(ledger.c.account_id == account.c.id).limit(1).scalar_subquery()))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT account\.id, CAST\(account\.balance AS TEXT\) AS balance /);
  assert.match(printed, /SELECT CAST\(account\.code AS TEXT\) AS code, account\.code AS code_1, account\.code AS code__1 /);
  assert.match(printed, /SELECT account\.code, CAST\(account\.code AS TEXT\) AS code__1, CAST\(account\.label AS TEXT\) AS label, CAST\(books\.ledger\.code AS INTEGER\) AS code__2, CAST\(account\.code AS VARCHAR\) AS code__3 /);
  assert.match(printed, /CAST\(max\(account\.id\) AS TEXT\) AS max_2, CAST\(account\.code \+ 1 AS TEXT\) AS anon_1, CAST\(5 AS INTEGER\) AS anon_2/);
});

test('type_coerce() after a same-named entry gets its dedupe label, as a cast does', async () => {
  const dir = project('select-names-coerce-', [
    'op.execute(sa.select(account.c.id, sa.type_coerce(account.c.id, sa.String)))',
    'op.execute(sa.select(sa.type_coerce(account.c.id, sa.String), sa.type_coerce(ledger.c.id, sa.String), sa.type_coerce(sa.literal_column("1"), sa.String)))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT account\.id, account\.id AS id__1 /);
});

test('unary minus, NOT of a Boolean, NULL and boolean constants in a select', async () => {
  const dir = project('select-names-unary-', [
    'op.execute(sa.select(-account.c.balance, -(account.c.balance + 1), -sa.func.max(account.c.balance), ~account.c.closed, sa.not_(account.c.closed)))',
    'op.execute(account.delete().where(account.c.id.in_(sa.select(-ledger.c.code))))',
    'op.execute(ledger.insert().from_select(["id", "note"], sa.select(account.c.id, sa.null())))',
    'op.execute(ledger.insert().from_select(["id", "note"], sa.select(account.c.id, sa.literal(None))))',
    'op.execute(sa.select(sa.true(), sa.false()))',
    'op.execute(account.delete().where(account.c.id.in_(sa.select(sa.true()))))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT true AS anon_1, false AS anon_2;/);
});

test('sa.exists() among the columns is labelled as any unnamed expression', async () => {
  const dir = project('select-names-exists-', [
    'op.execute(sa.select(account.c.id, sa.exists().where(ledger.c.account_id == account.c.id), sa.func.max(account.c.code), sa.exists().where(ledger.c.code > 1)))',
    'op.execute(ledger.insert().from_select(["id", "note"], sa.select(account.c.id, sa.select(ledger.c.id).where(ledger.c.account_id == account.c.id).exists())))',
    'op.execute(account.update().values(closed=sa.select(sa.exists().where(ledger.c.account_id == account.c.id)).scalar_subquery()))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT account\.id, EXISTS \(SELECT \* \nFROM books\.ledger \nWHERE books\.ledger\.account_id = account\.id\) AS anon_1, max\(account\.code\) AS max_1, EXISTS/);
});

test('columns of no table and literal_column() print bare and take no name from a table column', async () => {
  const dir = project('select-names-bare-', [
    'op.execute(sa.select(sa.column("code"), account.c.code, sa.column("code")))',
    'op.execute(sa.select(account.c.code, sa.literal_column("code"), ledger.c.code))',
    'op.execute(sa.select(sa.literal_column("code"), account.c.code))',
  ]);
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SELECT code, account\.code, code /);
});

for (const { body, reason } of [
  // The same cast given twice is one object (`x, x__1, x__1` for three) or several (`x__2`): the source decides.
  { body: 'op.execute(sa.select(sa.cast(account.c.code, sa.Text), sa.cast(account.c.code, sa.Text)))', reason: /the same unnamed expression twice/ },
  // A cast of a cast after a same-named entry is deduped by its table-qualified name (`account_code__1`).
  { body: 'op.execute(sa.select(account.c.code, sa.cast(sa.cast(account.c.code, sa.Text), sa.Integer)))', reason: /a cast of a cast or type_coerce\(\) named code after another entry of that name/ },
  // An operator beside a cast of the very same expression: one object or two.
  { body: 'op.execute(sa.select(account.c.code + 1, sa.cast(account.c.code + 1, sa.Text)))', reason: /the same unnamed expression twice/ },
  // NOT of a cast (SQLAlchemy's AsBoolean, named after the column) and ORDER BY modifiers.
  { body: 'op.execute(sa.select(~sa.cast(account.c.code, sa.Boolean)))', reason: /a NOT expression of a cast expression in a SELECT's columns clause/ },
  { body: 'op.execute(sa.select(account.c.code.desc()))', reason: /a DESC expression of a column in a SELECT's columns clause/ },
  // sa.null() is one object wherever it is written (a dedupe label the second time), sa.literal(None) a new one each time.
  { body: 'op.execute(sa.select(sa.null(), sa.literal(None)))', reason: /the same unnamed expression twice/ },
]) {
  test(`refused with the reason (Alembic prints it): ${body}`, async () => {
    const lens = await runLens(project('select-names-refused-', [body]), ['upgrade', 'head', '--sql']);
    assert.notEqual(lens.code, 0);
    assert.match(lens.stderr, reason);
  });
}
