"""Alerts beside the bot in `stobot run`: the paced sender loop, the catch-up at start and the
scheduler. Several bot processes may run this at once (the ledger and the leases see to it)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import timedelta

import structlog
from aiogram import Bot, Dispatcher
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.jobs import AlertJobs
from bot.alerts.scheduler import start_scheduler
from bot.alerts.sender import Sender
from bot.i18n import Translator
from bot.settings import Settings

log = structlog.get_logger(__name__)


@dataclass
class AlertsTask:
    scheduler: AsyncIOScheduler
    stop: asyncio.Event
    tasks: list[asyncio.Task[None]]

    async def close(self, grace: float = 5.0) -> None:
        """Queued messages stay in the database; the next start sends them."""
        self.scheduler.shutdown(wait=False)
        self.stop.set()
        for task in self.tasks:
            try:
                await asyncio.wait_for(asyncio.shield(task), grace)
            except TimeoutError:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def start_alerts(
    settings: Settings,
    factory: async_sessionmaker[AsyncSession],
    translator: Translator,
    bot: Bot,
    dp: Dispatcher,
) -> AlertsTask:
    config = settings.alerts
    sender = Sender(
        bot,
        factory,
        translator,
        rate=config.notify_rate,
        chat_interval=config.notify_chat_interval,
        lease=timedelta(seconds=config.notify_lease_seconds),
    )
    # Handlers' notices go through the same paced queue (see ServicesMiddleware).
    dp["notification_sender"] = sender
    jobs = AlertJobs(factory, translator, config, config.work_hours(settings.shop.tz), sender)
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(sender.run_forever(stop), name="notification-sender"),
        # What came due while the bot was down, at once rather than at the first tick.
        asyncio.create_task(_catch_up(jobs), name="alerts-catch-up"),
    ]
    scheduler = start_scheduler(jobs, config.alerts_scan_seconds)
    log.info("alerts_started", every=config.alerts_scan_seconds)
    return AlertsTask(scheduler, stop, tasks)


async def _catch_up(jobs: AlertJobs) -> None:
    try:
        queued = await jobs.run_all()
        log.info("alerts_caught_up", queued=queued)
    except Exception:  # the scheduler retries at its next tick
        log.exception("alerts_catch_up_failed")
