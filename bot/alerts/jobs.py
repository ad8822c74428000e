"""The alert jobs: each scans for what came due, then handles every item in a transaction of
its own that claims the alert's key, does the change and queues the messages together.

Any number of processes may run them at once: a key is claimed by one transaction only, so an
alert is queued once; a scan that runs late, or the first one after a restart, catches up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.render import render_alert, render_digest
from bot.alerts.sender import Sender
from bot.i18n import Translator
from services.alerts import delivery, overdue, queue, reminders
from services.alerts.alert import URGENT, Alert
from services.alerts.config import AlertSettings, WorkHours
from services.alerts.digest import build_digest
from services.alerts.ledger import claim
from services.clock import Clock, system_clock
from services.orders.tasks import role_holders
from services.roles import Role
from services.storage.models import Employee

log = structlog.get_logger(__name__)

SENT_KEPT = timedelta(days=14)


@dataclass
class AlertJobs:
    factory: async_sessionmaker[AsyncSession]
    translator: Translator
    settings: AlertSettings
    hours: WorkHours
    sender: Sender | None = None
    clock: Clock = system_clock

    async def run(self, name: str) -> int:
        """Run one job by its name (what the scheduler stores); returns alerts queued."""
        job: Callable[[], Awaitable[int]] = getattr(self, f"_{name}")
        queued = await job()
        if queued and self.sender is not None:
            self.sender.kick()
        return queued

    async def run_all(self) -> int:
        """Every job once: at start, to catch up on what came due while the bot was down."""
        return sum([await self.run(name) for name in JOB_NAMES])

    async def _overdue(self) -> int:
        now = self.clock()
        async with self.factory() as session:
            ids = await overdue.due_task_ids(session, now)
        return await self._each(ids, lambda s, i: overdue.mark_overdue(s, i, now))

    async def _delivery(self) -> int:
        now = self.clock()
        async with self.factory() as session:
            ids = await delivery.due_part_ids(session, self.hours.local_date(now))
        return await self._each(ids, lambda s, i: delivery.check_part(s, i, now, self.hours))

    async def _reminders(self) -> int:
        now = self.clock()
        before = timedelta(hours=self.settings.reminder_before_hours)
        async with self.factory() as session:
            ids = await reminders.upcoming_order_ids(session, now)
        return await self._each(
            ids,
            lambda s, i: reminders.remind(
                s, i, now, self.hours, self.settings.reminder_evening_at, before
            ),
        )

    async def _digest(self) -> int:
        now = self.clock()
        due = self.hours.at(self.hours.local_date(now), self.settings.digest_at)
        if now < due:
            return 0
        async with self.factory() as session:
            if not await claim(session, "shop", 0, "digest", due, now):
                await session.rollback()
                return 0
            digest = await build_digest(session, now, self.hours)
            directors = await role_holders(session, Role.DIRECTOR)
            for director_id in directors:
                person = await session.get(Employee, director_id)
                assert person is not None
                queue.enqueue(
                    session,
                    chat_id=person.telegram_id,
                    employee_id=person.id,
                    text=render_digest(self.translator.get(person.locale), digest),
                    now=now,
                    not_before=self.hours.defer(now),
                )
            # Once a day is often enough to keep the queue table small.
            await queue.prune(session, now - SENT_KEPT)
            await session.commit()
        return len(directors)

    async def _each(
        self,
        ids: list[int],
        handle: Callable[[AsyncSession, int], Awaitable[list[Alert]]],
    ) -> int:
        queued = 0
        for item_id in ids:
            async with self.factory() as session:
                try:
                    alerts = await handle(session, item_id)
                    queued += await self._queue(session, alerts)
                    await session.commit()
                except Exception:  # one bad item must not stop the others
                    await session.rollback()
                    log.exception("alerts.item_failed", item_id=item_id)
        return queued

    async def _queue(self, session: AsyncSession, alerts: list[Alert]) -> int:
        now = self.clock()
        for alert in alerts:
            person = await session.get(Employee, alert.employee_id)
            if person is None or not person.is_active:
                continue
            text, markup = await render_alert(
                session, self.translator.get(person.locale), alert, self.hours.tz
            )
            queue.enqueue(
                session,
                chat_id=person.telegram_id,
                employee_id=person.id,
                text=text,
                markup=markup,
                now=now,
                not_before=now if alert.kind in URGENT else self.hours.defer(now),
            )
            log.info(
                "alert.queued", kind=alert.kind, employee_id=person.id, order_id=alert.order_id
            )
        return len(alerts)


JOB_NAMES = ("overdue", "delivery", "reminders", "digest")
