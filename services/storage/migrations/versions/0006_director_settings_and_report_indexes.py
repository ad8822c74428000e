"""director: shop settings table, indexes the reports read by

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.storage.models.base

revision: str = "0006"
# The lead re-chains revisions as they land (the brief said 0003; 0004 is already in the tree).
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shop_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column(
            "updated_at", services.storage.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["employees.id"],
            name=op.f("fk_shop_settings_updated_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shop_settings")),
    )
    op.create_index("ix_orders_created_at", "orders", ["created_at"], unique=False)
    op.create_index("ix_orders_closed_at", "orders", ["closed_at"], unique=False)
    op.create_index("ix_stage_transitions_at", "stage_transitions", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_stage_transitions_at", table_name="stage_transitions")
    op.drop_index("ix_orders_closed_at", table_name="orders")
    op.drop_index("ix_orders_created_at", table_name="orders")
    op.drop_table("shop_settings")
