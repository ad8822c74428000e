"""The alert jobs' use cases: one item's alerts decided and queued in one transaction, and
the director's morning digest. What the messages say is the caller's (`AlertTexts`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import queue
from services.alerts.alert import URGENT, Alert
from services.alerts.config import WorkHours
from services.alerts.digest import Digest, build_digest
from services.alerts.ledger import claim
from services.orders.tasks import role_holders
from services.staff.roles import Role
from services.storage.models import Employee
from services.storage.unit_of_work import commit

log = structlog.get_logger(__name__)

SENT_KEPT = timedelta(days=14)

# Decides one item's alerts in the session's transaction (claims their keys, changes the item).
Decide = Callable[[AsyncSession, int], Awaitable[list[Alert]]]


class AlertTexts(Protocol):
    async def alert(
        self, session: AsyncSession, person: Employee, alert: Alert
    ) -> tuple[str, dict[str, Any] | None]:
        """The alert's text and keyboard (as JSON) in the person's language."""

    def digest(self, person: Employee, digest: Digest) -> str:
        """The digest's text in the person's language."""


async def raise_alerts(
    session: AsyncSession,
    item_id: int,
    decide: Decide,
    texts: AlertTexts,
    hours: WorkHours,
    now: datetime,
) -> int:
    """Decide the item's alerts and queue their messages, in one commit; returns how many."""
    alerts = await decide(session, item_id)
    for alert in alerts:
        person = await session.get(Employee, alert.employee_id)
        if person is None or not person.is_active:
            continue
        text, markup = await texts.alert(session, person, alert)
        queue.enqueue(
            session,
            chat_id=person.telegram_id,
            employee_id=person.id,
            text=text,
            markup=markup,
            now=now,
            not_before=now if alert.kind in URGENT else hours.defer(now),
        )
        log.info("alert.queued", kind=alert.kind, employee_id=person.id, order_id=alert.order_id)
    await commit(session)
    return len(alerts)


async def send_digest(
    session: AsyncSession,
    texts: AlertTexts,
    hours: WorkHours,
    now: datetime,
    due: datetime,
) -> int:
    """Today's digest to every director, once in any number of processes; returns how many
    were queued (0 when another process or an earlier run has it)."""
    if not await claim(session, "shop", 0, "digest", due, now):
        await session.rollback()
        return 0
    digest = await build_digest(session, now, hours)
    directors = await role_holders(session, Role.DIRECTOR)
    for director_id in directors:
        person = await session.get(Employee, director_id)
        assert person is not None
        queue.enqueue(
            session,
            chat_id=person.telegram_id,
            employee_id=person.id,
            text=texts.digest(person, digest),
            now=now,
            not_before=hours.defer(now),
        )
    # Once a day is often enough to keep the queue table small.
    await queue.prune(session, now - SENT_KEPT)
    await commit(session)
    return len(directors)
