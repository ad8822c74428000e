"""Which deal stages the bot has sent, so a stage read back from the portal can be told apart:
one we sent is our own write coming back (an echo), any other was set by a person.

The relay notes the STATUS_ID each deal sync carries on its outbox row, committed before the
write leaves, so the note is there while the write is in flight. A retried row keeps the
stages of its earlier tries: a try whose answer was lost may still have landed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.mirror.claims import Message
from services.mirror.mapping import PortalMapping
from services.mirror.snapshot import Snapshot
from services.orders.stages import Stage
from services.outbox.kinds import Entity, Kind
from services.outbox.writer import DONE, PENDING
from services.storage.models import OutboxMessage

SENT_KEY = "sent_stages"


async def note_sending(
    session: AsyncSession,
    mapping: PortalMapping,
    snapshot: Snapshot,
    groups: Mapping[tuple[Entity, int], Sequence[Message]],
) -> None:
    """Note on each taken deal sync the stage this cycle is about to send."""
    notes: list[dict[str, Any]] = []
    for (entity, entity_id), messages in groups.items():
        order = snapshot.orders.get(entity_id) if entity is Entity.ORDER else None
        status = mapping.stages.get(Stage(order.stage)) if order is not None else None
        if status is None:
            continue
        for message in messages:
            if message.kind is not Kind.DEAL_SYNC:
                continue
            sent = _stages(message.payload)
            if status not in sent:
                notes.append({"id": message.id, "payload": {SENT_KEY: [*sent, status]}})
    if notes:
        await session.execute(update(OutboxMessage), notes)


@dataclass(frozen=True)
class StagesSent:
    """What the deal may show from our own writes."""

    sending: frozenset[str]  # by the syncs still pending: in flight, or to be tried again
    last: str | None  # by the last sync sent


async def stages_sent(session: AsyncSession, order_id: int) -> StagesSent:
    mine = (
        OutboxMessage.entity_type == Entity.ORDER.value,
        OutboxMessage.entity_id == order_id,
        OutboxMessage.kind == Kind.DEAL_SYNC.value,
    )
    pending = await session.scalars(
        select(OutboxMessage.payload).where(*mine, OutboxMessage.status == PENDING)
    )
    last = await session.scalar(
        select(OutboxMessage.payload)
        .where(*mine, OutboxMessage.status == DONE)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    last_sent = _stages(last)
    return StagesSent(
        frozenset(s for p in pending.all() for s in _stages(p)),
        last_sent[-1] if last_sent else None,
    )


def _stages(payload: dict[str, Any] | None) -> list[str]:
    return [str(s) for s in (payload or {}).get(SENT_KEY) or []]
