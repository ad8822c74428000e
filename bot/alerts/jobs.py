"""The alert jobs: each scans for what came due, then handles every item in a transaction of
its own that claims the alert's key, does the change and queues the messages together.

Any number of processes may run them at once: a key is claimed by one transaction only, so an
alert is queued once; a scan that runs late, or the first one after a restart, catches up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.render import render_alert, render_digest
from bot.alerts.sender import Sender
from bot.i18n import Translator
from services.alerts import delivery, overdue, reminders
from services.alerts.alert import Alert
from services.alerts.config import AlertSettings, WorkHours
from services.alerts.digest import Digest
from services.alerts.jobs import Decide, raise_alerts, send_digest
from services.clock import Clock, system_clock
from services.storage.models import Employee

log = structlog.get_logger(__name__)


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
            return await send_digest(session, self._texts, self.hours, now, due)

    async def _each(self, ids: list[int], decide: Decide) -> int:
        queued = 0
        now = self.clock()
        for item_id in ids:
            async with self.factory() as session:
                try:
                    queued += await raise_alerts(
                        session, item_id, decide, self._texts, self.hours, now
                    )
                except Exception:  # one bad item must not stop the others
                    await session.rollback()
                    log.exception("alerts.item_failed", item_id=item_id)
        return queued

    @property
    def _texts(self) -> _Texts:
        return _Texts(self.translator, self.hours.tz)


@dataclass(frozen=True)
class _Texts:
    """Alerts and the digest in each person's language."""

    translator: Translator
    tz: ZoneInfo

    async def alert(
        self, session: AsyncSession, person: Employee, alert: Alert
    ) -> tuple[str, dict[str, Any] | None]:
        return await render_alert(session, self.translator.get(person.locale), alert, self.tz)

    def digest(self, person: Employee, digest: Digest) -> str:
        return render_digest(self.translator.get(person.locale), digest)


JOB_NAMES = ("overdue", "delivery", "reminders", "digest")
