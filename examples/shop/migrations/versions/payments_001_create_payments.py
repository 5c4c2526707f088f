"""create payments

The payments team owns this branch; it starts from its own base and is labelled
`payments`, so `alembic upgrade payments@head` moves it alone.

Revision ID: payments_001
Revises:
Create Date: 2025-02-10 11:05:19.300871

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "payments_001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("payments",)
# Payments reference orders, so the orders table must exist first.
depends_on: Union[str, Sequence[str], None] = "3e8d5f0a9b21"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name="fk_payments_order_id"),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
    )
    op.create_index("ix_payments_order_id", "payments", ["order_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_payments_order_id", table_name="payments")
    op.drop_table("payments")
