"""The inbox of the portal's outgoing webhook: check a delivery, store it, take it later.

A delivery is checked (token in constant time, portal domain) and stored before it is
answered; nothing else happens in the request. A delivery equal to one still waiting is not
stored twice; and every applier compares the portal with our rows before it changes
anything, so an event seen twice is applied once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.storage.models import InboxEvent
from services.storage.unit_of_work import commit

PENDING = "pending"
WORKING = "working"  # taken by one process until its lease ends
# Applying an event takes a few portal reads; a process that died mid-apply leaves the event
# to be taken again after this long (applying twice is harmless: appliers compare first).
LEASE = timedelta(minutes=5)
DONE = "done"
FAILED = "failed"
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Verifier:
    """What a delivery must carry: the outgoing webhook's token and our portal's domain."""

    token: str
    domain: str | None = None

    def accepts(self, payload: Mapping[str, Any]) -> bool:
        auth = payload.get("auth")
        if not isinstance(auth, Mapping) or not self.token:
            return False
        given = str(auth.get("application_token") or "")
        token_ok = hmac.compare_digest(given.encode(), self.token.encode())
        domain_ok = self.domain is None or _host(str(auth.get("domain") or "")) == _host(
            self.domain
        )
        return token_ok and domain_ok


def entity_id(payload: Mapping[str, Any]) -> int | None:
    """The id an event names: CRM events `data[FIELDS][ID]`, tasks `data[FIELDS_AFTER][ID]`."""
    data = payload.get("data")
    if not isinstance(data, Mapping):
        return None
    for key in ("FIELDS", "FIELDS_AFTER"):
        fields = data.get(key)
        if isinstance(fields, Mapping):
            try:
                return int(fields.get("ID"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
    return None


def dedupe_key(payload: Mapping[str, Any]) -> str:
    """Same event, entity, data and time stamp = the same delivery (the auth part left out)."""
    body = {k: v for k, v in payload.items() if k != "auth"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


async def store(session: AsyncSession, payload: Mapping[str, Any], now: datetime) -> bool:
    """Keep one delivery (commits); False when an equal one is still waiting to be applied."""
    key = dedupe_key(payload)
    waiting = await session.scalar(
        select(InboxEvent.id)
        .where(InboxEvent.dedupe_key == key, InboxEvent.status == PENDING)
        .limit(1)
    )
    if waiting is not None:
        return False
    clean = {k: v for k, v in payload.items() if k != "auth"}  # no token at rest
    session.add(
        InboxEvent(
            dedupe_key=key,
            event=str(payload.get("event") or "").upper()[:64],
            entity_id=entity_id(payload),
            payload=clean,
            status=PENDING,
            attempts=0,
            received_at=now,
        )
    )
    await commit(session)
    return True


def _takeable(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        InboxEvent.status == PENDING,
        (InboxEvent.status == WORKING) & (InboxEvent.lease_until < now),
    )


async def take(session: AsyncSession, now: datetime, limit: int = 50) -> list[InboxEvent]:
    rows = await session.scalars(
        select(InboxEvent).where(_takeable(now)).order_by(InboxEvent.id).limit(limit)
    )
    return list(rows.all())


async def claim(session: AsyncSession, event_id: int, now: datetime) -> datetime | None:
    """Take one event for this process in one UPDATE (commits): of two processes reading the
    same row, exactly one applies it; one whose taker died is taken again after `LEASE`.
    Returns the lease held (for `finish`), None when another process has the event."""
    held = now + LEASE
    result = await session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == event_id, _takeable(now))
        .values(status=WORKING, lease_until=held)
        .execution_options(synchronize_session=False)
    )
    await commit(session)
    return held if result.rowcount == 1 else None  # type: ignore[attr-defined]


async def finish(
    session: AsyncSession,
    event_id: int,
    now: datetime,
    outcome: str,
    *,
    held: datetime,
    failed: bool = False,
) -> None:
    """Mark one event done, or count a failed attempt (given up after MAX_ATTEMPTS). Commits.
    A process that outlived its lease finishes nothing: the event is someone else's now."""
    row = await session.get(InboxEvent, event_id, populate_existing=True)
    if row is None or row.status != WORKING or row.lease_until != held:
        return
    row.attempts += 1
    row.outcome = outcome[:500]
    row.lease_until = None
    if not failed or row.attempts >= MAX_ATTEMPTS:
        row.status = FAILED if failed else DONE
        row.processed_at = now
    else:
        row.status = PENDING  # tried again next pass
    await commit(session)


def _host(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    return value.split("/", 1)[0]
