/**
 * `target_metadata = get_meta()` where the project's function imports its model modules (so their
 * tables register) and returns a MetaData (mila-iqia/SARC's `sarc.db.get_meta()` returns
 * `SQLModel.metadata`): the convention is that of the returned expression, read in the function's
 * module. Found by held-out sweep GK: every unnamed key was refused as "not a declarative base the
 * engine can read". A function doing anything else stays refused. Compared with the real Alembic
 * 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineEnvPy, offlineProject, requireAlembic, runLens } from './sql-parity-helpers';

requireAlembic();
isolateCache();

function envPy(lines: string[]): string {
  return offlineEnvPy(lines, 'target_metadata=target_metadata, literal_binds=True');
}

const DB = [
  'from sqlalchemy import MetaData',
  'from sqlalchemy.orm import declarative_base',
  '',
  'Base = declarative_base(metadata=MetaData(naming_convention={"pk": "pk_%(table_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s"}))',
  '',
  '',
  'def get_meta():',
  '    """The MetaData with every table registered."""',
  '    from app import jobs  # noqa: F401',
  '    return Base.metadata',
  '',
].join('\n');

const MIGRATION = baseRevision({
  upgrade: [
    'op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))',
    'op.create_table("jobs", sa.Column("id", sa.Integer(), nullable=False), sa.Column("user_id", sa.Integer()),',
    '                sa.ForeignKeyConstraint(["user_id"], ["users.id"]), sa.PrimaryKeyConstraint("id"))',
  ],
});

function project(env: string, db = DB): string {
  return offlineProject(
    'metadata-from-function-',
    { 'app/__init__.py': '', 'app/jobs.py': 'JOBS = 1\n', 'app/db.py': db, 'migrations/versions/a1_jobs.py': MIGRATION },
    'prepend_sys_path = .\n',
    env,
  );
}

test('a project function that imports models and returns the MetaData gives its convention', async () => {
  const printed = await assertSameAsAlembic(project(envPy(['from app.db import get_meta', '', 'target_metadata = get_meta()'])), ['upgrade', 'head', '--sql']);
  assert.match(printed, /CONSTRAINT pk_jobs PRIMARY KEY \(id\)/);
  assert.match(printed, /CONSTRAINT fk_jobs_user_id FOREIGN KEY\(user_id\) REFERENCES users \(id\)/);
});

test('a function defined in env.py itself', async () => {
  const env = envPy(['from app.db import Base', '', '', 'def metadata():', '    return Base.metadata', '', '', 'target_metadata = metadata()']);
  const printed = await assertSameAsAlembic(project(env), ['upgrade', 'head', '--sql']);
  assert.match(printed, /CONSTRAINT pk_users PRIMARY KEY \(id\)/);
});

test('a function that does more than import and return stays refused', async () => {
  const db = DB.replace('    from app import jobs  # noqa: F401\n', '    Base.metadata.naming_convention = {}\n');
  const lens = await runLens(project(envPy(['from app.db import get_meta', '', 'target_metadata = get_meta()']), db), ['upgrade', 'head', '--sql']);
  assert.notEqual(lens.code, 0);
  assert.match(lens.stderr, /does more than import modules and return its MetaData/);
});
