"""Telling people something now: the rendered messages queued for the sender, committed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import queue
from services.storage.unit_of_work import commit


async def queue_messages(
    session: AsyncSession, messages: Sequence[queue.Outgoing], now: datetime
) -> list[int]:
    """Queue the messages and commit (nothing to commit without any); returns their ids, in
    order, for the sender."""
    if not messages:
        return []
    ids = await queue.enqueue_many(session, messages, now)
    await commit(session)
    return ids
