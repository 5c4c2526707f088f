/**
 * `globals()` in a migration: Alembic's multidb template writes `def upgrade(engine_name):
 * globals()["upgrade_%s" % engine_name]()`, and fedspending's data-act-broker (353 revisions, held
 * out sweep BA) keeps that shape with one database; Lens read `globals` as an undefined name and
 * understood none of them. With env.py passing the engine's name, the dispatch is followed and
 * the SQL is Alembic's; a missing function (Python's KeyError) is refused, and a module that
 * writes into `globals()` stays unknown. Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, isolateCache, offlineProject, requireAlembic, runAlembic, runLens } from './sql-parity-helpers';
import { migrationHeader } from '../support/migrationText';

requireAlembic();
isolateCache();

const ENV_PY = 'from alembic import context\n\ncontext.configure(url="postgresql://u@h/d", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations(engine_name="broker")\n';

const dispatch = `def upgrade(engine_name: str) -> None:
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    globals()["downgrade_%s" % engine_name]()
`;

test("the multidb template's globals() dispatch runs the engine's functions, as Alembic does", async () => {
  const dir = offlineProject('globals-dispatch-', {
    'migrations/versions/a1_awards.py': `${migrationHeader('a1', undefined)}
${dispatch}

def upgrade_broker() -> None:
    op.create_table("awards", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("piid", sa.Text()))
    op.create_index("ix_awards_piid", "awards", ["piid"])


def downgrade_broker() -> None:
    op.drop_index("ix_awards_piid", table_name="awards")
    op.drop_table("awards")


def upgrade_other() -> None:
    op.execute("SELECT 'not this one'")


def downgrade_other() -> None:
    pass
`,
    'migrations/versions/b2_notes.py': `${migrationHeader('b2', 'a1')}
${dispatch}

def upgrade_broker():
    op.add_column("awards", sa.Column("note", sa.Text()))


def downgrade_broker():
    op.drop_column("awards", "note")
`,
  }, '', ENV_PY);
  const sql = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(sql, /CREATE INDEX ix_awards_piid ON awards \(piid\)/);
  assert.doesNotMatch(sql, /not this one/);
  await assertSameAsAlembic(dir, ['downgrade', 'head:base', '--sql']);
});

test('a dispatch to a function the module lacks fails Alembic (KeyError) and is refused by Lens; a module writing into globals() stays unknown', async () => {
  const missing = offlineProject('globals-dispatch-missing-', {
    'migrations/versions/a1_x.py': `${migrationHeader('a1', undefined)}
${dispatch}

def upgrade_other():
    pass
`,
  }, '', ENV_PY);
  const alembic = runAlembic(missing, ['upgrade', 'head', '--sql']);
  assert.notEqual(alembic.code, 0);
  assert.match(alembic.stderr, /KeyError: 'upgrade_broker'/);
  const lens = await runLens(missing, ['upgrade', 'head', '--sql']);
  // Lens refuses rather than calls it KeyError: a name bound out of its sight (a star import) may be there.
  assert.equal(lens.code, 1);
  assert.match(lens.stderr, /key not found: globals\(\)\["upgrade_%s" % engine_name\]/);

  const written = offlineProject('globals-dispatch-written-', {
    'migrations/versions/a1_x.py': `${migrationHeader('a1', undefined)}
${dispatch}

for _name in ("broker",):
    globals()["upgrade_" + _name] = lambda: op.execute("SELECT 1")
    globals()["downgrade_" + _name] = lambda: None
`,
  }, '', ENV_PY);
  assert.equal(runAlembic(written, ['upgrade', 'head', '--sql']).code, 0);
  const unknown = await runLens(written, ['upgrade', 'head', '--sql']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /globals\(\) of a module that writes names into it/);
});
