"""The /sync screen's line about a large backlog: what waits, by kind (a dealer import queues
hundreds of thousands of contacts and cars, sent at the portal's rate over hours)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from services.crm.outbox.backlog import BACKLOG_THRESHOLD, pending_by_entity

_ENTITY_KEYS = {
    "client": "sync-backlog-clients",
    "car": "sync-backlog-cars",
    "order": "sync-backlog-orders",
    "stage_task": "sync-backlog-tasks",
}


async def backlog_line(session: AsyncSession, l10n: L10n, pending: int) -> str | None:
    if pending < BACKLOG_THRESHOLD:
        return None
    counts = await pending_by_entity(session)
    parts = [
        l10n.raw(_ENTITY_KEYS.get(entity, "sync-backlog-other"), count=count)
        for entity, count in counts.items()
    ]
    return l10n("sync-backlog", parts=", ".join(parts))
