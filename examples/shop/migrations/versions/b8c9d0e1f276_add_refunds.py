"""add refunds

Revision ID: b8c9d0e1f276
Revises: 3e8d5f0a9b21
Create Date: 2025-02-12 15:47:02.651230

"""
# Mistake (see README): after a rebase `down_revision` was changed to payments_001, but the
# `Revises:` line above still names the old parent.
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "b8c9d0e1f276"
down_revision: Union[str, Sequence[str], None] = "payments_001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("payments", sa.Column("refunded_amount", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False))
    op.add_column("payments", sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("payments", "refunded_at")
    op.drop_column("payments", "refunded_amount")
