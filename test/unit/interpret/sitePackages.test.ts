/**
 * Constants of third-party packages installed in the project's virtualenv (`.venv`, `venv` or
 * `env` at the repository root, `lib/python3.X/site-packages` or `Lib/site-packages`), read by
 * path and never imported: only plain constants are taken, a library's functions, classes and
 * models stay opaque. Checked against Alembic 1.20 on openstack/neutron with neutron-lib
 * (docs/coverage.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { interpretMigration } from '../../../server/src/engine/interpret/index';
import { MigrationCompiler } from '../../../server/src/engine/offline/migrationCompiler';
import { DEFAULT_ENGINE_PARTS } from '../../../server/src/engine/offline/defaultEngine';
import { renderOperation } from '../../../server/src/engine/render';
import type { Step } from '../../../server/src/engine/ops';
import { temporaryFolder } from '../../support/temporaryFolders';

const LIBRARY = {
  'extlib/__init__.py': 'import gettext\nfrom extlib.db import api  # noqa\n',
  'extlib/db/__init__.py': '',
  'extlib/db/constants.py': 'NAME_FIELD_SIZE = 255\nUUID_FIELD_SIZE = 36\nOWNER = "network:" + "router"\n',
  'extlib/db/helpers.py':
    'import sqlalchemy as sa\nfrom alembic import op\n\n\ndef add_name(table):\n    op.add_column(table, sa.Column("name", sa.String(10)))\n\n\nclass Wide(sa.types.TypeDecorator):\n    impl = sa.Text\n    cache_ok = True\n',
  'extlib/db/model_base.py': 'import sqlalchemy as sa\nmetadata = sa.MetaData(naming_convention={"ix": "lib_%(column_0_name)s"})\n',
};

function project(venv: string | undefined, sitePackages = 'lib/python3.11/site-packages'): string {
  const root = temporaryFolder('lens-site-');
  fs.mkdirSync(path.join(root, '.git'));
  fs.mkdirSync(path.join(root, 'migrations', 'versions'), { recursive: true });
  if (venv) {
    for (const [name, text] of Object.entries(LIBRARY)) {
      const file = path.join(root, venv, sitePackages, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  return path.join(root, 'migrations', 'versions', 'm.py');
}

function rendered(steps: Step[]): string[] {
  return steps.map((step) => {
    if (step.kind === 'opaque') return `OPAQUE: ${step.reason}`;
    if (step.kind !== 'operation') return step.kind;
    return renderOperation(step.operation, { file: 'm.py', paramstyle: 'named' }).statements.join('; ');
  });
}

const CONSTANTS = `from alembic import op
import sqlalchemy as sa
from extlib.db import constants as db_const
from extlib.db.constants import OWNER


def upgrade():
    op.add_column('ports', sa.Column('name', sa.String(length=db_const.NAME_FIELD_SIZE)))
    op.add_column('ports', sa.Column('device_id', sa.String(db_const.UUID_FIELD_SIZE)))
    op.execute("UPDATE ports SET owner = '%s'" % OWNER)
`;

test('plain constants of a package in .venv, venv, env or a Windows virtualenv are read', () => {
  const expected = ['ALTER TABLE ports ADD COLUMN name VARCHAR(255)', 'ALTER TABLE ports ADD COLUMN device_id VARCHAR(36)', "UPDATE ports SET owner = 'network:router'"];
  for (const [venv, site] of [['.venv', undefined], ['venv', undefined], ['env', 'lib/python3/site-packages'], ['.venv', 'Lib/site-packages']] as const) {
    const file = project(venv, site);
    const result = interpretMigration(file, CONSTANTS);
    assert.deepEqual(rendered(result.upgrade!.steps), expected, `${venv}/${site ?? 'lib/python3.11/site-packages'}`);
    assert.ok((result.dependencies ?? []).some((dependency) => dependency.path.endsWith(path.join('extlib', 'db', 'constants.py'))), 'the constants module is a dependency');
  }
});

test('without the package installed the constants stay unknown', () => {
  const steps = rendered(interpretMigration(project(undefined), CONSTANTS).upgrade!.steps);
  assert.match(steps[0], /^OPAQUE: .*length= of String\(\) is not a literal/);
});

test("a library's functions, classes and metadata are not run or read from its source", () => {
  const source = `from alembic import op
import sqlalchemy as sa
from extlib.db import helpers


def upgrade():
    helpers.add_name('ports')
    op.add_column('ports', sa.Column('note', helpers.Wide()))
`;
  const steps = rendered(interpretMigration(project('.venv'), source).upgrade!.steps);
  assert.equal(steps.length, 2);
  assert.match(steps[0], /^OPAQUE: calls into application code: helpers\.add_name/);
  assert.match(steps[1], /^OPAQUE: /);
});

test("a target_metadata from a virtualenv's package leaves its naming convention unknown", () => {
  const file = project('.venv');
  fs.writeFileSync(path.join(path.dirname(path.dirname(file)), 'env.py'), 'from alembic import context\nfrom extlib.db import model_base\ncontext.configure(url="x", target_metadata=model_base.metadata)\n');
  const steps = rendered(interpretMigration(file, 'from alembic import op\n\n\ndef upgrade():\n    op.create_index(None, "t", ["a"])\n').upgrade!.steps);
  assert.match(steps[0], /^OPAQUE: .*target_metadata \(model_base\.metadata\) comes from a third-party package/);
});

test('a migration compiled before the package was installed is compiled again once it is', () => {
  const file = project(undefined);
  fs.writeFileSync(file, CONSTANTS);
  const compiler = new MigrationCompiler(DEFAULT_ENGINE_PARTS, null);
  const before = compiler.compile(file);
  assert.equal(before.upgrade[0].kind, 'opaque');
  // Installing creates the virtualenv and the package in it.
  const root = path.dirname(path.dirname(path.dirname(file)));
  for (const [name, text] of Object.entries(LIBRARY)) {
    const target = path.join(root, '.venv', 'lib', 'python3.11', 'site-packages', name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  fs.writeFileSync(path.join(root, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  const after = compiler.compile(file);
  assert.deepEqual(after.upgrade[0], { kind: 'sql', sql: 'ALTER TABLE ports ADD COLUMN name VARCHAR(255)' });
  // Installed into an existing virtualenv later: the package's own files are what is watched.
  const other = project(undefined);
  const otherRoot = path.dirname(path.dirname(path.dirname(other)));
  fs.mkdirSync(path.join(otherRoot, '.venv', 'lib', 'python3.11', 'site-packages'), { recursive: true });
  fs.writeFileSync(other, CONSTANTS);
  // A compiler of its own: compiled forms are keyed by the migration's text, the same as above.
  const second = new MigrationCompiler(DEFAULT_ENGINE_PARTS, null);
  assert.equal(second.compile(other).upgrade[0].kind, 'opaque');
  for (const [name, text] of Object.entries(LIBRARY)) {
    const target = path.join(otherRoot, '.venv', 'lib', 'python3.11', 'site-packages', name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  assert.deepEqual(second.compile(other).upgrade[0], { kind: 'sql', sql: 'ALTER TABLE ports ADD COLUMN name VARCHAR(255)' });
});
