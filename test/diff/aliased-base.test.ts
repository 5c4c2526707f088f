/**
 * env.py's target_metadata reached through another name for the declarative base (AntaREST:
 * `from app.core.persistence import Base as PersistenceBase` then `Base = PersistenceBase` in the
 * models module env.py imports): the naming convention of that base's MetaData names the
 * constraints, as the real Alembic 1.20 does. Also a base aliased inside its own module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const MIGRATION = '"""r1\n\nRevision ID: r1\nRevises:\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "r1"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table("things", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("code", sa.String(10)), sa.UniqueConstraint("code"))\n    op.create_unique_constraint(None, "things", ["id", "code"])\n\n\ndef downgrade():\n    op.drop_table("things")\n';

for (const [label, models] of [
  ['imported under another name', 'from app.core.persistence import Base as PersistenceBase\n\nBase = PersistenceBase\n'],
  ['defined in the models module', 'from sqlalchemy import MetaData\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass _Base(DeclarativeBase):\n    metadata = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s", "pk": "pk_%(table_name)s"})\n\n\nBase = _Base\n'],
]) {
  test(`target_metadata of a declarative base ${label}: constraints named by its convention, as Alembic names them`, async () => {
    const dir = temporaryFolder('aliased-base-');
    writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\nprepend_sys_path = .\n');
    writeFile(path.join(dir, 'app', '__init__.py'), '');
    writeFile(path.join(dir, 'app', 'core', '__init__.py'), '');
    writeFile(path.join(dir, 'app', 'core', 'persistence.py'), 'from sqlalchemy import MetaData\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    metadata = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s", "pk": "pk_%(table_name)s"})\n');
    writeFile(path.join(dir, 'app', 'dbmodel.py'), models);
    writeFile(path.join(dir, 'migrations', 'env.py'), 'from alembic import context\nfrom app.dbmodel import Base\n\ntarget_metadata = Base.metadata\ncontext.configure(url="postgresql://u@h/d", target_metadata=target_metadata, literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n');
    writeFile(path.join(dir, 'migrations', 'versions', 'r1.py'), MIGRATION);
    assert.match(await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']), /uq_things_id_code/);
  });
}
