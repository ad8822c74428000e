"""How a large outbox backlog splits by entity (after a dealer import: contacts and cars)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.crm.outbox.writer import PENDING
from services.storage.models import OutboxMessage

# Below this the /sync screen's one queue line says enough.
BACKLOG_THRESHOLD = 100


async def pending_by_entity(session: AsyncSession) -> dict[str, int]:
    """Pending messages per entity type, largest first."""
    rows = await session.execute(
        select(OutboxMessage.entity_type, func.count())
        .where(OutboxMessage.status == PENDING)
        .group_by(OutboxMessage.entity_type)
    )
    counts = {entity: int(count) for entity, count in rows}
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
