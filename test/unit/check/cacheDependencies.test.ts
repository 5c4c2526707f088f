/**
 * `check` keeps body problems and lint readings by each migration's content; what they also rest
 * on (env.py, the module its target_metadata comes from, a module that was missing) is recorded
 * beside them, and a change there makes every kept result untrusted. Before, creating the module
 * env.py imports, or fixing env.py, left `check` repeating the old opaque step until the cache was
 * emptied (`upgrade --sql`, whose cache checked its dependencies, had it right). Run through the
 * built CLI (dist/cli.js), one process per run, as a user runs it twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporaryFolder } from '../../support/temporaryFolders';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

const MIGRATION = '"""a\n\nRevision ID: a1\nRevises:\nCreate Date: 2025-01-01 00:00:00.000000\n\n"""\nimport sqlalchemy as sa\nfrom alembic import op\n\nrevision = "a1"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("t", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))\n\n\ndef downgrade():\n    op.drop_table("t")\n';

function opaqueSteps(root: string, cache: string): number {
  const run = spawnSync(process.execPath, [cli, 'check', '--select', 'ALL', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ALEMBIC_LENS_CACHE_DIR: cache, ALEMBIC_LENS_CACHE: '' } });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return (JSON.parse(run.stdout).problems as { code: string }[]).filter((problem) => problem.code === 'opaque-step').length;
}

test('a module created where env.py imports target_metadata, or env.py edited, is seen by the next check', () => {
  assert.ok(fs.existsSync(cli), `${cli} is missing: build first (npm run build)`);
  const root = temporaryFolder('lens-check-deps-');
  const cache = temporaryFolder('lens-check-deps-cache-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'app', 'mig', 'versions'), { recursive: true });
  fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = app/mig\n');
  fs.writeFileSync(path.join(root, 'app', 'mig', 'env.py'), 'from alembic import context\nfrom app.meta import meta\ncontext.configure(target_metadata=meta)\n');
  fs.writeFileSync(path.join(root, 'app', 'mig', 'versions', 'a1.py'), MIGRATION);
  // The convention's module is missing: the unnamed primary key's name is unknown.
  assert.equal(opaqueSteps(root, cache), 1);
  assert.equal(opaqueSteps(root, cache), 1);
  fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
  fs.writeFileSync(path.join(root, 'app', 'meta.py'), 'import sqlalchemy as sa\nmeta = sa.MetaData(naming_convention={"pk": "pk_%(table_name)s"})\n');
  assert.equal(opaqueSteps(root, cache), 0);
  // env.py now imports a name the module lacks: unknown again.
  fs.writeFileSync(path.join(root, 'app', 'mig', 'env.py'), 'from alembic import context\nfrom app.meta import missing as meta\ncontext.configure(target_metadata=meta)\n');
  assert.equal(opaqueSteps(root, cache), 1);
});

test("Flask-Migrate: a file with Migrate(app, db) added after a first check is seen by the next one (the search is a dependency)", () => {
  const root = temporaryFolder('lens-check-flask-');
  const cache = temporaryFolder('lens-check-flask-cache-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'migrations', 'alembic.ini'), '[alembic]\nscript_location = .\n');
  fs.writeFileSync(
    path.join(root, 'migrations', 'env.py'),
    "from alembic import context\nfrom flask import current_app\ntarget_metadata = current_app.extensions['migrate'].db.metadata\ncontext.configure(target_metadata=target_metadata)\n",
  );
  fs.writeFileSync(path.join(root, 'app', '__init__.py'), 'from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n\ndef create_app():\n    app = Flask(__name__)\n    db.init_app(app)\n    return app\n');
  fs.writeFileSync(path.join(root, 'migrations', 'versions', 'a1.py'), MIGRATION);
  // No Migrate(app, db) anywhere: the db, and so the unnamed key's name, is unknown.
  assert.equal(opaqueSteps(root, cache), 1);
  assert.equal(opaqueSteps(root, cache), 1);
  fs.writeFileSync(path.join(root, 'manage.py'), 'from flask_migrate import Migrate\nfrom app import create_app, db\napp = create_app()\nmigrate = Migrate(app, db)\n');
  assert.equal(opaqueSteps(root, cache), 0);
});
