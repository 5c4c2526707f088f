# Stand-in for Arize-ai/phoenix's src/phoenix/db/migrations/env.py, offline: its target_metadata
# is phoenix.db.models' Base.metadata, which imports the whole application; only the naming
# convention matters to the SQL its migrations print (Alembic's operations copy it), so this
# passes a MetaData with the same convention (as at phoenix 9478f954bb).
from alembic import context
from sqlalchemy import MetaData

context.configure(
    url="postgresql://",
    target_metadata=MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_`%(constraint_name)s`",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    ),
)
