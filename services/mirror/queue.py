"""The outbox as the director sees it: how much waits, since when, what is parked; retrying."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.outbox.writer import PARKED, PENDING
from services.storage.models import OutboxMessage


@dataclass(frozen=True)
class ParkedMessage:
    id: int
    kind: str
    entity_type: str
    entity_id: int
    reason: str
    attempts: int


@dataclass(frozen=True)
class QueueState:
    pending: int
    oldest_pending_age: timedelta | None
    parked: list[ParkedMessage]
    parked_total: int


async def queue_state(
    session: AsyncSession, now: datetime, *, parked_limit: int = 10
) -> QueueState:
    pending, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(
                OutboxMessage.status == PENDING
            )
        )
    ).one()
    parked_total = await session.scalar(select(func.count()).where(OutboxMessage.status == PARKED))
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == PARKED)
        .order_by(OutboxMessage.id)
        .limit(parked_limit)
    )
    if oldest is not None and oldest.tzinfo is None:
        # An aggregate bypasses the column type, and SQLite keeps no zone.
        oldest = oldest.replace(tzinfo=UTC)
    return QueueState(
        pending=int(pending or 0),
        oldest_pending_age=None if oldest is None else max(now - oldest, timedelta(0)),
        parked=[
            ParkedMessage(r.id, r.kind, r.entity_type, r.entity_id, r.last_error or "", r.attempts)
            for r in rows
        ],
        parked_total=int(parked_total or 0),
    )


async def retry_parked(session: AsyncSession, now: datetime, message_id: int | None = None) -> int:
    """Put a parked message (or all of them) back in the queue; caller commits."""
    query = update(OutboxMessage).where(OutboxMessage.status == PARKED)
    if message_id is not None:
        query = query.where(OutboxMessage.id == message_id)
    result = await session.execute(
        query.values(
            status=PENDING, attempts=0, next_attempt_at=now, last_error=None
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
