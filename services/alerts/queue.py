"""The persisted notification queue: rows written in the deciding transaction, claimed with a
lease by whichever sender gets them first. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.storage.models import Notification

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
UNREACHABLE = "unreachable"

LEASE = timedelta(seconds=60)


def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    text: str,
    now: datetime,
    employee_id: int | None = None,
    markup: dict[str, Any] | None = None,
    not_before: datetime | None = None,
) -> Notification:
    row = Notification(**_pending(chat_id, text, now, employee_id, markup, not_before))
    session.add(row)
    return row


def _pending(
    chat_id: int,
    text: str,
    now: datetime,
    employee_id: int | None,
    markup: dict[str, Any] | None,
    not_before: datetime | None = None,
) -> dict[str, Any]:
    """A new queued message's columns: pending, not tried yet, due at `not_before` or now."""
    return {
        "employee_id": employee_id,
        "chat_id": chat_id,
        "text": text,
        "markup": markup,
        "status": PENDING,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": not_before or now,
    }


class Outgoing(NamedTuple):
    """A message to queue with others (`enqueue_many`)."""

    chat_id: int
    text: str
    employee_id: int | None = None
    markup: dict[str, Any] | None = None


# Built once, on the table (the ORM's bulk insert costs half as much again); the ids come back
# in the order of the rows given.
_INSERT_MANY = Notification.__table__.insert().returning(
    Notification.__table__.c.id, sort_by_parameter_order=True
)


async def enqueue_many(
    session: AsyncSession, messages: Sequence[Outgoing], now: datetime
) -> list[int]:
    """Queue several messages due now in one statement, past the session's unit of work (a new
    order tells every supplier: ten objects to track cost twice what their INSERT does);
    returns their ids, in order."""
    if not messages:
        return []
    rows = [_pending(m.chat_id, m.text, now, m.employee_id, m.markup) for m in messages]
    return list(await session.scalars(_INSERT_MANY, rows))


async def claim_due(
    session: AsyncSession,
    now: datetime,
    limit: int,
    ids: Sequence[int] | None = None,
    *,
    lease: timedelta = LEASE,
) -> list[Notification]:
    """Lease up to `limit` due messages (oldest first); other senders skip them until the lease
    ends, so a sender that died mid-send leaves them to be sent again, never dropped."""
    query = (
        select(Notification)
        .where(
            Notification.status == PENDING,
            Notification.next_attempt_at <= now,
            or_(Notification.lease_until.is_(None), Notification.lease_until < now),
        )
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    rows = list((await session.scalars(query)).all())
    for row in rows:
        row.lease_until = now + lease
    return rows


async def renew(
    session: AsyncSession, row_id: int, held_until: datetime, now: datetime, lease: timedelta
) -> datetime | None:
    """Extend the lease of a row about to be sent, if it is still ours; None if not. A slow
    sender's lease on the tail of its batch may run out, and another sender may have taken
    those rows meanwhile: it set its own `lease_until`, so ours no longer matches."""
    until = now + lease
    result = await session.execute(
        update(Notification)
        .where(
            Notification.id == row_id,
            Notification.status == PENDING,
            Notification.lease_until == held_until,
        )
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    return until if result.rowcount == 1 else None  # type: ignore[attr-defined]


# Built once, on the table (not the ORM class): run for every message sent, where building it
# and the ORM's bulk-update handling cost more than the round trip.
_TABLE = Notification.__table__
_FINISH = (
    _TABLE.update()
    .where(_TABLE.c.id == bindparam("row_id"))
    .values(status=bindparam("status"), sent_at=bindparam("sent_at"), last_error=bindparam("error"))
)


async def finish(
    db: AsyncSession | AsyncConnection,
    row_id: int,
    status: str,
    now: datetime,
    error: str | None = None,
) -> None:
    """`db`: a session, or a connection (the sender marks each message in a statement of its
    own, without a transaction around it)."""
    params = {
        "row_id": row_id,
        "status": status,
        "sent_at": now if status == SENT else None,
        "error": error,
    }
    await db.execute(_FINISH, params)


async def retry_later(
    session: AsyncSession, row_id: int, when: datetime, error: str, *, count: bool = True
) -> None:
    values: dict[str, Any] = {"next_attempt_at": when, "lease_until": None, "last_error": error}
    if count:
        values["attempts"] = Notification.attempts + 1
    await session.execute(
        update(Notification)
        .where(Notification.id == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the earliest pending message comes due (the sender sleeps until then)."""
    return await session.scalar(
        select(Notification.next_attempt_at)
        .where(Notification.status == PENDING)
        .order_by(Notification.next_attempt_at)
        .limit(1)
    )


async def prune(session: AsyncSession, before: datetime) -> None:
    """Sent messages are kept a while for support questions, then dropped."""
    await session.execute(
        delete(Notification).where(Notification.status == SENT, Notification.sent_at < before)
    )
