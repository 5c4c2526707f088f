# Stand-in for openstack/monasca-api's monasca_api/db/alembic/env.py, offline: its target_metadata
# comes from the application's models (oslo imports), and env.py sets the naming convention on it
# afterwards; only that convention matters to the SQL its migrations print, so this does the same
# to a plain MetaData (as at monasca-api 7811ac8c47).
from alembic import context
from sqlalchemy import MetaData

target_metadata = MetaData()
target_metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
context.configure(url="postgresql://", target_metadata=target_metadata)
