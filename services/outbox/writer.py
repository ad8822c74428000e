"""Writing outbox rows inside the caller's transaction (never commits).

How the writer knows Bitrix24 is on: the session factory of a bot with `BITRIX24_WEBHOOK_URL`
set puts `info={"outbox": True}` on every session (`create_session_factory(engine, outbox=True)`).
Without it `enqueue` does nothing, so a shop without a portal keeps an empty outbox and pays
nothing for the mirror.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import system_clock
from services.outbox.kinds import ENTITY_OF, Kind
from services.storage.models import OutboxMessage

INFO_KEY = "outbox"
PENDING = "pending"
DONE = "done"
PARKED = "parked"


def is_enabled(session: AsyncSession) -> bool:
    return bool(session.info.get(INFO_KEY))


def enqueue(
    session: AsyncSession,
    kind: Kind,
    entity_id: int,
    payload: dict[str, Any] | None = None,
) -> OutboxMessage | None:
    """Add one message for `entity_id` (the entity type follows from the kind)."""
    if not is_enabled(session):
        return None
    now = system_clock()
    message = OutboxMessage(
        kind=kind.value,
        entity_type=ENTITY_OF[kind].value,
        entity_id=entity_id,
        payload=payload,
        status=PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    return message


BULK_COLUMNS = (
    "kind",
    "entity_type",
    "entity_id",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
)


def bulk_rows(session: AsyncSession, kind: Kind, entity_ids: list[int]) -> list[tuple[Any, ...]]:
    """Rows for `BULK_COLUMNS`, for callers writing thousands at once (the dealer import);
    empty unless the outbox is on, like `enqueue`."""
    if not is_enabled(session):
        return []
    now = system_clock()
    entity = ENTITY_OF[kind].value
    return [(kind.value, entity, i, PENDING, 0, now, now) for i in entity_ids]
