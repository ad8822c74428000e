"""Writing to the audit journal; always inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import AuditEvent, Employee


def record(
    session: AsyncSession,
    action: str,
    *,
    actor: Employee | None = None,
    actor_telegram_id: int | None = None,
    entity_type: str | None = None,
    entity_id: object | None = None,
    **details: Any,
) -> AuditEvent:
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_telegram_id=actor.telegram_id if actor else actor_telegram_id,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=details,
    )
    session.add(event)
    return event
