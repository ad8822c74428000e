"""orders: the deal stages the bot has sent and the deal's last stage change accounted for

A stage read back from Bitrix24 is told apart by these (our own write coming back, a change
already taken in, or a person's new move) instead of by outbox rows, which are pruned after
a week. Orders made before this revision start empty: the webhook's user then vouches alone.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.storage.models.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("crm_stages_sent", sa.String(length=300), nullable=True))
        batch.add_column(
            sa.Column(
                "crm_moved_at",
                services.storage.models.base.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("crm_moved_change", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("crm_moved_change")
        batch.drop_column("crm_moved_at")
        batch.drop_column("crm_stages_sent")
