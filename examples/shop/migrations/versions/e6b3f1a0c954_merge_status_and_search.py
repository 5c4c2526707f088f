"""merge order status and product search

Revision ID: e6b3f1a0c954
Revises: c47b1e2d8a32, 5d2a9c8e7f43
Create Date: 2025-02-05 08:30:00.114502

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "e6b3f1a0c954"
down_revision: Union[str, Sequence[str], None] = ("c47b1e2d8a32", "5d2a9c8e7f43")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
