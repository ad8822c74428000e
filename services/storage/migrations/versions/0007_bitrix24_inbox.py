"""bitrix24 inbox and reconciliation marks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.storage.models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bitrix24_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "received_at", services.storage.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "processed_at",
            services.storage.models.base.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("outcome", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bitrix24_inbox")),
    )
    op.create_index("ix_bitrix24_inbox_status", "bitrix24_inbox", ["status", "id"], unique=False)
    op.create_index(
        "ix_bitrix24_inbox_dedupe_key", "bitrix24_inbox", ["dedupe_key", "status"], unique=False
    )
    op.create_table(
        "bitrix24_sync_marks",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column(
            "updated_at", services.storage.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bitrix24_sync_marks")),
    )


def downgrade() -> None:
    op.drop_table("bitrix24_sync_marks")
    op.drop_index("ix_bitrix24_inbox_dedupe_key", table_name="bitrix24_inbox")
    op.drop_index("ix_bitrix24_inbox_status", table_name="bitrix24_inbox")
    op.drop_table("bitrix24_inbox")
