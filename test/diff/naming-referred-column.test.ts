/**
 * A naming convention whose "fk" template reads the referred column (`%(referred_column_0N_name)s`,
 * `%(referred_column_0_name)s`): SQLAlchemy resolves the foreign key's column for it, and the
 * MetaData Alembic builds for create_table or add_column holds only that operation's table, so a
 * column's `sa.ForeignKey("other.id")` raises NoReferencedTableError and Alembic fails (held-out
 * sweep BR: Lens printed a name). A self-reference, an explicit name and op.create_foreign_key
 * (whose MetaData holds both tables) print in both tools.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, requireAlembic, runAlembic, runLens, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const ENV_PY = `from alembic import context
from sqlalchemy import MetaData

target_metadata = MetaData(naming_convention={"fk": "%(table_name)s_%(column_0N_name)s_%(referred_table_name)s_%(referred_column_0N_name)s_fkey"})
context.configure(url="postgresql://u@h/d", literal_binds=True, target_metadata=target_metadata)
with context.begin_transaction():
    context.run_migrations()
`;

function project(body: string): string {
  const dir = temporaryFolder('naming-referred-column-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), ENV_PY);
  writeFile(
    path.join(dir, 'migrations', 'versions', 'a1_fk.py'),
    `"""fk\n\nRevision ID: a1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    ${body}\n\n\ndef downgrade():\n    pass\n`,
  );
  return dir;
}

test('a referred-column token with a column-level foreign key to another table fails as in Alembic', async () => {
  for (const body of [
    'op.create_table("acct", sa.Column("id", sa.Integer, primary_key=True), sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id")))',
    'op.add_column("acct", sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id")))',
    'op.add_column("acct", sa.Column("parent_id", sa.Integer, sa.ForeignKey("other.acct.id")))',
  ]) {
    const dir = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(expected.code, 0, body);
    assert.match(expected.stderr, /NoReferencedTableError/, body);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.notEqual(actual.code, 0, `${body}: ${actual.stdout}`);
    assert.match(actual.stderr, /NoReferencedTableError/, body);
    assert.doesNotMatch(actual.stdout, /FOREIGN KEY/);
  }
});

test('a self-reference, an explicit name and op.create_foreign_key are named as Alembic names them', async () => {
  for (const body of [
    'op.create_table("acct", sa.Column("id", sa.Integer, primary_key=True), sa.Column("parent_id", sa.Integer, sa.ForeignKey("acct.id")))',
    'op.add_column("acct", sa.Column("parent_id", sa.Integer, sa.ForeignKey("parent.id", name="fk_parent")))',
    'op.create_foreign_key(None, "acct", "parent", ["parent_id"], ["id"])',
  ]) {
    const dir = project(body);
    const expected = runAlembic(dir, ['upgrade', 'head', '--sql']);
    assert.equal(expected.code, 0, `${body}: ${expected.stderr}`);
    assert.match(expected.stdout, /FOREIGN KEY/);
    const actual = await runLens(dir, ['upgrade', 'head', '--sql']);
    assert.equal(actual.code, 0, `${body}: ${actual.stderr}`);
    assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout), body);
  }
});
