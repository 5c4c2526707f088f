/**
 * env.py's `from repository import Base` where the package's `__init__.py` only re-exports its
 * modules with `from .models import *` (j3rrryy/2gis_hack): the declarative base, and the naming
 * convention of its MetaData, come from `repository/models.py`. Found by held-out sweep GK: the
 * unnamed primary key was refused as "not a MetaData the engine can find in __init__.py".
 * Compared with the real Alembic 1.20.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineEnvPy, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

const ENV_PY = offlineEnvPy(['from repository import Base'], 'target_metadata=Base.metadata, literal_binds=True');

const MODELS = [
  'from sqlalchemy import MetaData',
  'from sqlalchemy.orm import declarative_base',
  '',
  'Base = declarative_base(metadata=MetaData(naming_convention={"pk": "pk_%(table_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s"}))',
  '',
].join('\n');

const MIGRATION = baseRevision({
  upgrade: [
    'op.create_table("areas", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))',
    'op.create_table("calculations", sa.Column("id", sa.Integer(), nullable=False), sa.Column("area_id", sa.Integer()),',
    '                sa.ForeignKeyConstraint(["area_id"], ["areas.id"]), sa.PrimaryKeyConstraint("id"))',
  ],
  downgrade: ['op.drop_table("calculations")', 'op.drop_table("areas")'],
});

test('a base re-exported by a package __init__.py through a relative star import gives its convention', async () => {
  const dir = offlineProject(
    'star-imported-base-',
    {
      'repository/__init__.py': 'from .calculations import *  # noqa: F403\nfrom .models import *  # noqa: F403\n',
      'repository/calculations.py': 'LIMIT = 10\n',
      'repository/models.py': MODELS,
      'migrations/versions/a1_calculations.py': MIGRATION,
    },
    'prepend_sys_path = .\n',
    ENV_PY,
  );
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /CONSTRAINT pk_calculations PRIMARY KEY \(id\)/);
  assert.match(printed, /CONSTRAINT fk_calculations_area_id FOREIGN KEY\(area_id\) REFERENCES areas \(id\)/);
});
