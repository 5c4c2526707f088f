/**
 * Column types of third-party packages the engine knows by name
 * (engine/interpret/sqlalchemy/libraryTypes.ts), against the real Alembic 1.20: pgvector's
 * (`Vector(1536)`, `pgvector.sqlalchemy.vector.VECTOR(dim=...)` as autogenerate writes it,
 * HALFVEC, SPARSEVEC, BIT) with the HNSW / IVFFlat indexes made on them; fastapi-users'
 * `GUID` and `TIMESTAMPAware`; sqlalchemy-citext's `CIText`; sqlalchemy-utc's `UtcDateTime`.
 * None of these packages is installable here, so Alembic runs with stand-in packages on
 * PYTHONPATH that print the DDL each package's type prints on PostgreSQL (a user-defined type's
 * `get_col_spec`, a TypeDecorator's PostgreSQL impl). The engine does not read the stand-ins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertSameAsAlembic, isolateCache, OFFLINE_ENV_PY, requireAlembic, writeFile } from './sql-parity-helpers';
import { temporaryFolder } from '../support/temporaryFolders';

requireAlembic();
isolateCache();

const STAND_IN: Record<string, string> = {
  'pgvector/__init__.py': '',
  'pgvector/sqlalchemy/__init__.py': [
    '"""Stand-in for pgvector.sqlalchemy: only the DDL of its types."""',
    'from sqlalchemy.types import UserDefinedType',
    'from .vector import VECTOR',
    '',
    '',
    'class _Sized(UserDefinedType):',
    '    cache_ok = True',
    '    spec = ""',
    '',
    '    def __init__(self, dim=None):',
    '        super().__init__()',
    '        self.dim = dim',
    '',
    '    def get_col_spec(self, **kw):',
    '        return self.spec if self.dim is None else "%s(%d)" % (self.spec, self.dim)',
    '',
    '',
    'class HALFVEC(_Sized):',
    '    spec = "HALFVEC"',
    '',
    '',
    'class SPARSEVEC(_Sized):',
    '    spec = "SPARSEVEC"',
    '',
    '',
    'class BIT(UserDefinedType):',
    '    cache_ok = True',
    '',
    '    def __init__(self, length=None):',
    '        super().__init__()',
    '        self.length = length',
    '',
    '    def get_col_spec(self, **kw):',
    '        return "BIT" if self.length is None else "BIT(%d)" % self.length',
    '',
    '',
    'Vector = VECTOR',
    'Bit = BIT',
    '',
  ].join('\n'),
  'fastapi_users_db_sqlalchemy/__init__.py': '',
  'fastapi_users_db_sqlalchemy/generics.py': [
    '"""Stand-in for fastapi_users_db_sqlalchemy.generics: only the DDL of its types."""',
    'from sqlalchemy import CHAR, TIMESTAMP, TypeDecorator',
    'from sqlalchemy.dialects.postgresql import UUID',
    '',
    '',
    'class GUID(TypeDecorator):',
    '    impl = CHAR',
    '    cache_ok = True',
    '',
    '    def load_dialect_impl(self, dialect):',
    '        return dialect.type_descriptor(UUID() if dialect.name == "postgresql" else CHAR(36))',
    '',
    '',
    'class TIMESTAMPAware(TypeDecorator):',
    '    impl = TIMESTAMP',
    '    cache_ok = True',
    '',
  ].join('\n'),
  'citext/__init__.py': [
    '"""Stand-in for sqlalchemy-citext: only the DDL of its type."""',
    'from sqlalchemy.types import UserDefinedType',
    '',
    '',
    'class CIText(UserDefinedType):',
    '    cache_ok = True',
    '',
    '    def get_col_spec(self):',
    '        return "CITEXT"',
    '',
  ].join('\n'),
  'sqlalchemy_utc/__init__.py': 'from .sqltypes import UtcDateTime\n',
  'sqlalchemy_utc/sqltypes.py': [
    '"""Stand-in for sqlalchemy_utc.sqltypes: only the DDL of its type."""',
    'from sqlalchemy.types import DateTime, TypeDecorator',
    '',
    '',
    'class UtcDateTime(TypeDecorator):',
    '    impl = DateTime(timezone=True)',
    '    cache_ok = True',
    '',
  ].join('\n'),
  'pgvector/sqlalchemy/vector.py': [
    'from sqlalchemy.types import UserDefinedType',
    '',
    '',
    'class VECTOR(UserDefinedType):',
    '    cache_ok = True',
    '',
    '    def __init__(self, dim=None):',
    '        super().__init__()',
    '        self.dim = dim',
    '',
    '    def get_col_spec(self, **kw):',
    '        return "VECTOR" if self.dim is None else "VECTOR(%d)" % self.dim',
    '',
  ].join('\n'),
};

const MIGRATION = `"""embeddings

Revision ID: a1
Revises:
Create Date: 2025-01-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa
import pgvector
from pgvector.sqlalchemy import BIT, HALFVEC, SPARSEVEC, Vector
import citext
import fastapi_users_db_sqlalchemy
from fastapi_users_db_sqlalchemy.generics import GUID, TIMESTAMPAware
import sqlalchemy_utc
from sqlalchemy_utc import UtcDateTime

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "chunks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("embedding", Vector(1536), nullable=False),
        sa.Column("small", pgvector.sqlalchemy.vector.VECTOR(dim=3), nullable=True),
        sa.Column("half", HALFVEC(dim=768)),
        sa.Column("sparse", SPARSEVEC(10000)),
        sa.Column("bits", BIT(64)),
        sa.Column("any_size", Vector()),
    )
    op.add_column("chunks", sa.Column("summary_embedding", Vector(dim=384), nullable=True))
    op.create_index(
        "ix_chunks_embedding_hnsw",
        "chunks",
        ["embedding"],
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_index("ix_chunks_small_ivf", "chunks", ["small"], postgresql_using="ivfflat", postgresql_with={"lists": 100}, postgresql_ops={"small": "vector_l2_ops"})
    op.alter_column("chunks", "summary_embedding", type_=Vector(1024), existing_type=Vector(384), postgresql_using="summary_embedding::vector(1024)")
    op.create_table(
        "users",
        sa.Column("id", fastapi_users_db_sqlalchemy.generics.GUID(), nullable=False),
        sa.Column("email", citext.CIText(), nullable=False),
        sa.Column("created", fastapi_users_db_sqlalchemy.generics.TIMESTAMPAware(timezone=True), nullable=False),
        sa.Column("seen", TIMESTAMPAware()),
        sa.Column("updated", UtcDateTime(), nullable=True),
        sa.Column("deleted", sqlalchemy_utc.UtcDateTime(timezone=False), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.add_column("chunks", sa.Column("owner_id", GUID(), sa.ForeignKey("users.id"), nullable=True))
    op.alter_column("users", "email", type_=sa.String(320), existing_type=citext.CIText())


def downgrade():
    op.alter_column("users", "email", type_=citext.CIText(), existing_type=sa.String(320))
    op.drop_column("chunks", "owner_id")
    op.drop_table("users")
    op.alter_column("chunks", "summary_embedding", type_=pgvector.sqlalchemy.vector.VECTOR(dim=384), existing_type=Vector(1024))
    op.drop_index("ix_chunks_small_ivf", table_name="chunks")
    op.drop_index("ix_chunks_embedding_hnsw", table_name="chunks")
    op.drop_column("chunks", "summary_embedding")
    op.drop_table("chunks")
`;

test('pgvector, fastapi-users, citext and sqlalchemy-utc columns (and pgvector indexes) print as Alembic prints them, upgrade and downgrade', async () => {
  const standIn = temporaryFolder('library-types-stand-in-');
  for (const [file, text] of Object.entries(STAND_IN)) writeFile(path.join(standIn, file), text);
  const dir = temporaryFolder('library-types-');
  writeFile(path.join(dir, 'alembic.ini'), '[alembic]\nscript_location = migrations\n');
  writeFile(path.join(dir, 'migrations', 'env.py'), OFFLINE_ENV_PY);
  writeFile(path.join(dir, 'migrations', 'versions', 'a1_embeddings.py'), MIGRATION);
  const previous = process.env.PYTHONPATH;
  process.env.PYTHONPATH = standIn;
  try {
    const upgrade = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
    await assertSameAsAlembic(dir, ['downgrade', 'a1:base', '--sql']);
    assert.match(upgrade, /embedding VECTOR\(1536\) NOT NULL/);
    assert.match(upgrade, /USING hnsw \(embedding vector_cosine_ops\) WITH \(m = 16, ef_construction = 64\)/);
    assert.match(upgrade, /id UUID NOT NULL, \n    email CITEXT NOT NULL, \n    created TIMESTAMP WITH TIME ZONE NOT NULL/);
  } finally {
    if (previous === undefined) delete process.env.PYTHONPATH;
    else process.env.PYTHONPATH = previous;
  }
});
