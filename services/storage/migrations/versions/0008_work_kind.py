"""order works: kind (a priced work, or the amount correction taken in from Bitrix24);
bitrix24 inbox: lease of a working event

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.storage.models.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("order_works") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="work")
        )
    with op.batch_alter_table("bitrix24_inbox") as batch:
        batch.add_column(
            sa.Column(
                "lease_until",
                services.storage.models.base.UTCDateTime(timezone=True),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("bitrix24_inbox") as batch:
        batch.drop_column("lease_until")
    with op.batch_alter_table("order_works") as batch:
        batch.drop_column("kind")
