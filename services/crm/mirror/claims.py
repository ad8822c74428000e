"""The relay's side of the outbox table: take messages, finish them, report on the queue.

Taking is a lease (`lease_owner`, `lease_until`) written in a short transaction; on PostgreSQL
the candidate rows are read `FOR UPDATE SKIP LOCKED`, so two relays never lease one message.
Messages of one entity go in `id` order: a message is not taken while an earlier one of its
entity is pending and not taken with it (held by another relay, or waiting for a retry).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.crm.outbox.kinds import Kind
from services.crm.outbox.writer import DONE, PARKED, PENDING
from services.storage import unit_of_work
from services.storage.models import OutboxMessage

Factory = async_sessionmaker[AsyncSession]
_ERROR_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Message:
    """A taken message, detached from any session."""

    id: int
    kind: Kind
    entity_type: str
    entity_id: int
    payload: dict[str, Any] | None
    attempts: int  # including this one


async def claim(
    factory: Factory, owner: str, now: datetime, *, limit: int, lease: timedelta
) -> list[Message]:
    async with factory() as session:
        query = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now, _free(now)
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        candidates = list((await session.scalars(query)).all())
        if not candidates:
            await unit_of_work.commit(session)
            return []
        token, rows = await _lease(session, candidates, owner, now, lease)
        kept = await _in_entity_order(session, rows, token)
        kept_ids = {r.id for r in kept}
        dropped = [r.id for r in rows if r.id not in kept_ids]
        if dropped:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(dropped))
                .values(lease_owner=None, lease_until=None, attempts=OutboxMessage.attempts - 1)
                .execution_options(synchronize_session=False)
            )
        taken = [
            Message(r.id, Kind(r.kind), r.entity_type, r.entity_id, r.payload, r.attempts)
            for r in kept
        ]
        await unit_of_work.commit(session)
        return taken


async def _lease(
    session: AsyncSession, candidates: list[int], owner: str, now: datetime, lease: timedelta
) -> tuple[str, list[OutboxMessage]]:
    """Lease the candidates still free to a token of this claim's own: it and the rows."""
    # Compare-and-set: only rows still free become ours. SQLite has no row locks, so this
    # (not the SELECT) is what keeps two relays from taking the same message.
    token = f"{owner[:40]}/{uuid.uuid4().hex[:12]}"
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(candidates),
            OutboxMessage.status == PENDING,
            _free(now),
        )
        .values(lease_owner=token, lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    found = await session.scalars(
        select(OutboxMessage).where(OutboxMessage.lease_owner == token).order_by(OutboxMessage.id)
    )
    return token, list(found.all())


def _free(now: datetime) -> ColumnElement[bool]:
    return or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now)


async def _in_entity_order(
    session: AsyncSession, rows: list[OutboxMessage], token: str
) -> list[OutboxMessage]:
    """Drop the rows behind an earlier pending row of their entity that is not ours."""
    if not rows:
        return []
    first_other = await session.execute(
        select(OutboxMessage.entity_type, OutboxMessage.entity_id, func.min(OutboxMessage.id))
        .where(
            OutboxMessage.status == PENDING,
            OutboxMessage.id <= rows[-1].id,
            or_(OutboxMessage.lease_owner.is_(None), OutboxMessage.lease_owner != token),
        )
        .group_by(OutboxMessage.entity_type, OutboxMessage.entity_id)
    )
    blocked = {(t, e): first for t, e, first in first_other}
    return [r for r in rows if r.id < blocked.get((r.entity_type, r.entity_id), r.id + 1)]


async def finish(
    factory: Factory,
    now: datetime,
    *,
    done: Iterable[int] = (),
    retry: dict[int, tuple[float, str]] | None = None,
    park: dict[int, str] | None = None,
    wait: dict[int, tuple[float, str]] | None = None,
    session: AsyncSession | None = None,
) -> None:
    """Record outcomes: sent, try again after a delay, parked, or waiting (no attempt counted)."""
    if session is None:
        async with factory() as own:
            await finish(factory, now, done=done, retry=retry, park=park, wait=wait, session=own)
            await unit_of_work.commit(own)
        return
    free = {"lease_owner": None, "lease_until": None}
    done_ids = list(done)
    for start in range(0, len(done_ids), 1000):  # well under every driver's parameter limit
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(done_ids[start : start + 1000]))
            .values(status=DONE, done_at=now, last_error=None, **free)
            .execution_options(synchronize_session=False)
        )
    for message_id, (delay, error) in (retry or {}).items():
        await _set(
            session, message_id, next_attempt_at=now + _delta(delay), last_error=_clip(error)
        )
    for message_id, (delay, why) in (wait or {}).items():
        await _set(
            session,
            message_id,
            next_attempt_at=now + _delta(delay),
            attempts=OutboxMessage.attempts - 1,
            last_error=_clip(why),
        )
    for message_id, reason in (park or {}).items():
        await _set(session, message_id, status=PARKED, last_error=_clip(reason))


async def _set(session: AsyncSession, message_id: int, **values: Any) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )


def _delta(seconds: float) -> timedelta:
    return timedelta(seconds=max(0.0, seconds))


def _clip(text: str) -> str:
    return text if len(text) <= _ERROR_LENGTH else text[: _ERROR_LENGTH - 1] + "…"


async def prune(factory: Factory, before: datetime) -> int:
    """Forget messages sent before `before`: the portal has them, the table need not grow."""
    async with factory() as session:
        result = await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.status == DONE, OutboxMessage.done_at < before)
            .execution_options(synchronize_session=False)
        )
        await unit_of_work.commit(session)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
