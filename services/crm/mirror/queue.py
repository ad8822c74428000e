"""The outbox as the director sees it: how much waits, since when, what is parked; retrying."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.audit import log as audit
from services.crm.mirror.outcomes import behind_parked
from services.crm.outbox.writer import PARKED, PENDING
from services.storage.models import Employee, OutboxMessage
from services.storage.unit_of_work import commit


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
    # Why messages are still waiting, if the last try of one failed (portal down, not set up).
    pending_error: str | None = None


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
    pending_error = await session.scalar(
        select(OutboxMessage.last_error)
        .where(OutboxMessage.status == PENDING, OutboxMessage.last_error.is_not(None))
        .order_by(OutboxMessage.next_attempt_at.desc())
        .limit(1)
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
        pending_error=pending_error,
    )


async def retry_parked(session: AsyncSession, now: datetime, message_id: int | None = None) -> int:
    """Put a parked message (or all of them) back in the queue, with the messages parked only
    because they wait for it; caller commits."""
    query = update(OutboxMessage).where(OutboxMessage.status == PARKED)
    if message_id is not None:
        message = await session.get(OutboxMessage, message_id)
        if message is None or message.status != PARKED:
            return 0
        behind = behind_parked(message.entity_type, message.entity_id)
        query = query.where(or_(OutboxMessage.id == message_id, OutboxMessage.last_error == behind))
    result = await session.execute(
        query.values(
            status=PENDING, attempts=0, next_attempt_at=now, last_error=None
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def retry(
    session: AsyncSession, now: datetime, message_id: int | None, *, actor: Employee
) -> int:
    """The director's retry: `retry_parked`, journalled, committed; returns how many went back."""
    count = await retry_parked(session, now, message_id)
    audit.record(
        session, audit.AuditAction.MIRROR_RETRIED, actor=actor, message_id=message_id, count=count
    )
    await commit(session)
    return count
