"""add session id

Revision ID: 2c3d4e5f6071
Revises: 1b2c3d4e5f60
Create Date: 2025-03-06 17:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "2c3d4e5f6071"
# Mistake (see README): the parent's file name was pasted instead of its revision id.
down_revision: Union[str, Sequence[str], None] = "1b2c3d4e5f60_add_referrer"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("page_views", sa.Column("session_id", sa.String(length=64), nullable=True))
    op.create_index("ix_page_views_session_id", "page_views", ["session_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_page_views_session_id", table_name="page_views")
    op.drop_column("page_views", "session_id")
