"""merge payments into main

Revision ID: f0e1d2c3b487
Revises: e6b3f1a0c954, b8c9d0e1f276
Create Date: 2025-02-14 09:00:41.009384

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "f0e1d2c3b487"
down_revision: Union[str, Sequence[str], None] = ("e6b3f1a0c954", "b8c9d0e1f276")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_orders_status", "orders", ["status"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_orders_status", table_name="orders")
