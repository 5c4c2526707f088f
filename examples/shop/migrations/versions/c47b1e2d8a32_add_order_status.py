"""add order status

Revision ID: c47b1e2d8a32
Revises: 3e8d5f0a9b21
Create Date: 2025-02-03 10:41:27.006113

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c47b1e2d8a32"
down_revision: Union[str, Sequence[str], None] = "3e8d5f0a9b21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("orders", sa.Column("status", sa.String(length=20), server_default="pending", nullable=False))
    op.create_check_constraint(
        "ck_orders_status",
        "orders",
        "status IN ('pending', 'paid', 'shipped', 'cancelled')",
    )
    op.execute("UPDATE orders SET status = 'paid' WHERE total = 0")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("ck_orders_status", "orders", type_="check")
    op.drop_column("orders", "status")
