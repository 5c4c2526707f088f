// SQLAlchemy's checkfirst on an enum's own create()/drop() (`postgresql.ENUM(...).create(bind)`
// checks by default, `sa.Enum(...).drop(bind, checkfirst=True)` when told): a live run asks the
// catalog first and skips the DDL that would fail. Lens refused every such step online (held-out
// sweep BO: lang-agent-docs-based's downgrade drops two enum types its upgrade made as
// native_enum=False). Run live on PostgreSQL by the real Alembic 1.20 and by Lens from the same
// history: the same exit codes, schema and version rows, up and down, with the types present and
// absent, in the default schema and a named one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic, dump, freshDatabase, lens, projectWithVersions, psql, requireAlembic, rows } from './onlineHelpers';
import { migrationHeader } from '../support/migrationText';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n';

const VERSIONS = {
  'e1_types.py': `${migrationHeader('e1', undefined, IMPORTS)}
def upgrade():
    op.execute("CREATE SCHEMA app")
    op.create_table("items", sa.Column("id", sa.Integer, primary_key=True), sa.Column("mood", sa.Enum("happy", "sad", name="mood")))
    # A non-native enum makes no type: the drop in downgrade() must find none and do nothing.
    op.add_column("items", sa.Column("kind", sa.Enum("a", "b", name="kind", native_enum=False)))


def downgrade():
    op.drop_table("items")
    sa.Enum(name="kind").drop(op.get_bind(), checkfirst=True)
    postgresql.ENUM(name="mood").drop(op.get_bind())
    op.execute("DROP SCHEMA app")
`,
  'e2_checkfirst.py': `${migrationHeader('e2', 'e1', IMPORTS)}
def upgrade():
    # mood exists already: postgresql.ENUM checks first by default and creates nothing.
    postgresql.ENUM("happy", "sad", name="mood").create(op.get_bind())
    # colour does not: created, then created again with checkfirst (skipped).
    sa.Enum("red", "green", name="colour").create(op.get_bind(), checkfirst=True)
    sa.Enum("red", "green", name="colour").create(op.get_bind(), checkfirst=True)
    postgresql.ENUM("x", "y", name="axis", schema="app").create(op.get_bind())
    postgresql.ENUM("x", "y", name="axis", schema="app").create(op.get_bind(), checkfirst=True)
    # Not in the catalog: nothing to drop.
    sa.Enum(name="never_made").drop(op.get_bind(), checkfirst=True)


def downgrade():
    postgresql.ENUM(name="axis", schema="app").drop(op.get_bind())
    postgresql.ENUM(name="axis", schema="app").drop(op.get_bind())
    sa.Enum(name="colour").drop(op.get_bind(), checkfirst=True)
`,
};

test('an enum create()/drop() with checkfirst runs live as SQLAlchemy runs it: asked of the catalog first', async () => {
  requireAlembic();
  const ini = projectWithVersions('online-enum-checkfirst-', VERSIONS);
  const byAlembic = freshDatabase();
  const byLens = freshDatabase();
  const types = (database: string) => psql(database, "SELECT n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' ORDER BY 1");
  for (const [args, expectedTypes] of [
    [['upgrade', 'head'], 'app.axis\npublic.colour\npublic.mood'],
    [['downgrade', 'e1'], 'public.mood'],
    [['downgrade', 'base'], ''],
    [['upgrade', 'head'], 'app.axis\npublic.colour\npublic.mood'],
  ] as const) {
    const byReference = alembic(ini, byAlembic, [...args]);
    assert.equal(byReference.status, 0, byReference.stderr);
    const ours = await lens(ini, byLens, [...args]);
    assert.equal(ours.status, 0, `${args.join(' ')}: ${ours.stderr}`);
    assert.equal(types(byLens).trim(), expectedTypes, args.join(' '));
    assert.equal(types(byLens), types(byAlembic), args.join(' '));
    assert.equal(dump(byLens), dump(byAlembic), args.join(' '));
    assert.deepEqual(rows(byLens), rows(byAlembic));
  }
});
