"""index products by name

Built concurrently so the shop keeps selling while the index is created.

Revision ID: 5d2a9c8e7f43
Revises: 3e8d5f0a9b21
Create Date: 2025-02-04 16:22:51.870442

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5d2a9c8e7f43"
down_revision: Union[str, Sequence[str], None] = "3e8d5f0a9b21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("products", sa.Column("description", sa.Text(), nullable=True))
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_products_name",
            "products",
            ["name"],
            unique=False,
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    """Downgrade schema."""
    # Mistake (see README): DROP INDEX CONCURRENTLY outside autocommit_block() runs inside
    # BEGIN ... COMMIT, which PostgreSQL rejects.
    op.drop_index("ix_products_name", table_name="products", postgresql_concurrently=True)
    op.drop_column("products", "description")
