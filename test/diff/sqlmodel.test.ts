/**
 * SQLModel parity: a project in the shape of SQLModel's FastAPI template (env.py passes
 * `SQLModel.metadata`; migrations use SQLModel's AutoString and UTCDateTime and leave primary,
 * foreign and unique keys unnamed), run by the real Alembic 1.20 with SQLModel 0.0.47 installed
 * (test/setup/sqlmodel-venv.sh) and by our CLI. The naming convention SQLModel.metadata has when
 * Alembic reads it depends on the modules env.py loads; each variant below changes where (or
 * whether) it is set, and the offline SQL must be Alembic's in each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolateCache, normalizeOffline, runLens } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

const SQLMODEL_PYTHON = process.env.SQLMODEL_PYTHON || path.join(__dirname, '..', '..', '.cache', 'venv-sqlmodel', 'bin', 'python');
if (!fs.existsSync(SQLMODEL_PYTHON)) {
  throw new Error(
    `The SQLModel parity test needs Alembic 1.20 with SQLModel 0.0.47: ${SQLMODEL_PYTHON} does not exist. ` +
      'Run test/setup/sqlmodel-venv.sh <folder> and set SQLMODEL_PYTHON to <folder>/bin/python (npm test does both).',
  );
}
isolateCache();

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'sqlmodel');
const COMMANDS = [['upgrade', 'heads', '--sql'], ['downgrade', '8f3a7b6c2d10:base', '--sql']];
const NAMING = '{"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}';
const MODELS = fs.readFileSync(path.join(FIXTURE, 'app', 'models.py'), 'utf8');

/** The fixture copied, with `files` (relative paths) written over it. */
function project(files: Record<string, string>): string {
  const root = temporaryFolder('lens-sqlmodel-');
  fs.cpSync(FIXTURE, root, { recursive: true });
  // The repository root: module lookups stop here as they would in a real checkout.
  fs.mkdirSync(path.join(root, '.git'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

function runAlembic(cwd: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(SQLMODEL_PYTHON, ['-m', 'alembic', '-c', 'alembic.ini', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const VARIANTS: { name: string; files: Record<string, string>; expect: RegExp }[] = [
  { name: 'no module changes the convention (the template as generated)', files: {}, expect: /ADD FOREIGN KEY\(team_id\)/ },
  {
    name: 'models.py sets SQLModel.metadata.naming_convention at its top level',
    files: { 'app/models.py': `${MODELS}\nNAMING_CONVENTION = ${NAMING}\nSQLModel.metadata.naming_convention = NAMING_CONVENTION\n` },
    expect: /ADD CONSTRAINT fk_hero_team_id_team FOREIGN KEY\(team_id\)/,
  },
  {
    name: "the package's __init__.py sets it (Python runs it before app.models)",
    files: { 'app/__init__.py': `from sqlmodel import SQLModel\n\nSQLModel.metadata.naming_convention = ${NAMING}\n` },
    expect: /CONSTRAINT pk_team PRIMARY KEY \(id\)/,
  },
  {
    name: 'a module env.py never loads sets it (it never runs)',
    files: { 'app/unused.py': `from sqlmodel import SQLModel\n\nSQLModel.metadata.naming_convention = ${NAMING}\n` },
    expect: /ADD UNIQUE \(alias, team_id\)/,
  },
  {
    name: "env.py passes a table class's metadata (a SQLModel subclass shares SQLModel.metadata), set in a module models.py imports",
    files: {
      'migrations/env.py': fs.readFileSync(path.join(FIXTURE, 'migrations', 'env.py'), 'utf8').replace('from app.models import SQLModel  # noqa: F401 (registers the tables)', 'from app.models import Team').replace('target_metadata = SQLModel.metadata', 'target_metadata = Team.metadata'),
      'app/models.py': `from app import conventions  # noqa: F401\n${MODELS}`,
      'app/conventions.py': `import sqlmodel\n\nsqlmodel.SQLModel.metadata.naming_convention = ${NAMING}\n`,
    },
    expect: /ADD CONSTRAINT uq_hero_alias_team_id UNIQUE \(alias, team_id\)/,
  },
];

for (const variant of VARIANTS) {
  for (const args of COMMANDS) {
    test(`SQLModel, ${variant.name}: ${args.join(' ')} prints what alembic prints`, async () => {
      const cwd = project(variant.files);
      const expected = runAlembic(cwd, args);
      assert.equal(expected.code, 0, `alembic failed: ${expected.stderr}`);
      const actual = await runLens(cwd, args);
      assert.equal(actual.code, 0, `we failed where alembic succeeded: ${actual.stderr}`);
      assert.deepEqual(normalizeOffline(actual.stdout), normalizeOffline(expected.stdout));
      if (args[0] === 'upgrade') assert.match(actual.stdout, variant.expect);
    });
  }
}
