"""The once-only ledger: an alert is decided by the transaction that inserts its key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import AlertRecord


async def claim(
    session: AsyncSession,
    entity_type: str,
    entity_id: int,
    kind: str,
    due_at: datetime,
    now: datetime,
) -> bool:
    """True when this transaction is the first to decide the alert (entity, kind, due_at).

    INSERT … ON CONFLICT DO NOTHING: on PostgreSQL a second process inserting the same key waits
    for the first to commit and then inserts nothing, so exactly one of them goes on; if the
    first rolls back, the second wins instead, so an alert is never skipped either.
    """
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(AlertRecord)
        .values(
            entity_type=entity_type,
            entity_id=entity_id,
            kind=kind,
            due_at=due_at,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["entity_type", "entity_id", "kind", "due_at"])
        .returning(AlertRecord.id)
    )
    return (await session.scalar(statement)) is not None
