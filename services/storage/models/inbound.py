"""What the portal told us (the inbox of its outgoing webhook) and the reconciliation marks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.storage.models.base import Base, UTCDateTime, utcnow


class InboxEvent(Base):
    """One delivery of the portal's outgoing webhook, stored before it is answered.

    A delivery equal to one still pending (`dedupe_key`) is not stored again: applying one
    re-reads the entity, which covers both. Once applied, an equal later delivery is new (the
    time stamp has whole seconds, so two real changes in one second look the same).
    """

    __tablename__ = "bitrix24_inbox"
    __table_args__ = (
        Index("ix_bitrix24_inbox_status", "status", "id"),
        Index("ix_bitrix24_inbox_dedupe_key", "dedupe_key", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer, default=None)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending|working|done|failed
    # A working event whose lease ran out (its process died mid-apply) is taken again.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    outcome: Mapped[str | None] = mapped_column(String(500), default=None)


class SyncMark(Base):
    """Reconciliation state by name (watermark, last run, what it caught), shared by processes."""

    __tablename__ = "bitrix24_sync_marks"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
